-- Every accepted version that a later one superseded, with when it arrived, from which file, and when
-- the next version replaced it. With the current versions (the reported rows of fct_indicator_value) these
-- are fct_indicator_value_history: at M 0.5 M rows of 6.0 M, so the history is not written twice.
-- Incremental: rebuilds only the years of the indicators in this refresh's scope (macros/refresh_scope.sql).
{{ config(materialized='incremental', incremental_strategy='append',
          pre_hook="{{ delete_refresh_scope(period='period_code') }}") }}
-- depends_on: {{ ref('int_refresh_scope_periods') }}
with versions as (
    select * from {{ ref('int_observation_versions') }}
    where superseded_at is not null and not is_refused_lower_status and {{ in_refresh_scope(period='period_code') }}
),

files as (
    select file_sha256, file_name from {{ ref('stg_lake__files') }}
)

select
    i.indicator_key,
    a.area_key,
    p.period_key,
    d.department_key,
    v.value_type,
    v.status,
    v.value,
    f.file_name as source_file,
    v.received_at as loaded_at,
    v.superseded_at,
    v.arrival_seq as version_number,
    v.indicator_code,
    v.area_code,
    v.period_code,
    v.department_code,
    v.file_sha256 as source_file_sha256,
    v.sheet as source_sheet,
    v.row_number as source_row_number
from versions as v
inner join {{ ref('dim_indicator') }} as i on v.indicator_code = i.indicator_code
inner join {{ ref('dim_area') }} as a on v.area_code = a.area_code
inner join {{ ref('dim_period') }} as p on v.period_code = p.period_code
left join {{ ref('dim_department') }} as d on v.department_code = d.department_code
left join files as f on v.file_sha256 = f.file_sha256
