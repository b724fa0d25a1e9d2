with source as (
    select * from {{ source('reference', 'time_aggregations') }}
)

select
    trim(time_aggregation) as time_aggregation,
    trim(name_vi) as name_vi,
    trim(name_en) as name_en
from source
