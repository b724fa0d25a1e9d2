-- Every period the warehouse can hold: each period type's periods (reference/period_types.csv: how many
-- months a period spans and how its code is written) in every year of the calendar's span.
with period_types as (
    select * from {{ ref('stg_reference__period_types') }}
),

years as (
    select range as year from range({{ var('first_year') }}, {{ var('last_year') }} + 1)
),

periods as (
    select
        y.year,
        t.period_type,
        t.months,
        n.range as number_in_year,
        make_date(y.year::int, ((n.range - 1) * t.months + 1)::int, 1) as start_date
    from years as y
    cross join period_types as t
    cross join range(1, 13) as n
    where n.range <= 12 // t.months
)

select
    replace(replace(replace(t.code_format, '{year}', p.year::varchar), '{nn}', lpad(p.number_in_year::varchar, 2, '0')),
            '{n}', p.number_in_year::varchar) as period_code,
    p.period_type,
    p.year::int as year,
    -- the half, quarter and month a period lies within (null where it spans more)
    case when p.months <= 6 then (month(p.start_date) + 5) // 6 end::int as half,
    case when p.months <= 3 then (month(p.start_date) + 2) // 3 end::int as quarter,
    case when p.months = 1 then month(p.start_date) end::int as month,
    p.number_in_year::int as number_in_year,
    p.months,
    t.grain_rank,
    t.key_offset,
    p.start_date,
    last_day(p.start_date + to_months(p.months - 1)) as end_date
from periods as p
inner join {{ ref('stg_reference__period_types') }} as t on p.period_type = t.period_type
