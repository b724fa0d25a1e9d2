-- A table, not a view: the folder holds one file per received file, and a view would list and read
-- them all again in every model that refers to it.
{{ config(materialized='table') }}
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
