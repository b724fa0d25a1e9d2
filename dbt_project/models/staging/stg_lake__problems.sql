with source as (
    select * from {{ source('lake', 'problems') }}
)

select
    file_sha256,
    sheet,
    row_number,
    row_idx,
    column_name,
    raw_value,
    reason,
    severity,
    stage
from source
