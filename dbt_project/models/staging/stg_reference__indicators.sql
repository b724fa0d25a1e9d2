-- The catalogue: the province's indicators and the statistics office's national template (the same
-- columns, and the base an index is against; a code of the province's catalogue wins).
with province as (
    select * from {{ source('reference', 'indicators') }}
),

national as (
    select * exclude (member) from {{ source('reference', 'indicators_national') }}
    where indicator_code not in (select indicator_code from province)
),

source as (
    select * from province
    union all by name
    select * from national
),

value_kinds as (
    select * from {{ ref('stg_reference__value_kinds') }}
)

select
    trim(s.indicator_code) as indicator_code,
    trim(s.name_vi) as name_vi,
    trim(s.name_en) as name_en,
    trim(s.domain_code) as domain_code,
    trim(s.unit) as unit,
    trim(s.value_kind) as value_kind,
    trim(s.time_aggregation) as time_aggregation,
    trim(s.direction) as direction,
    trim(s.frequency) as frequency,
    trim(s.department_code) as department_code,
    nullif(trim(s.parent_indicator_code), '') as parent_indicator_code,
    nullif(trim(s.comparison_base), '') as comparison_base,
    try_cast(nullif(s.range_min, '') as double) as range_min,
    try_cast(nullif(s.range_max, '') as double) as range_max,
    coalesce(k.is_additive, false) as is_additive
from source as s
left join value_kinds as k on trim(s.value_kind) = k.value_kind
