{#- The findings of audit.cross_checks an incremental build rebuilds (models/audit/cross_checks.sql): the
    outliers of the indicators in scope, the other checks' findings in those indicators' years in scope. -#}
{% macro cross_checks_in_scope() -%}
    (case when check_name = 'outlier_against_own_history' then {{ refresh_scope_condition() }}
          else {{ refresh_scope_condition(period='period_code') }} end)
{%- endmacro %}
