-- Only cells of the segment a file's record names count.
with source as (
    select * from {{ source('lake', 'derived') }}
),

files as (
    select file_sha256, segment from {{ ref('stg_lake__files') }}
)

select
    s.file_sha256,
    s.sheet,
    s.row_number,
    s.column_name,
    s.cell,
    s.indicator_code,
    s.area_code,
    s.kind,
    s.period_code,
    s.value_type,
    s.formula,
    s.value,
    s.raw_value
from source as s
inner join files as f on s.file_sha256 = f.file_sha256 and s.segment = f.segment
