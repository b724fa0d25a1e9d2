-- The current value of every indicator, area, period and value type: the latest accepted version of
-- a reported value, or, when none was reported, a statistical area's sum of its parts or a value derived
-- from finer periods. Its reported rows are the current versions of fct_indicator_value_history (a view
-- over them and fct_indicator_value_superseded).
{{ config(materialized='incremental', incremental_strategy='refresh_scope',
          meta={'refresh_scope': 'indicator_year'}) }}
with reported as (
    select *, false as is_derived from {{ ref('int_indicator_values_reported') }}
    where {{ in_refresh_scope() }}
),

derived as (
    select
        indicator_code, area_code, period_code, value_type, status, status_rank, value, department_code,
        null as file_sha256, received_at, true as is_derived, null::bigint as arrival_seq, null as sheet,
        null::bigint as row_number
    from (
        select indicator_code, area_code, period_code, value_type, status, status_rank, value, department_code,
               received_at
        from {{ ref('int_indicator_values_derived') }}
        where {{ in_refresh_scope() }}
        union all
        select indicator_code, area_code, period_code, value_type, status, status_rank, value, department_code,
               received_at
        from {{ ref('int_indicator_values_area_derived') }}
        where {{ in_refresh_scope() }}
    )
),

values_all as (
    select indicator_code, area_code, period_code, value_type, status, value, department_code, file_sha256,
           received_at, is_derived, arrival_seq, sheet, row_number
    from reported
    union all
    select indicator_code, area_code, period_code, value_type, status, value, department_code, file_sha256,
           received_at, is_derived, arrival_seq, sheet, row_number
    from derived
)

{{ fact_rows('values_all', between='v.is_derived') }}
