{#- Incremental refreshes: a refresh rebuilds only the indicators that its new files touched
    (int_refresh_scope, written by the orchestration), since every model downstream of the versions is
    computed indicator by indicator. A full refresh (the first one, changed models or reference data, a
    failed or interrupted last build, or a week since the last full one) rebuilds everything.

    An incremental model is materialized 'incremental' with the 'append' strategy: its pre-hook deletes
    the indicators in scope, and its body selects only them (`where {{ in_refresh_scope() }}`). It must
    say `-- depends_on: {{ ref('int_refresh_scope') }}` so that the scope is built first. -#}

{% macro in_refresh_scope(column='indicator_code') -%}
    {%- if is_incremental() -%}
        {{ column }} in (select indicator_code from {{ ref('int_refresh_scope') }})
    {%- else -%}
        true
    {%- endif -%}
{%- endmacro %}

{% macro delete_refresh_scope(column='indicator_code') -%}
    {%- if is_incremental() -%}
        delete from {{ this }} where {{ column }} in (select indicator_code from {{ ref('int_refresh_scope') }})
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}
