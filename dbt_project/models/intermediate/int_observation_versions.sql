-- Every accepted value received, in order of arrival, with the status rule applied:
-- estimate < preliminary < official, and a value of lower status arriving after one of higher status
-- does not replace it (it is refused and shown in audit.quarantine).
-- Most keys (indicator, area, period, value type) are received once: their single version needs no
-- ordering. Only the keys received more than once are ordered by arrival, with window functions (no
-- self-join). They are found by a hash of the key (grouping 6 M rows by one integer, not four texts):
-- two keys whose hashes collide would both take the ordered path, which partitions by the key itself
-- and counts its versions there, so a collision costs a little time and changes no result.
-- Incremental: rebuilds only the years of the indicators in this refresh's scope (macros/refresh_scope.sql).
{{ config(materialized='incremental', incremental_strategy='append',
          pre_hook="{{ delete_refresh_scope(period='period_code') }}") }}
-- depends_on: {{ ref('int_refresh_scope_periods') }}
-- The observations (a view over the lake's Parquet files) are read twice, by the count of versions and
-- by the split; reading them twice costs less than DuckDB's materializing every row once (not materialized).
with observations as not materialized (
    select
        *,
        {{ status_rank('status') }} as status_rank,
        hash(indicator_code, area_code, period_code, value_type) as key_hash
    from {{ ref('stg_lake__observations') }}
    where is_accepted and {{ in_refresh_scope(period='period_code') }}
),

received_more_than_once as (
    select key_hash
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
    where o.key_hash not in (select key_hash from received_more_than_once)
),

ranked as (
    select
        o.*,
        count(*) over (partition by o.indicator_code, o.area_code, o.period_code, o.value_type) as versions_received,
        row_number() over arrivals as arrival_seq,
        max(o.status_rank) over (arrivals rows between unbounded preceding and 1 preceding) as prior_max_status_rank
    from observations as o
    where o.key_hash in (select key_hash from received_more_than_once)
    window arrivals as (
        partition by o.indicator_code, o.area_code, o.period_code, o.value_type
        order by o.received_at, o.file_sha256, o.row_number
    )
),

flagged as (
    select *, coalesce(status_rank < prior_max_status_rank, false) as is_refused_lower_status
    from ranked
),

received_again as (
    select
        *,
        -- replaced by the next kept arrival of the same key (arrivals are in received_at order)
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
    select * from received_again
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
    arrival_seq,
    versions_received,
    is_refused_lower_status,
    prior_max_status_rank,
    superseded_at
from versions
