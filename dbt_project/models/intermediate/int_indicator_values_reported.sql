-- The current reported value of each indicator, area, period and value type: the latest accepted version.
-- Incremental: rebuilds only the indicators in this refresh's scope (macros/refresh_scope.sql).
{{ config(materialized='incremental', incremental_strategy='append', pre_hook="{{ delete_refresh_scope() }}") }}
-- depends_on: {{ ref('int_refresh_scope') }}
with versions as (
    select * from {{ ref('int_observation_versions') }}
)

select
    indicator_code,
    area_code,
    period_code,
    value_type,
    status,
    status_rank,
    value,
    department_code,
    file_sha256,
    received_at
from versions
where not is_refused_lower_status
  and superseded_at is null
  and {{ in_refresh_scope() }}
