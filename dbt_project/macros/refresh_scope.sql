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


{% macro new_row_files() -%}
    {#- The lake's Parquet files holding the rows new to this build (refresh/new_files.csv, written by the
        orchestration: segment and file), as a DuckDB list; the empty schema file keeps the list valid
        when there are none. The model keeps the rows of the files listed. -#}
    {%- set paths = ["'rows/_empty.parquet'"] -%}
    {%- if execute -%}
        {%- set found = run_query("select distinct segment from read_csv('refresh/new_files.csv', header = true, "
                                  "all_varchar = true, columns = {'segment': 'varchar', 'file_sha256': 'varchar'}) "
                                  "order by 1") -%}
        {%- for seg in found.columns[0].values() -%}
            {%- do paths.append("'rows/" ~ seg ~ ".parquet'") -%}
        {%- endfor -%}
    {%- endif -%}
    [{{ paths | join(', ') }}]
{%- endmacro %}
