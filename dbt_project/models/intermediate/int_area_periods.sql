-- The area version a code means in each period: the version whose validity overlaps the period, the later
-- one when two do (a year across 1 July 2025). The same rule as ingestion.areas.AreaRegister.version_in,
-- which refuses a value whose code has no version in its period; tests/orchestration checks that the two
-- agree on every code and period. Facts take their area_key from here, never from the bare code.
with versions as (
    select * from {{ ref('int_area_versions') }}
),

periods as (
    select period_code, start_date, end_date from {{ ref('int_periods') }}
)

select
    v.area_code,
    p.period_code,
    v.area_key,
    v.territory_key,
    v.level,
    v.parent_area_code
from versions as v
inner join periods as p on v.valid_from <= p.end_date and p.start_date <= v.valid_to
qualify row_number() over (partition by v.area_code, p.period_code order by v.valid_from desc) = 1
