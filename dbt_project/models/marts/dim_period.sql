with periods as (
    select * from {{ ref('int_periods') }}
)

select
    -- readable and sortable: yyyy000 a year, yyyy10h a half, yyyy20q a quarter, yyyy3mm a month
    (year * 1000 + key_offset + case when months < 12 then number_in_year else 0 end)::bigint
        as period_key,
    period_code,
    period_type,
    year,
    half,
    quarter,
    month,
    start_date,
    end_date
from periods
