{#- The column is the table's key: set on every row, and no two rows share a value (dbt's unique and
    not_null in one test). A failing row is a value that is empty or repeated, with how often it occurs. -#}
{% test primary_key(model, column_name) %}
{{ config(meta={'description': 'Every row has a ' ~ column_name ~ ', and no two rows share one (the table\'s key).'}) }}
select {{ column_name }}, count(*) as rows_with_this_value
from {{ model }}
group by {{ column_name }}
having {{ column_name }} is null or count(*) > 1
{% endtest %}
