-- One row per area version. The reference list is the register of 1 March 2025; on 1 July 2025 the
-- province was merged into Hồ Chí Minh City and its districts abolished (reference crosswalk), so
-- these versions end on 30 June 2025. Their start predates the warehouse's coverage (1900-01-01).
with areas as (
    select * from {{ ref('stg_reference__areas') }}
)

select
    {{ surrogate_key(['area_code', "'1900-01-01'"]) }} as area_key,
    area_code,
    name_vi,
    area_type,
    level,
    parent_area_code,
    date '1900-01-01' as valid_from,
    date '2025-06-30' as valid_to
from areas
