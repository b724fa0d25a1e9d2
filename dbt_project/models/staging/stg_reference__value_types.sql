with source as (
    select * from {{ source('reference', 'value_types') }}
)

select
    trim(value_type) as value_type,
    trim(name_vi) as name_vi,
    trim(name_en) as name_en
from source
