{#- The combinations of `columns` that more than one row has (the table should have one row per
    combination). An incremental build tests the rows it rebuilt (the model's refresh scope, see
    macros/refresh_scope.sql): the others passed when they were built and are as they were. -#}
{% test one_row_per(model, columns) %}
{{ config(meta={'description': 'One row per ' ~ columns | join(', ') ~ '.'}) }}
select {{ columns | join(', ') }}, count(*) as rows_with_this_key
from {{ model }}
where {{ refresh_scope_condition(refresh_scope_of(model)) }}
group by {{ columns | join(', ') }}
having count(*) > 1
{% endtest %}
