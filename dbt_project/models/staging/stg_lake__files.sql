with source as (
    select * from {{ source('lake_records', 'files') }}
)

select
    sha256 as file_sha256,
    department_code,
    file_name,
    landing_path,
    size_bytes::bigint as size_bytes,
    received_at::timestamptz as received_at,
    stage,
    format,
    message,
    nullif(batch_id::varchar, '') as batch_id,
    nullif(read_at::varchar, '')::timestamptz as read_at
from source
where sha256 is not null
