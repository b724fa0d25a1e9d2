with source as (
    select * from {{ source('reference', 'indicators') }}
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
    try_cast(nullif(s.range_min, '') as double) as range_min,
    try_cast(nullif(s.range_max, '') as double) as range_max,
    coalesce(k.is_additive, false) as is_additive
from source as s
left join value_kinds as k on trim(s.value_kind) = k.value_kind
