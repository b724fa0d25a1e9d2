-- Every version of every area (reference/areas.csv): the country, its regions and provinces, the
-- province's districts and communes until 2025-06-30, its 36 new communes and wards from 2025-07-01, and
-- the former province as a statistical area (74) from then on. An empty valid_from means since before the
-- warehouse's coverage, an empty valid_to still valid; they become dates far out so that a period is
-- matched with a plain between.
with source as (
    select * from {{ source('reference', 'areas') }}
)

select
    trim(area_code) as area_code,
    trim(name_vi) as name_vi,
    trim(area_type) as area_type,
    trim(level) as level,
    nullif(trim(parent_area_code), '') as parent_area_code,
    coalesce(nullif(trim(valid_from), '')::date, date '1900-01-01') as valid_from,
    coalesce(nullif(trim(valid_to), '')::date, date '9999-12-31') as valid_to,
    coalesce(lower(trim(same_territory_as_previous)) = 'true', false) as same_territory_as_previous
from source
