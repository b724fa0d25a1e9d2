-- Each department and the departments that took over its work, in order (reference/departments.csv
-- successor_code: Sở Kế hoạch và Đầu tư, then Sở Tài chính). A successor reports what its predecessors
-- owned; a value any of them sent counts for the indicator's owner.
with recursive codes as (
    select department_code, arg_max(successor_code, valid_to) as successor_code
    from {{ ref('int_department_versions') }}
    group by department_code
),

lineage(origin, department_code, depth) as (
    select department_code, department_code, 0 from codes
    union all
    select l.origin, c.successor_code, l.depth + 1
    from lineage as l
    inner join codes as c on l.department_code = c.department_code
    where c.successor_code is not null and l.depth < 10
)

select origin, department_code, depth from lineage
