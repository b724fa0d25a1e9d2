-- Every period the warehouse can hold: years, halves, quarters and months of the configured span.
with years as (
    select range as year from range({{ var('first_year') }}, {{ var('last_year') }} + 1)
),

months as (
    select range as month from range(1, 13)
),

all_periods as (
    select year, 'year' as period_type, null::int as half, null::int as quarter, null::int as month,
           year::varchar as period_code, make_date(year, 1, 1) as start_date, make_date(year, 12, 31) as end_date
    from years
    union all
    select year, 'half', h, null, null, year || '-S' || h,
           make_date(year, 6 * h - 5, 1), last_day(make_date(year, 6 * h, 1))
    from years, (select range as h from range(1, 3))
    union all
    select year, 'quarter', (q + 1) // 2, q, null, year || '-Q' || q,
           make_date(year, 3 * q - 2, 1), last_day(make_date(year, 3 * q, 1))
    from years, (select range as q from range(1, 5))
    union all
    select year, 'month', (month + 5) // 6, (month + 2) // 3, month, year || '-' || lpad(month::varchar, 2, '0'),
           make_date(year, month, 1), last_day(make_date(year, month, 1))
    from years, months
)

select
    period_code,
    period_type,
    year::int as year,
    half::int as half,
    quarter::int as quarter,
    month::int as month,
    start_date,
    end_date
from all_periods
