-- A table, not a view: the folder holds one file per received file, and a view would list and read
-- them all again in every model that refers to it.
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
