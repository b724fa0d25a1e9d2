-- Every refused row, whatever refused it: the reader (unreadable number, period, area, unit), the
-- quality gate (unknown code, out of range, not allowed...), or the revision rule (a lower-status value
-- arriving after a higher-status one). Warnings (unknown columns...) are listed with severity 'warning'.
with problems as (
    select * from {{ ref('stg_lake__problems') }}
),

statuses as (
    select * from {{ ref('stg_reference__statuses') }}
),

late_lower_status as (
    select
        v.file_sha256,
        v.sheet,
        v.row_number,
        'trang_thai' as column_name,
        v.status || ' ' || coalesce(v.value_raw, v.value::varchar) as raw_value,
        'giá trị có trạng thái thấp hơn (' || lower(s.name_vi) || ') đến sau giá trị đã có trạng thái cao hơn ('
            || lower(prior.name_vi) || ') cho cùng chỉ tiêu ' || v.indicator_code || ', địa bàn ' || v.area_code
            || ', kỳ ' || v.period_code || '; không thay thế — a lower-status value (' || s.name_en
            || ') arriving after a higher-status one (' || prior.name_en || ')' as reason,
        'error' as severity,
        'revision' as stage
    from {{ ref('int_observation_versions') }} as v
    inner join statuses as s on v.status_rank = s.status_rank
    inner join statuses as prior on v.prior_max_status_rank = prior.status_rank
    where v.is_refused_lower_status
),

unioned as (
    select file_sha256, sheet, row_number, column_name, raw_value, reason, severity, stage from problems
    union all
    select file_sha256, sheet, row_number, column_name, raw_value, reason, severity, stage from late_lower_status
),

files as (
    select * from {{ ref('stg_lake__files') }}
)

select
    u.file_sha256,
    f.file_name,
    f.department_code,
    u.sheet,
    u.row_number,
    u.column_name,
    u.raw_value,
    u.reason,
    u.severity,
    u.stage,
    f.received_at
from unioned as u
left join files as f on u.file_sha256 = f.file_sha256
