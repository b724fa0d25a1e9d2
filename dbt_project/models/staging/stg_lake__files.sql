-- A table, not a view: a view would list and read the lake's records again in every model that
-- refers to it.
{{ config(materialized='table') }}
with source as (
    select * from {{ source('lake_records', 'files') }}
)

select
    sha256 as file_sha256,
    hash(sha256) as file_hash,
    department_code,
    file_name,
    landing_path,
    size_bytes::bigint as size_bytes,
    received_at::timestamptz as received_at,
    stage,
    format,
    message,
    nullif(batch_id::varchar, '') as batch_id,
    segment
from source
where sha256 is not null
