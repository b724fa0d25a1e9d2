with source as (
    select * from {{ source('reference', 'areas') }}
)

select
    trim(area_code) as area_code,
    trim(name_vi) as name_vi,
    trim(area_type) as area_type,
    trim(level) as level,
    nullif(trim(parent_area_code), '') as parent_area_code
from source
