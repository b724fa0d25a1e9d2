-- Every version received and accepted, with when it arrived, from which file, and when a later version
-- superseded it (null for the current one). A view, not a third copy of the 6 M observations at M: the
-- current versions are the reported rows of fct_indicator_value (which carries their version number,
-- sheet and row), the superseded ones are fct_indicator_value_superseded. Both are in the published file,
-- so the view reads them wherever the file is opened.
{{ config(materialized='view') }}
{% set columns -%}
    indicator_key, area_key, period_key, department_key, value_type, status, value, source_file, loaded_at
{%- endset %}
{% set source_columns -%}
    version_number, indicator_code, area_code, period_code, department_code, source_file_sha256, source_sheet,
    source_row_number
{%- endset %}
select {{ columns }}, null::timestamptz as superseded_at, {{ source_columns }}
from {{ ref('fct_indicator_value') }}
where not is_derived
union all
select {{ columns }}, superseded_at, {{ source_columns }}
from {{ ref('fct_indicator_value_superseded') }}
