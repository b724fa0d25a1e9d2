-- Each department in each period: the version a value it sent for the period belongs to (the latest that
-- began by the period's end; a successor reporting history from before it existed: its first), and the
-- department responsible in that period for what the department owned: itself while it existed at the
-- period's end, then its successor, and so on (reference/departments.csv successor_code). The reporting
-- calendar (mart_submission_status) asks the responsible department.
with versions as (
    select * from {{ ref('int_department_versions') }}
),

periods as (
    select period_code, end_date from {{ ref('int_periods') }}
),

codes as (
    select department_code, max(valid_to) as ended from versions group by department_code
),

lineage as (
    select * from {{ ref('int_department_lineage') }}
),

sender_version as (
    select v.department_code, p.period_code, v.department_key
    from versions as v
    cross join periods as p
    qualify row_number() over (
        partition by v.department_code, p.period_code
        order by v.valid_from <= p.end_date desc, case when v.valid_from <= p.end_date then v.valid_from end desc,
                 v.valid_from
    ) = 1
),

responsible as (
    select l.origin as department_code, p.period_code, l.department_code as responsible_department_code
    from lineage as l
    inner join codes as c on l.department_code = c.department_code
    cross join periods as p
    qualify row_number() over (
        partition by l.origin, p.period_code
        order by c.ended >= p.end_date desc, case when c.ended >= p.end_date then l.depth else -l.depth end
    ) = 1
)

select s.department_code, s.period_code, s.department_key, r.responsible_department_code
from sender_version as s
inner join responsible as r on s.department_code = r.department_code and s.period_code = r.period_code
