{#- The refresh scope: what a refresh rebuilds (orchestration/build.py decides it).

    A full build (`dbt build --full-refresh`) rebuilds every row. An incremental build rebuilds the
    indicator-years in the table `refresh_scope` (indicator_code, year) of the build database: the
    orchestration writes it before it starts dbt and drops it once dbt is done, and each run's Dagster
    metadata shows it (`refresh_scope`). Without that table, as in a `dbt build` run by hand, every row is
    in scope. It is a table rather than a dbt var because dbt parses the whole project again whenever a
    var changes, and the scope changes every night.

    An incremental model says how its rows are scoped, in its config's meta:
      refresh_scope: indicator_year   its rows of those indicators in those years (the values, versions and
                                      facts: a value, its versions and the quarters, halves and year derived
                                      from its months all lie within one year);
      refresh_scope: indicator        its rows of those indicators, every year (what is computed over an
                                      indicator's whole series: the cross-checks, the scorecard).
    It selects what is in scope with `where {{ in_refresh_scope() }}` and is materialized incremental with
    the strategy 'refresh_scope' (below), which deletes what is in scope from the table and inserts what
    the model selected. The generic tests of tests/generic/ test the rows in scope of the model they test. -#}

{% macro refresh_scope_table() -%}
    {#- The build's table of indicator-years to rebuild, or none: a full build, or no scope given. -#}
    {%- if flags.FULL_REFRESH or not execute -%}
        {%- do return(none) -%}
    {%- endif -%}
    {%- do return(adapter.get_relation(database=target.database, schema='main', identifier='refresh_scope')) -%}
{%- endmacro %}

{% macro refresh_scope_condition(by, indicator='indicator_code', period='period_code') -%}
    {#- Rows of `by` ('indicator' or 'indicator_year') in this refresh's scope: always true in a full build. -#}
    {%- set scope = refresh_scope_table() if by is not none else none -%}
    {%- if scope is none -%}
        true
    {%- elif by == 'indicator_year' -%}
        ({{ indicator }}, left({{ period }}, 4)) in (select indicator_code, year from {{ scope }})
    {%- else -%}
        {{ indicator }} in (select indicator_code from {{ scope }})
    {%- endif -%}
{%- endmacro %}

{% macro in_refresh_scope(indicator='indicator_code', period='period_code') -%}
    {#- In an incremental model: its rows in scope, or every row when its table is built whole. -#}
    {%- if is_incremental() -%}
        {{ refresh_scope_condition(config.get('meta', {}).get('refresh_scope'), indicator, period) }}
    {%- else -%}
        true
    {%- endif -%}
{%- endmacro %}

{% macro get_incremental_refresh_scope_sql(arg_dict) -%}
    {#- dbt's hook for a custom incremental strategy: replace what is in scope with what the model selected. -#}
    {%- set columns = get_quoted_csv(arg_dict['dest_columns'] | map(attribute='name')) -%}
    delete from {{ arg_dict['target_relation'] }}
    where {{ refresh_scope_condition(config.get('meta', {}).get('refresh_scope')) }};
    insert into {{ arg_dict['target_relation'] }} ({{ columns }})
    select {{ columns }} from {{ arg_dict['temp_relation'] }}
{%- endmacro %}

{% macro refresh_scope_of(relation) -%}
    {#- How the model behind `relation` scopes its rows (its meta's refresh_scope), for its tests. -#}
    {%- if execute -%}
        {%- for node in graph.nodes.values() if node.resource_type == 'model'
                and node.alias == relation.identifier and node.schema == relation.schema -%}
            {%- do return(node.config.get('meta', {}).get('refresh_scope')) -%}
        {%- endfor -%}
    {%- endif -%}
    {%- do return(none) -%}
{%- endmacro %}
