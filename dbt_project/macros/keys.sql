{#- A stable 63-bit surrogate key from natural key parts: the same codes give the same key in every
    refresh and in a replay, so that a saved BI query keeps working. -#}
{% macro surrogate_key(parts) -%}
    (md5_number(concat_ws('|', {{ parts | join(', ') }})) >> 65)::bigint
{%- endmacro %}

{#- A sum of doubles that does not depend on the order DuckDB's threads add them in (which would change
    the last bit from one refresh to the next): added as exact decimals, then back to double (or left as
    the decimal, as='decimal', for partial sums that are added up further). -#}
{% macro exact_sum(column, as='double') -%}
    sum({{ column }}::decimal(38, 10)){{ '::double' if as == 'double' else '' }}
{%- endmacro %}
