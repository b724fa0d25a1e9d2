{#- The refresh scope: what a refresh rebuilds (orchestration/build.py decides it).

    The var `refresh_scope` is null in a full build: every row is in scope. In an incremental build it
    maps each indicator whose rows arrived in the refresh's new files to the years of those rows, e.g.
    {"CCHC.002": ["2022"], "TM.001": ["2022", "2023"]}.

    An incremental model says how its rows are scoped, in its config's meta:
      refresh_scope: indicator_year   its rows of those indicators in those years (the values, versions and
                                      facts: a value, its versions and the quarters, halves and year derived
                                      from its months all lie within one year);
      refresh_scope: indicator        its rows of those indicators, every year (what is computed over an
                                      indicator's whole series: the cross-checks, the scorecard).
    It selects what is in scope with `where {{ in_refresh_scope() }}` and is materialized incremental with
    the strategy 'refresh_scope' (below), which deletes what is in scope from the table and inserts what
    the model selected. The generic tests of tests/generic/ test the rows in scope of the model they test. -#}

{% macro refresh_scope_condition(by, indicator='indicator_code', period='period_code') -%}
    {#- Rows of `by` ('indicator' or 'indicator_year') in this refresh's scope: always true in a full build. -#}
    {%- set scope = var('refresh_scope', none) -%}
    {%- if scope is none or by is none -%}
        true
    {%- elif scope | length == 0 -%}
        false
    {%- else -%}
        ({{ indicator }} in (
            {%- for code in scope %}{{ "'" ~ code | replace("'", "''") ~ "'" }}{{ ', ' if not loop.last }}{% endfor -%}
        )
        {%- if by == 'indicator_year' %} and ({{ indicator }}, left({{ period }}, 4)) in (
            {%- for code, years in scope.items() %}{% set outer = loop %}{% for year in years -%}
            ({{ "'" ~ code | replace("'", "''") ~ "'" }}, '{{ year | int }}'){{ ', ' if not (loop.last and outer.last) }}
            {%- endfor %}{% endfor -%}
        )
        {%- endif -%})
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
