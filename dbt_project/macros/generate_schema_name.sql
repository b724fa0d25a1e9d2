{# Schemas are named exactly as configured (marts, audit, ...), not prefixed with the target schema:
   the published names are a contract with the dashboards. #}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {{ custom_schema_name if custom_schema_name is not none else target.schema }}
{%- endmacro %}
