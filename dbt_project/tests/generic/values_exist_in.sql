{#- Rows with a value missing from the model that should hold it: dbt's `relationships`, for several
    columns at once (`models` maps each column to the model that has it, under the same name: a key to its
    dimension, a code to its vocabulary). A failing row names the column and the value. An incremental
    build tests the rows it rebuilt (the model's refresh scope, see macros/refresh_scope.sql). -#}
{% test values_exist_in(model, models) %}
{{ config(meta={'description': 'Every ' ~ (models.keys() | join(', ')) ~ ' is found in ' ~ (models.values() | join(', ')) ~ ' respectively.'}) }}
with tested as (
    select * from {{ model }}
    where {{ refresh_scope_condition(refresh_scope_of(model)) }}
)
{%- for column, lookup in models.items() %}
{%- if not loop.first %}
union all
{%- endif %}
select '{{ column }}' as column_name, f.{{ column }}::varchar as missing_value
from tested as f
anti join {{ ref(lookup) }} as d on f.{{ column }} = d.{{ column }}
where f.{{ column }} is not null
{%- endfor %}
{% endtest %}
