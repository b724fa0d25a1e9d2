-- A table, not a view: a view would list and read the lake's problem files again in every model that
-- refers to it. Only problems of the segment a file's record names count. The records are read from the
-- lake (a few thousand), not from stg_lake__files: this table is then built beside that one, not after it,
-- and both are ready sooner for the observations, which read them.
{{ config(materialized='table') }}
with source as (
    select * from {{ source('lake', 'problems') }}
),

files as (
    select sha256 as file_sha256, segment from {{ source('lake_records', 'files') }}
    where sha256 is not null
)

select
    s.file_sha256,
    s.sheet,
    s.row_number,
    s.row_idx,
    s.column_name,
    s.raw_value,
    s.reason,
    s.severity,
    s.stage
from source as s
inner join files as f on s.file_sha256 = f.file_sha256 and s.segment = f.segment
