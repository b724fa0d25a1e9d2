with source as (
    select * from {{ source('reference', 'period_types') }}
)

select
    trim(period_type) as period_type,
    months::int as months,
    grain_rank::int as grain_rank,
    trim(code_format) as code_format,
    key_offset::int as key_offset,
    trim(name_vi) as name_vi,
    trim(name_en) as name_en
from source
