-- Quarter, half and year actuals built from finer reported actuals, following each indicator's
-- time_aggregation: sum for flows, last for stocks, average for averages; growth rates and indices
-- (none) are never derived. Only complete sets of children roll up (3 months to a quarter, ...); the
-- finest complete grain wins; a reported value of the same period always wins over a derived one.
-- Incremental: rebuilds only the indicators in this refresh's scope (macros/refresh_scope.sql).
{{ config(materialized='incremental', incremental_strategy='append', pre_hook="{{ delete_refresh_scope() }}") }}
-- depends_on: {{ ref('int_refresh_scope') }}
with reported as (
    select * from {{ ref('int_indicator_values_reported') }}
    where value_type = 'actual' and {{ in_refresh_scope() }}
),

indicators as (
    select indicator_code, time_aggregation, department_code from {{ ref('stg_reference__indicators') }}
    where time_aggregation in ('sum', 'last', 'average')
),

rollups as (
    select * from {{ ref('int_period_rollups') }}
),

children as (
    select
        r.indicator_code,
        r.area_code,
        u.parent_period_code,
        u.child_period_type,
        u.child_grain_rank,
        u.children_required,
        u.is_last_child,
        i.time_aggregation,
        i.department_code as owner_department_code,
        r.value,
        r.status_rank,
        r.received_at
    from reported as r
    inner join indicators as i on r.indicator_code = i.indicator_code
    inner join rollups as u on r.period_code = u.child_period_code
),

candidates as (
    select
        indicator_code,
        area_code,
        parent_period_code as period_code,
        child_grain_rank,
        any_value(time_aggregation) as time_aggregation,
        any_value(owner_department_code) as department_code,
        count(*) as children_present,
        any_value(children_required) as children_required,
        bool_or(is_last_child) as has_last_child,
        {{ exact_sum('value') }} as value_sum,
        {{ exact_sum('value') }} / count(*) as value_avg,
        max(case when is_last_child then value end) as value_last,
        min(status_rank) as status_rank,
        max(received_at) as received_at
    from children
    group by all
),

complete as (
    select
        *,
        case time_aggregation
            when 'sum' then value_sum
            when 'average' then value_avg
            when 'last' then value_last
        end as value
    from candidates
    where (time_aggregation in ('sum', 'average') and children_present = children_required)
       or (time_aggregation = 'last' and has_last_child)
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
    case f.status_rank when 1 then 'estimate' when 2 then 'preliminary' else 'official' end as status,
    f.status_rank,
    f.value,
    f.department_code,
    f.received_at
from finest as f
left join reported as r
    on f.indicator_code = r.indicator_code
    and f.area_code = r.area_code
    and f.period_code = r.period_code
where r.indicator_code is null
