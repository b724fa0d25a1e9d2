-- One row per area version: a code may have several (25750 is Phường Phú Hòa until 2025-06-30 and Phường
-- Phú Lợi after; 74 is the province until then and the statistical area of the former province after).
-- valid_from 1900-01-01 means since before the warehouse's coverage, valid_to 9999-12-31 still valid.
select
    area_key,
    area_code,
    name_vi,
    area_type,
    level,
    parent_area_code,
    valid_from,
    valid_to,
    territory_key,
    valid_to = date '9999-12-31' as is_current
from {{ ref('int_area_versions') }}
