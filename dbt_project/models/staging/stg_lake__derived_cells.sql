with source as (
    select * from {{ source('lake', 'derived') }}
)

select
    file_sha256,
    sheet,
    row_number,
    column_name,
    cell,
    indicator_code,
    area_code,
    kind,
    period_code,
    value_type,
    formula,
    value,
    raw_value
from source
