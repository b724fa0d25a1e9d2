{#- Incremental refreshes: a refresh rebuilds only what its new files touched; a full refresh (the first
    one, changed models or reference data, a failed or interrupted last build, or a week since the last
    full one) rebuilds everything. The orchestration writes two scopes:

    - the indicators with rows in the new files (int_refresh_scope): what the models computed over an
      indicator's whole series rebuild (the cross-checks' outliers, the scorecard's latest and previous
      year);
    - those indicators' periods in the years their rows are of (int_refresh_scope_periods: every period
      of each such year): what the models of values, versions and facts rebuild, since a value, its
      versions and the quarters, halves and year derived from its months all lie within one year. A new
      month of an indicator with years of history re-builds that year, not the history.

    An incremental model is materialized 'incremental' with the 'append' strategy: its pre-hook deletes
    what is in scope (`delete_refresh_scope()`, or `delete_refresh_scope(period='period_code')`), and its
    body selects only that (`where {{ in_refresh_scope() }}`, with the same arguments). It must say
    `-- depends_on: {{ ref('int_refresh_scope') }}` (or `int_refresh_scope_periods`) so that the scope is
    built first. -#}

{% macro in_refresh_scope(column='indicator_code', period=none) -%}
    {%- if is_incremental() -%}
        {{ refresh_scope_condition(column, period) }}
    {%- else -%}
        true
    {%- endif -%}
{%- endmacro %}

{% macro refresh_scope_condition(column='indicator_code', period=none, scope=none) -%}
    {#- What is in this refresh's scope, whatever the run (the tests use it too): the indicator, or with
        ``period`` the indicator and period. ``scope`` is the scope's relation, where it may not be named
        by ref() (macros/tests_in_scope.sql). -#}
    {%- if period -%}
        ({{ column }}, {{ period }}) in (select indicator_code, period_code from {{ scope or ref('int_refresh_scope_periods') }})
    {%- else -%}
        {{ column }} in (select indicator_code from {{ scope or ref('int_refresh_scope') }})
    {%- endif -%}
{%- endmacro %}

{% macro delete_refresh_scope(column='indicator_code', period=none, where=none) -%}
    {#- ``where``: a condition of its own, for a model whose rows are in scope by more than one rule -#}
    {%- if is_incremental() -%}
        delete from {{ this }} where {{ where or in_refresh_scope(column, period) }}
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}

