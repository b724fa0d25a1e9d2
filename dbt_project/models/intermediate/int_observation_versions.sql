-- Every accepted value received, in order of arrival, with the status rule applied:
-- estimate < preliminary < official, and a value of lower status arriving after one of higher status
-- does not replace it (it is refused and shown in audit.quarantine).
with observations as (
    select * from {{ ref('stg_lake__observations') }}
    where is_accepted
),

ranked as (
    select
        *,
        {{ status_rank('status') }} as status_rank,
        row_number() over (
            partition by indicator_code, area_code, period_code, value_type
            order by received_at, file_sha256, row_number
        ) as arrival_seq
    from observations
),

with_prior as (
    select
        *,
        max(status_rank) over (
            partition by indicator_code, area_code, period_code, value_type
            order by arrival_seq
            rows between unbounded preceding and 1 preceding
        ) as prior_max_status_rank
    from ranked
),

flagged as (
    select
        *,
        coalesce(status_rank < prior_max_status_rank, false) as is_refused_lower_status
    from with_prior
),

kept as (
    select
        *,
        lead(received_at) over (
            partition by indicator_code, area_code, period_code, value_type
            order by arrival_seq
        ) as superseded_at
    from flagged
    where not is_refused_lower_status
)

select
    f.file_sha256,
    f.department_code,
    f.received_at,
    f.sheet,
    f.row_number,
    f.indicator_code,
    f.area_code,
    f.period_code,
    f.value_type,
    f.status,
    f.status_rank,
    f.value,
    f.value_raw,
    f.arrival_seq,
    f.is_refused_lower_status,
    f.prior_max_status_rank,
    k.superseded_at
from flagged as f
left join kept as k
    on f.file_sha256 = k.file_sha256
    and f.indicator_code = k.indicator_code
    and f.area_code = k.area_code
    and f.period_code = k.period_code
    and f.value_type = k.value_type
    and f.arrival_seq = k.arrival_seq
