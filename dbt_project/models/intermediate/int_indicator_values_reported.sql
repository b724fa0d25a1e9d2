-- The current reported value of each indicator, area, period and value type: the latest accepted version.
{{ config(materialized='view') }}
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
    received_at,
    arrival_seq,
    sheet,
    row_number
from versions
where not is_refused_lower_status
  and superseded_at is null
