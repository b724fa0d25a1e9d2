with indicators as (
    select * from {{ ref('stg_reference__indicators') }}
),

domains as (
    select * from {{ ref('dim_domain') }}
),

-- the department that answers for an indicator now: the last of its owner's line of successors
current_owners as (
    select origin, arg_max(department_code, depth) as responsible_department_code
    from {{ ref('int_department_lineage') }}
    group by origin
),

reporters as (
    select indicator_code, string_agg(department_code, ',' order by department_code) as other_reporting_departments
    from {{ ref('stg_reference__indicator_reporters') }}
    group by indicator_code
)

select
    {{ surrogate_key(['i.indicator_code']) }} as indicator_key,
    i.indicator_code,
    i.name_vi,
    i.name_en,
    d.domain_key,
    i.domain_code,
    i.unit,
    i.value_kind,
    i.time_aggregation,
    i.direction,
    i.frequency,
    i.department_code,
    o.responsible_department_code,
    r.other_reporting_departments,
    i.parent_indicator_code,
    i.range_min,
    i.range_max,
    i.is_additive
from indicators as i
left join domains as d on i.domain_code = d.domain_code
left join reporters as r on i.indicator_code = r.indicator_code
left join current_owners as o on i.department_code = o.origin
