-- One row per file received (every arrival in the landing folder, duplicates included): what became
-- of it, how many rows loaded and how many were refused.
with arrivals as (
    select * from {{ ref('stg_lake__arrivals') }}
),

files as (
    select * from {{ ref('stg_lake__files') }}
),

loaded as (
    select file_sha256, count(*) as rows_loaded
    from {{ ref('int_observation_versions') }}
    where not is_refused_lower_status
    group by file_sha256
),

refused as (
    select
        file_sha256,
        count(distinct coalesce(sheet, '') || ':' || row_number) filter (where severity = 'error')
            as rows_quarantined,
        count(*) filter (where severity = 'warning') as warnings
    from {{ ref('quarantine') }}
    group by file_sha256
),

logged as (
    select
        a.arrival_id,
        a.file_sha256,
        a.department_code,
        a.file_name,
        a.landing_path,
        a.received_at,
        f.format,
        f.size_bytes,
        case
            when a.is_duplicate then 'duplicate'
            when f.stage = 'rejected' then 'rejected'
            when f.stage <> 'validated' then 'pending'
            when coalesce(l.rows_loaded, 0) = 0 then 'rejected'
            when coalesce(q.rows_quarantined, 0) > 0 then 'partial'
            else 'loaded'
        end as outcome,
        case when a.is_duplicate then 0 else coalesce(l.rows_loaded, 0) end as rows_loaded,
        case when a.is_duplicate then 0 else coalesce(q.rows_quarantined, 0) end as rows_quarantined,
        case when a.is_duplicate then 0 else coalesce(q.warnings, 0) end as warnings,
        f.message as file_message,
        f.file_name as original_file_name,
        f.received_at as original_received_at
    from arrivals as a
    left join files as f on a.file_sha256 = f.file_sha256
    left join loaded as l on a.file_sha256 = l.file_sha256
    left join refused as q on a.file_sha256 = q.file_sha256
)

select
    arrival_id,
    file_sha256,
    department_code,
    file_name,
    landing_path,
    received_at,
    format,
    size_bytes,
    outcome,
    rows_loaded,
    rows_quarantined,
    warnings,
    case outcome
        when 'duplicate' then 'trùng nội dung với tệp ' || original_file_name || ' đã nhận lúc '
            || strftime(original_received_at, '%Y-%m-%d %H:%M') || '; không nạp lại — duplicate of a file already received'
        when 'rejected' then coalesce(nullif(file_message, ''),
            'không có dòng nào hợp lệ; xem audit.quarantine — no valid row')
        when 'partial' then rows_loaded || ' dòng đã nạp, ' || rows_quarantined
            || ' dòng bị từ chối; xem audit.quarantine — partially loaded'
        when 'pending' then 'chưa kiểm tra chất lượng — awaiting the quality gate'
        else rows_loaded || ' dòng đã nạp — loaded'
    end as message
from logged
