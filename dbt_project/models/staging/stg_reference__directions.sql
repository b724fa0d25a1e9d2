with source as (
    select * from {{ source('reference', 'directions') }}
)

select
    trim(direction) as direction,
    trim(name_vi) as name_vi,
    trim(name_en) as name_en
from source
