-- Quarter, half and year actuals built from finer reported actuals, following each indicator's
-- time_aggregation: sum for flows, last for stocks, average for averages; growth rates and indices
-- (none) are never derived. Only complete sets of children roll up (3 months to a quarter, ...); the
-- finest complete grain wins; a reported value of the same period always wins over a derived one, and so
-- does a statistical area's sum of its parts (int_indicator_values_area_derived), which a period of it
-- is also derived from.
-- Months are added up quarter by quarter first, and halves and years from those parts. Only values of one
-- territory add up: a year across 1 July 2025 is derived for the former province (74, the same ground
-- before and after) but not for a code reused for another unit (int_area_versions).
{{ config(materialized='incremental', incremental_strategy='refresh_scope',
          meta={'refresh_scope': 'indicator_year'}) }}
{#- What a period takes from its children, grouped by it (r: a child's value, u: its row of int_period_rollups):
    how many, whether the last is there and its value, the exact sum, the lowest status, the latest arrival. -#}
{% set from_children -%}
        count(*) as children_present,
        bool_or(u.is_last_child) as has_last_child,
        max(case when u.is_last_child then r.value end) as value_last,
        {{ exact_sum('r.value', 'decimal') }} as value_sum,
        min(r.status_rank) as status_rank,
        max(r.received_at) as received_at
{%- endset %}
with given as (  -- what periods are derived from: reported values and statistical areas' sums of parts
    select indicator_code, area_code, period_code, value_type, status_rank, value, received_at
    from {{ ref('int_indicator_values_reported') }}
    where value_type = 'actual' and {{ in_refresh_scope() }}
    union all
    select indicator_code, area_code, period_code, value_type, status_rank, value, received_at
    from {{ ref('int_indicator_values_area_derived') }}
    where value_type = 'actual' and {{ in_refresh_scope() }}
),

reported as (
    select g.*, a.territory_key
    from given as g
    inner join {{ ref('int_area_periods') }} as a on g.area_code = a.area_code and g.period_code = a.period_code
),

indicators as (
    select indicator_code, time_aggregation, department_code from {{ ref('stg_reference__indicators') }}
    where time_aggregation in ('sum', 'last', 'average')
),

rollups as (
    select * from {{ ref('int_period_rollups') }}
),

months_required as (
    select parent_period_code, any_value(children_required) as months
    from rollups
    where child_period_type = 'month'
    group by all
),

-- the months of each quarter: count, exact sum, the last month's value, lowest status, latest arrival
month_parts as (
    select
        r.indicator_code,
        r.area_code,
        r.territory_key,
        u.parent_period_code as quarter_code,
        {{ from_children }}
    from reported as r
    inner join indicators as i on r.indicator_code = i.indicator_code
    inner join rollups as u
        on r.period_code = u.child_period_code and u.child_period_type = 'month' and u.parent_period_type = 'quarter'
    group by all
),

-- quarters, halves and years from months: a half or a year adds up the parts of its quarters
from_months as (
    select
        indicator_code, area_code, territory_key, quarter_code as period_code, children_present, has_last_child,
        value_last, value_sum, status_rank, received_at
    from month_parts
    union all
    select
        p.indicator_code,
        p.area_code,
        p.territory_key,
        u.parent_period_code,
        sum(p.children_present),
        bool_or(p.has_last_child and u.is_last_child),
        max(case when u.is_last_child then p.value_last end),
        sum(p.value_sum),
        min(p.status_rank),
        max(p.received_at)
    from month_parts as p
    inner join rollups as u on p.quarter_code = u.child_period_code
    group by p.indicator_code, p.area_code, p.territory_key, u.parent_period_code
),

-- halves and years from reported quarters, years from reported halves
from_coarser as (
    select
        r.indicator_code,
        r.area_code,
        r.territory_key,
        u.parent_period_code as period_code,
        u.child_grain_rank,
        any_value(u.children_required) as children_required,
        {{ from_children }}
    from reported as r
    inner join indicators as i on r.indicator_code = i.indicator_code
    inner join rollups as u on r.period_code = u.child_period_code and u.child_period_type <> 'month'
    group by all
),

candidates as (
    select
        m.indicator_code, m.area_code, m.period_code, 1 as child_grain_rank, m.children_present,
        q.months as children_required, m.has_last_child, m.value_last, m.value_sum, m.status_rank, m.received_at
    from from_months as m
    inner join months_required as q on m.period_code = q.parent_period_code
    union all
    select
        indicator_code, area_code, period_code, child_grain_rank, children_present, children_required,
        has_last_child, value_last, value_sum, status_rank, received_at
    from from_coarser
),

complete as (
    select
        c.indicator_code,
        c.area_code,
        c.period_code,
        c.child_grain_rank,
        c.status_rank,
        c.received_at,
        i.department_code,
        case i.time_aggregation
            when 'sum' then c.value_sum::double
            when 'average' then round(c.value_sum::double / c.children_present, {{ var('value_decimals') }})
            when 'last' then c.value_last
        end as value
    from candidates as c
    inner join indicators as i on c.indicator_code = i.indicator_code
    where (i.time_aggregation in ('sum', 'average') and c.children_present = c.children_required)
       or (i.time_aggregation = 'last' and c.has_last_child)
),

finest as (
    select * from complete
    qualify row_number() over (
        partition by indicator_code, area_code, period_code order by child_grain_rank
    ) = 1
)

select
    f.indicator_code,
    f.area_code,
    f.period_code,
    'actual' as value_type,
    s.status,
    f.status_rank,
    f.value,
    f.department_code,
    f.received_at
from finest as f
inner join {{ ref('stg_reference__statuses') }} as s on f.status_rank = s.status_rank
anti join reported as r
    on f.indicator_code = r.indicator_code and f.area_code = r.area_code and f.period_code = r.period_code
