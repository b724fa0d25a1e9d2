-- Every accepted value received, in order of arrival, with the status rule applied:
-- estimate < preliminary < official, and a value of lower status arriving after one of higher status
-- does not replace it (it is refused and shown in audit.quarantine).
-- Window functions only (no self-join): two passes over the accepted rows, whatever their number.
-- Incremental: rebuilds only the indicators in this refresh's scope (macros/refresh_scope.sql).
{{ config(materialized='incremental', incremental_strategy='append', pre_hook="{{ delete_refresh_scope() }}") }}
-- depends_on: {{ ref('int_refresh_scope') }}
with observations as (
    select * from {{ ref('stg_lake__observations') }}
    where is_accepted and {{ in_refresh_scope() }}
),

ranked as (
    select
        *,
        {{ status_rank('status') }} as status_rank,
        row_number() over arrivals as arrival_seq,
        max({{ status_rank('status') }}) over (arrivals rows between unbounded preceding and 1 preceding)
            as prior_max_status_rank
    from observations
    window arrivals as (
        partition by indicator_code, area_code, period_code, value_type
        order by received_at, file_sha256, row_number
    )
),

flagged as (
    select
        *,
        coalesce(status_rank < prior_max_status_rank, false) as is_refused_lower_status
    from ranked
)

select
    file_sha256,
    department_code,
    received_at,
    sheet,
    row_number,
    indicator_code,
    area_code,
    period_code,
    value_type,
    status,
    status_rank,
    value,
    value_raw,
    arrival_seq,
    is_refused_lower_status,
    prior_max_status_rank,
    -- replaced by the next kept arrival of the same key (arrivals are in received_at order)
    case when not is_refused_lower_status then
        min(received_at) filter (where not is_refused_lower_status) over (
            partition by indicator_code, area_code, period_code, value_type
            order by arrival_seq
            rows between 1 following and unbounded following
        )
    end as superseded_at
from flagged
