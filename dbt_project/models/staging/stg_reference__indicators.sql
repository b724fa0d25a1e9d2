-- The generated catalogue and the statistics office's national template (same columns; a code of the
-- generated catalogue wins)
with generated as (
    select * from {{ source('reference', 'indicators') }}
),

national as (
    select * exclude (comparison_base, member) from {{ source('reference', 'indicators_national') }}
    where indicator_code not in (select indicator_code from generated)
),

source as (
    select * from generated
    union all by name
    select * from national
)

select
    trim(indicator_code) as indicator_code,
    trim(name_vi) as name_vi,
    trim(name_en) as name_en,
    trim(domain_code) as domain_code,
    trim(unit) as unit,
    trim(value_kind) as value_kind,
    trim(time_aggregation) as time_aggregation,
    trim(direction) as direction,
    trim(frequency) as frequency,
    trim(department_code) as department_code,
    nullif(trim(parent_indicator_code), '') as parent_indicator_code,
    try_cast(nullif(range_min, '') as double) as range_min,
    try_cast(nullif(range_max, '') as double) as range_max,
    -- counts and amounts add up across areas; percents, ranks, indices and averages never do
    trim(value_kind) in ('count', 'amount') as is_additive
from source
