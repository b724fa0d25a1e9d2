with source as (
    select * from {{ source('reference', 'statuses') }}
)

select
    trim(status) as status,
    rank::int as status_rank,
    trim(name_vi) as name_vi,
    trim(name_en) as name_en
from source
