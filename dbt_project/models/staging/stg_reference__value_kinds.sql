with source as (
    select * from {{ source('reference', 'value_kinds') }}
)

select
    trim(value_kind) as value_kind,
    trim(is_additive)::boolean as is_additive,
    trim(name_vi) as name_vi,
    trim(name_en) as name_en
from source
