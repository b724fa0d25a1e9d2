{#- The tests of an incremental model test what the refresh rebuilt (macros/refresh_scope.sql): the rest
    passed when it was built and has not changed since, and an incremental build runs only after a clean
    one with the same models and reference data (the dimensions the keys are checked against included).
    A test asks for it with a `where` config that names the scope it is in, as a placeholder:

    - `__refresh_scope_periods__`: the rows of the indicators and years in int_refresh_scope_periods
      (the models of values, versions and facts);
    - `__refresh_scope__`: the rows of the indicators in int_refresh_scope (the models computed over an
      indicator's whole series).

    A full refresh (`--full-refresh`, as every full rebuild of the orchestration is) tests every row: the
    placeholder is then `true`. This overrides dbt's get_where_subquery, which generic tests call on the
    model they test; a `where` without a placeholder filters as dbt's own does.

    The scope's table is found in dbt's graph, not by ref(): dbt parses a test before its config is known
    here, so it cannot record the scope as the test's parent, and refuses a ref() it did not record. The
    tested model depends on its scope (every incremental model does), so the scope is built first. -#}
{% macro get_where_subquery(relation) -%}
    {%- set where = config.get('where', '') -%}
    {%- if not where -%}
        {%- do return(relation) -%}
    {%- endif -%}
    {#- (two blocks, not a loop: a value set in a Jinja loop does not outlive it) -#}
    {%- if '__refresh_scope_periods__' in where -%}
        {%- set condition = 'true' if flags.FULL_REFRESH else refresh_scope_condition(
                                'indicator_code', 'period_code', scope=_scope_relation('int_refresh_scope_periods')) -%}
        {%- set where = where | replace('__refresh_scope_periods__', condition) -%}
    {%- endif -%}
    {%- if '__refresh_scope__' in where -%}
        {%- set condition = 'true' if flags.FULL_REFRESH else refresh_scope_condition(
                                'indicator_code', scope=_scope_relation('int_refresh_scope')) -%}
        {%- set where = where | replace('__refresh_scope__', condition) -%}
    {%- endif -%}
    {%- do return('(select * from ' ~ relation ~ ' where ' ~ where ~ ') dbt_subquery') -%}
{%- endmacro %}

{% macro _scope_relation(name) -%}
    {%- set node = graph.nodes['model.' ~ project_name ~ '.' ~ name] if execute else none -%}
    {%- if node is none -%}
        {%- do return(name) -%}
    {%- endif -%}
    {%- do return(api.Relation.create(database=node.database, schema=node.schema, identifier=node.alias)) -%}
{%- endmacro %}
