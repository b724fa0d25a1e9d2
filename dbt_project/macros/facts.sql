{#- A published fact row of each value in ``rows`` (a CTE of values by code, as the versions hold them): the
    star schema's keys (a value whose indicator, area or period is not in them is not published; the area
    and the department are the versions their codes mean in the value's period), the value, and where it
    came from. ``between`` are more columns of ``v``, placed before the
    version, sheet and row of the source. fct_indicator_value and fct_indicator_value_superseded are made
    of these rows, and fct_indicator_value_history of both. -#}
{% macro fact_rows(rows, between) -%}
select
    i.indicator_key,
    a.area_key,
    p.period_key,
    d.department_key,
    v.value_type,
    v.status,
    v.value,
    f.file_name as source_file,
    v.received_at as loaded_at,
    v.indicator_code,
    v.area_code,
    v.period_code,
    v.department_code,
    v.file_sha256 as source_file_sha256,
    {{ between }},
    v.arrival_seq as version_number,
    v.sheet as source_sheet,
    v.row_number as source_row_number
from {{ rows }} as v
inner join {{ ref('dim_indicator') }} as i on v.indicator_code = i.indicator_code
inner join {{ ref('int_area_periods') }} as a on v.area_code = a.area_code and v.period_code = a.period_code
inner join {{ ref('dim_period') }} as p on v.period_code = p.period_code
left join {{ ref('int_department_periods') }} as d
    on v.department_code = d.department_code and v.period_code = d.period_code
left join (select file_sha256, file_name from {{ ref('stg_lake__files') }}) as f on v.file_sha256 = f.file_sha256
{%- endmacro %}
