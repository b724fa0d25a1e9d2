{# Rows whose combination of columns is not unique (the one test we would otherwise take from dbt_utils;
   kept local so that the project builds with no package download). #}
{% test dbt_utils_unique_combination(model, columns) %}
select {{ columns | join(', ') }}, count(*) as n
from {{ model }}
group by {{ columns | join(', ') }}
having count(*) > 1
{% endtest %}
