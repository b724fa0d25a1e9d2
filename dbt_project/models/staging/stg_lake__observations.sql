-- Every row read from every received file, with the quality gate's verdict: a row of a validated file is
-- accepted unless the gate refused it (a 'validate' problem naming its row_idx). A view over the lake's
-- Parquet files: an incremental build reads only the row groups of the indicators in its scope.
with source as (
    select * from {{ source('lake', 'rows') }}
),

files as (
    select file_sha256, stage from {{ ref('stg_lake__files') }}
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
inner join files as f on s.file_sha256 = f.file_sha256
left join refused as r on s.file_sha256 = r.file_sha256 and s.row_idx = r.row_idx
