-- A table, not a view: a view would list and read the lake's arrivals again in every model that refers
-- to it. An arrival written twice (bookkeeping finished after an interruption) counts once.
{{ config(materialized='table') }}
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
