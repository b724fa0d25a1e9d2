{# Rows whose keys are not in their dimensions: dbt's `relationships` for all of a table's keys at once
   (`dimensions` maps each key column to the dimension model that has it, under the same name). One test
   rather than one per key: each test is a node of dbt's build, with a start-up that costs more than the
   query does when an incremental refresh tests a few indicators' rows. A failing row names the key
   column and the value missing from its dimension. #}
{% test keys_in_dimensions(model, dimensions) %}
with tested as (
    select * from {{ model }}
)
{%- for column, dimension in dimensions.items() %}
{%- if not loop.first %}
union all
{%- endif %}
select '{{ column }}' as key_column, f.{{ column }} as key_value
from tested as f
anti join {{ ref(dimension) }} as d on f.{{ column }} = d.{{ column }}
where f.{{ column }} is not null
{%- endfor %}
{% endtest %}
