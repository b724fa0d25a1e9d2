with source as (
    select * from {{ source('reference', 'domains') }}
)

select
    trim(domain_code) as domain_code,
    trim(name_vi) as name_vi,
    trim(name_en) as name_en
from source
