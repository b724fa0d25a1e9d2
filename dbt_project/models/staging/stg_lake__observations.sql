with source as (
    select * from {{ source('lake', 'rows') }}
)

select
    file_sha256,
    department_code,
    received_at,
    sheet,
    row_number,
    indicator_code,
    area_code,
    period_code,
    value_type,
    status,
    value,
    unit_raw,
    value_raw,
    coalesce(accepted, false) as is_accepted
from source
