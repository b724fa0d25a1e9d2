-- Every row read from every received file, with the quality gate's verdict: a row of a validated file
-- is accepted unless the gate refused it (a 'validate' problem naming its row_idx).
with source as (
    select * from {{ source('lake', 'rows') }}
),

files as (
    select sha256 as file_sha256, stage from {{ source('lake_records', 'files') }}
    where sha256 is not null
),

refused as (
    select distinct file_sha256, row_idx
    from {{ source('lake', 'problems') }}
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
    s.unit_raw,
    s.value_raw,
    coalesce(f.stage = 'validated' and r.row_idx is null, false) as is_accepted
from source as s
left join files as f on s.file_sha256 = f.file_sha256
left join refused as r on s.file_sha256 = r.file_sha256 and s.row_idx = r.row_idx
