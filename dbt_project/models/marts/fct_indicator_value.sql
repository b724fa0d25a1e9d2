-- The current value of every indicator, area, period and value type: the latest accepted version of
-- a reported value, or a value derived from finer periods when none was reported. Its reported rows are
-- the current versions of fct_indicator_value_history (a view over them and fct_indicator_value_superseded).
-- Incremental: rebuilds only the years of the indicators in this refresh's scope (macros/refresh_scope.sql).
{{ config(materialized='incremental', incremental_strategy='append',
          pre_hook="{{ delete_refresh_scope(period='period_code') }}") }}
-- depends_on: {{ ref('int_refresh_scope_periods') }}
with reported as (
    select *, false as is_derived from {{ ref('int_indicator_values_reported') }}
    where {{ in_refresh_scope(period='period_code') }}
),

derived as (
    select
        indicator_code, area_code, period_code, value_type, status, status_rank, value, department_code,
        null as file_sha256, received_at, true as is_derived, null::bigint as arrival_seq, null as sheet,
        null::bigint as row_number
    from {{ ref('int_indicator_values_derived') }}
    where {{ in_refresh_scope(period='period_code') }}
),

values_all as (
    select indicator_code, area_code, period_code, value_type, status, value, department_code, file_sha256,
           received_at, is_derived, arrival_seq, sheet, row_number
    from reported
    union all
    select indicator_code, area_code, period_code, value_type, status, value, department_code, file_sha256,
           received_at, is_derived, arrival_seq, sheet, row_number
    from derived
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
    v.indicator_code,
    v.area_code,
    v.period_code,
    v.department_code,
    v.file_sha256 as source_file_sha256,
    v.is_derived,
    -- where a reported value came from (null for a derived one): fct_indicator_value_history reads them
    v.arrival_seq as version_number,
    v.sheet as source_sheet,
    v.row_number as source_row_number
from values_all as v
inner join {{ ref('dim_indicator') }} as i on v.indicator_code = i.indicator_code
inner join {{ ref('dim_area') }} as a on v.area_code = a.area_code
inner join {{ ref('dim_period') }} as p on v.period_code = p.period_code
left join {{ ref('dim_department') }} as d on v.department_code = d.department_code
left join files as f on v.file_sha256 = f.file_sha256
