-- An arrival written twice (its bookkeeping finished after an interruption) counts once.
with source as (
    select * from {{ source('lake_records', 'arrivals') }}
)

select
    arrival_id,
    sha256 as file_sha256,
    department_code,
    file_name,
    landing_path,
    received_at::timestamptz as received_at,
    duplicate as is_duplicate
from source
where sha256 is not null
qualify row_number() over (partition by arrival_id order by received_at) = 1
