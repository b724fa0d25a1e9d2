with periods as (
    select * from {{ ref('int_periods') }}
)

select
    -- readable and sortable: yyyy000 year, yyyy10h half, yyyy20q quarter, yyyy3mm month
    (year * 1000 + case period_type
        when 'year' then 0 when 'half' then 100 + half when 'quarter' then 200 + quarter else 300 + month
    end)::bigint as period_key,
    period_code,
    period_type,
    year,
    half,
    quarter,
    month,
    start_date,
    end_date
from periods
