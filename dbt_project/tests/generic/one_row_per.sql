{# Rows whose combination of columns is not unique (the one test we would otherwise take from dbt_utils;
   kept local so that the project builds with no package download).
   An incremental refresh rebuilds only what is in its scope (macros/refresh_scope.sql); the rest passed
   when it was built and has not changed, so with `scope_column` (the indicator code, part of the
   combination) only the rebuilt indicators are tested, and with `scope_period` as well (the period code)
   only their rebuilt periods. A full refresh tests every row. #}
{% test dbt_utils_unique_combination(model, columns, scope_column=none, scope_period=none) %}
{#- the scope's model, named outside the condition so that dbt sees the dependency -#}
{%- set _depends_on = ref('int_refresh_scope_periods') if scope_period else ref('int_refresh_scope') if scope_column else none %}
select {{ columns | join(', ') }}, count(*) as n
from {{ model }}
{%- if scope_column and not flags.FULL_REFRESH %}
where {{ refresh_scope_condition(scope_column, scope_period) }}
{%- endif %}
group by {{ columns | join(', ') }}
having count(*) > 1
{% endtest %}
