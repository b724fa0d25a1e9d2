{# Rows whose combination of columns is not unique (the one test we would otherwise take from dbt_utils;
   kept local so that the project builds with no package download).
   An incremental refresh rebuilds only the indicators in its scope (macros/refresh_scope.sql); the others
   passed when they were built and have not changed, so with `scope_column` (the indicator code, part of
   the combination) only the rebuilt ones are tested. A full refresh tests every row. #}
{% test dbt_utils_unique_combination(model, columns, scope_column=none) %}
{%- set scope = ref('int_refresh_scope') if scope_column else none %}  {#- outside the condition, for dbt to see it #}
select {{ columns | join(', ') }}, count(*) as n
from {{ model }}
{%- if scope_column and not flags.FULL_REFRESH %}
where {{ scope_column }} in (select indicator_code from {{ scope }})
{%- endif %}
group by {{ columns | join(', ') }}
having count(*) > 1
{% endtest %}
