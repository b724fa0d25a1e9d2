-- The analysts' wide view: one row per current value of fct_indicator_value, with the names and
-- attributes of its indicator, domain, area and period beside the codes, so that a BI tool needs no joins
-- (Superset's trend by area dashboard reads it). A view, not a copy: it reads what the facts hold now.
{{ config(materialized='view') }}
select
    f.indicator_code,
    i.name_vi as indicator_name_vi,
    i.name_en as indicator_name_en,
    i.domain_code,
    d.name_vi as domain_name_vi,
    d.name_en as domain_name_en,
    i.unit,
    i.value_kind,
    i.time_aggregation,
    f.area_code,
    a.name_vi as area_name_vi,
    a.level as area_level,
    f.period_code,
    p.period_type,
    p.year,
    p.month,
    p.start_date as period_start,
    p.end_date as period_end,
    f.value_type,
    f.status,
    f.value,
    f.is_derived,
    f.department_code,
    f.source_file,
    f.loaded_at
from {{ ref('fct_indicator_value') }} as f
left join {{ ref('dim_indicator') }} as i on f.indicator_key = i.indicator_key
left join {{ ref('dim_domain') }} as d on i.domain_key = d.domain_key
left join {{ ref('dim_area') }} as a on f.area_key = a.area_key
left join {{ ref('dim_period') }} as p on f.period_key = p.period_key
