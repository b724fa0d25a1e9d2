-- Every area version with its key and its territory: versions of one code that cover the same ground
-- (reference/areas.csv same_territory_as_previous: the former province 74 before and after 1 July 2025, a
-- province the merger left whole) share a territory_key, the key of the first of them, so that a series
-- may run across them; a code reused for other ground (25750: Phường Phú Hòa, then Phường Phú Lợi) starts
-- a territory of its own.
with areas as (
    select * from {{ ref('stg_reference__areas') }}
),

keyed as (
    select
        {{ surrogate_key(['area_code', 'valid_from::varchar']) }} as area_key,
        *,
        count(*) filter (where not same_territory_as_previous) over (
            partition by area_code order by valid_from rows between unbounded preceding and current row
        ) as territory_number
    from areas
)

select
    area_key,
    area_code,
    name_vi,
    area_type,
    level,
    parent_area_code,
    valid_from,
    valid_to,
    first_value(area_key) over (partition by area_code, territory_number order by valid_from) as territory_key
from keyed
