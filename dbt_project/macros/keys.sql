{# A stable 63-bit surrogate key from natural key parts: the same codes give the same key in every
   refresh and in a replay, so a saved BI query keeps working. #}
{% macro surrogate_key(parts) -%}
    (md5_number(concat_ws('|', {{ parts | join(', ') }})) >> 65)::bigint
{%- endmacro %}

{% macro status_rank(column) -%}
    case {{ column }} when 'estimate' then 1 when 'preliminary' then 2 when 'official' then 3 end
{%- endmacro %}


