-- One row per department and expected reporting period: how many of the indicators it owns at that
-- frequency it has sent (any area, any value type but plan), whether it is complete, and whether the
-- first file arrived by the due date (reference/reporting_calendar.csv: days after the period ends).
-- A table rebuilt on every refresh, since the periods due depend on today's date; what arrived when is
-- int_submissions, which an incremental refresh rebuilds only where new files arrived.
with indicators as (
    select indicator_code, department_code, frequency from {{ ref('stg_reference__indicators') }}
),

periods as (
    select * from {{ ref('int_periods') }}
    where end_date < current_date
),

expected as (
    select
        i.department_code,
        p.period_code,
        p.period_type,
        p.end_date,
        i.frequency,
        count(*) as indicators_expected
    from indicators as i
    inner join periods as p on p.period_type = i.frequency
    where p.year >= {{ var('reporting_from_year') }}
    group by all
),

received as (
    select
        r.department_code,
        r.period_code,
        count(distinct r.indicator_code) as indicators_received,
        min(r.first_received_at) as first_received_at
    from {{ ref('int_submissions') }} as r
    inner join indicators as i on r.indicator_code = i.indicator_code and r.department_code = i.department_code
    inner join {{ ref('int_periods') }} as p on r.period_code = p.period_code and p.period_type = i.frequency
    group by all
),

due as (
    select
        e.*,
        (e.end_date + to_days(coalesce(c.due_days_after_period_end, 20)))::date as due_date
    from expected as e
    left join {{ ref('stg_reference__reporting_calendar') }} as c
        on e.department_code = c.department_code and e.frequency = c.frequency
)

select
    e.department_code,
    e.period_code,
    e.period_type,
    e.due_date,
    e.indicators_expected,
    coalesce(r.indicators_received, 0) as indicators_received,
    e.indicators_expected - least(coalesce(r.indicators_received, 0), e.indicators_expected) as indicators_missing,
    r.first_received_at,
    case
        when r.first_received_at is null then 'missing'
        when r.first_received_at::date <= e.due_date then 'on_time'
        else 'late'
    end as timeliness
from due as e
left join received as r on e.department_code = r.department_code and e.period_code = r.period_code
