-- Every accepted value received, in order of arrival, with the revision rule applied: a later value of
-- the same indicator, area, period and value type replaces the current one, but a value of lower status
-- (estimate < preliminary < official, reference/statuses.csv) arriving after one of higher status does not
-- replace it: it is refused and shown in audit.quarantine.
{{ config(materialized='incremental', incremental_strategy='refresh_scope',
          meta={'refresh_scope': 'indicator_year'}) }}
with observations as (
    select o.*, s.status_rank
    from {{ ref('stg_lake__observations') }} as o
    inner join {{ ref('stg_reference__statuses') }} as s on o.status = s.status
    where o.is_accepted and {{ in_refresh_scope('o.indicator_code', 'o.period_code') }}
),

-- most keys are received once and need no ordering: only the others are ordered by arrival
received_again as (
    select indicator_code, area_code, period_code, value_type
    from observations
    group by all
    having count(*) > 1
),

received_once as (
    select
        o.*,
        1::bigint as versions_received,
        1::bigint as arrival_seq,
        null::integer as prior_max_status_rank,
        false as is_refused_lower_status,
        null::timestamptz as superseded_at
    from observations as o
    anti join received_again as r using (indicator_code, area_code, period_code, value_type)
),

ranked as (
    select
        o.*,
        count(*) over same_key as versions_received,
        row_number() over arrivals as arrival_seq,
        max(o.status_rank) over (arrivals rows between unbounded preceding and 1 preceding) as prior_max_status_rank
    from observations as o
    semi join received_again as r using (indicator_code, area_code, period_code, value_type)
    window
        same_key as (partition by o.indicator_code, o.area_code, o.period_code, o.value_type),
        arrivals as (same_key order by o.received_at, o.file_sha256, o.row_number)
),

flagged as (
    select *, coalesce(status_rank < prior_max_status_rank, false) as is_refused_lower_status
    from ranked
),

received_again_versions as (
    select
        *,
        -- replaced by the next arrival of the same key that was not refused
        case when not is_refused_lower_status then
            min(received_at) filter (where not is_refused_lower_status) over (
                partition by indicator_code, area_code, period_code, value_type
                order by arrival_seq
                rows between 1 following and unbounded following
            )
        end as superseded_at
    from flagged
),

versions as (
    select * from received_once
    union all by name
    select * from received_again_versions
)

select
    file_sha256,
    row_idx,
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
    versions_received,
    is_refused_lower_status,
    prior_max_status_rank,
    superseded_at
from versions
