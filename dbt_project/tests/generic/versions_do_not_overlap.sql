{#- Versions of one code whose validity overlaps another's: a code means one unit (or department) on any
    day, so a value's period finds its version without doubt. -#}
{% test versions_do_not_overlap(model, code, valid_from='valid_from', valid_to='valid_to') %}
{{ config(meta={'description': 'No two versions of one ' ~ code ~ ' are valid on the same day.'}) }}
select a.{{ code }}, a.{{ valid_from }}, b.{{ valid_from }} as overlapping_from
from {{ model }} as a
inner join {{ model }} as b
    on a.{{ code }} = b.{{ code }} and a.{{ valid_from }} < b.{{ valid_from }} and b.{{ valid_from }} <= a.{{ valid_to }}
{% endtest %}
