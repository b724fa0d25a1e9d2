-- What changed: every accepted version that replaced an earlier one, by how much, and from which file;
-- `in_latest_refresh` marks the revisions received by the most recent refresh.
{{ config(
    materialized='incremental', incremental_strategy='refresh_scope', meta={'refresh_scope': 'indicator_year'},
    post_hook="update {{ this }} set in_latest_refresh = false where in_latest_refresh and batch_id is distinct from
               (select arg_max(batch_id, read_at) from {{ ref('stg_lake__files') }} where batch_id is not null)"
) }}
with versions as (
    -- a key received once has no earlier version to revise
    select * from {{ ref('int_observation_versions') }}
    where versions_received > 1 and not is_refused_lower_status and {{ in_refresh_scope() }}
),

sequenced as (
    select
        *,
        lag(value) over w as previous_value,
        lag(status) over w as previous_status,
        lag(received_at) over w as previous_received_at,
        lag(file_sha256) over w as previous_file_sha256
    from versions
    window w as (partition by indicator_code, area_code, period_code, value_type order by arrival_seq)
),

files as (
    select file_sha256, file_name, batch_id from {{ ref('stg_lake__files') }}
),

latest_batch as (
    select arg_max(batch_id, read_at) as batch_id
    from {{ ref('stg_lake__files') }}
    where batch_id is not null
)

select
    s.indicator_code,
    s.area_code,
    s.period_code,
    s.value_type,
    s.previous_status,
    s.status,
    s.previous_value,
    s.value,
    s.value - s.previous_value as change,
    round(100.0 * (s.value - s.previous_value) / nullif(abs(s.previous_value), 0), 2) as change_pct,
    s.previous_received_at,
    s.received_at,
    prev.file_name as previous_source_file,
    cur.file_name as source_file,
    cur.batch_id,
    cur.batch_id is not null and cur.batch_id = (select batch_id from latest_batch) as in_latest_refresh
from sequenced as s
left join files as cur on s.file_sha256 = cur.file_sha256
left join files as prev on s.previous_file_sha256 = prev.file_sha256
where s.previous_value is not null
