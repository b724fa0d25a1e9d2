with source as (
    select * from {{ source('reference', 'reporting_calendar') }}
)

select
    trim(department_code) as department_code,
    trim(frequency) as frequency,
    due_days_after_period_end::int as due_days_after_period_end,
    stale_after_days::int as stale_after_days
from source
