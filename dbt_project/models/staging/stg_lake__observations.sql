-- Every row read from every received file, with the quality gate's verdict: a row of a validated file
-- is accepted unless the gate refused it (a 'validate' problem naming its row_idx). Only rows of the
-- segment a file's record names count (a refresh killed mid-segment may leave an unrecorded copy).
-- A table, incremental: a refresh appends the rows of the files new to the build (read from their
-- segments' Parquet files, not from a scan of the whole lake). A file's rows and verdict never change
-- once it is in the build; a full rebuild reads the whole lake again.
{{ config(materialized='incremental', incremental_strategy='append') }}
with source as (
    {%- if is_incremental() %}
    -- (not exists, not `not in`: an anti join DuckDB builds on the few new rows and probes the table
    -- with, instead of hashing the file of every row already built)
    select * from read_parquet({{ new_row_files() }}, union_by_name = true) as n
    where n.file_sha256 in (select file_sha256 from read_csv('refresh/new_files.csv', header = true,
                                                             all_varchar = true))
      and not exists (select 1 from {{ this }} as b where b.file_sha256 = n.file_sha256)
    {%- else %}
    select * from {{ source('lake', 'rows') }}
    {%- endif %}
),

files as (
    select file_sha256, segment, stage from {{ ref('stg_lake__files') }}
),

refused as (
    select distinct file_sha256, row_idx
    from {{ ref('stg_lake__problems') }}
    where stage = 'validate' and severity = 'error' and row_idx is not null
)

select
    s.file_sha256,
    s.department_code,
    s.received_at,
    s.sheet,
    s.row_number,
    s.row_idx,
    s.indicator_code,
    s.area_code,
    s.period_code,
    s.value_type,
    s.status,
    s.value,
    s.value_raw,
    f.stage = 'validated' and r.row_idx is null as is_accepted
from source as s
inner join files as f on s.file_sha256 = f.file_sha256 and s.segment = f.segment
left join refused as r on s.file_sha256 = r.file_sha256 and s.row_idx = r.row_idx
