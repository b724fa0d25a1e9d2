-- One row per department and expected reporting period: how many of the indicators it is responsible for
-- in that period at that frequency have been sent (any area, any value type but plan), whether it is
-- complete, and whether the first file arrived by the due date (reference/reporting_calendar.csv: days
-- after the period ends). The department responsible is the indicator's owner while it existed at the
-- period's end, then its successor (int_department_periods: from March 2025 Sở Tài chính answers for what
-- Sở Kế hoạch và Đầu tư owned); a value sent by the owner or any of its successors counts.
-- A table rebuilt on every refresh, since the periods due depend on today's date; what arrived when is
-- int_submissions, which an incremental refresh rebuilds only where new files arrived.
with indicators as (
    select indicator_code, department_code as owner_code, frequency from {{ ref('stg_reference__indicators') }}
),

responsible as (
    select department_code, period_code, responsible_department_code from {{ ref('int_department_periods') }}
),

periods as (
    select * from {{ ref('int_periods') }}
    where end_date < current_date
),

expected as (
    select
        r.responsible_department_code as department_code,
        p.period_code,
        p.period_type,
        p.end_date,
        i.frequency,
        count(*) as indicators_expected
    from indicators as i
    inner join periods as p on p.period_type = i.frequency
    inner join responsible as r on i.owner_code = r.department_code and p.period_code = r.period_code
    where p.year >= {{ var('reporting_from_year') }}
    group by all
),

received as (
    select
        r.responsible_department_code as department_code,
        s.period_code,
        count(distinct s.indicator_code) as indicators_received,
        min(s.first_received_at) as first_received_at
    from {{ ref('int_submissions') }} as s
    inner join indicators as i on s.indicator_code = i.indicator_code
    inner join {{ ref('int_department_lineage') }} as l
        on i.owner_code = l.origin and s.department_code = l.department_code
    inner join {{ ref('int_periods') }} as p on s.period_code = p.period_code and p.period_type = i.frequency
    inner join responsible as r on i.owner_code = r.department_code and s.period_code = r.period_code
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
