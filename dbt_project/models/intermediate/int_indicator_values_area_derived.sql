-- The figure of a statistical area built from its parts when it was not reported: from July 2025 the
-- former province (74, "Khu vực Bình Dương cũ") is exactly the union of its 36 communes and wards, so an
-- indicator that adds up across areas (its value kind: counts and amounts) has the sum of the 36 when all
-- of them reported it for the period. The province's series thus runs on once departments report by the
-- new units. Only statistical areas are built this way: a province or a district is what its department
-- reports (the cross-check area_equals_sum_of_its_parts compares the two).
{{ config(materialized='incremental', incremental_strategy='refresh_scope',
          meta={'refresh_scope': 'indicator_year'}) }}
with reported as (
    select * from {{ ref('int_indicator_values_reported') }}
    where {{ in_refresh_scope() }}
),

areas as (
    select * from {{ ref('int_area_periods') }}
),

statistical as (  -- each statistical area in each period, and how many parts it has then
    select s.area_code, s.period_code, count(*) as parts
    from areas as s
    inner join areas as c on c.parent_area_code = s.area_code and c.period_code = s.period_code
    where s.level = 'statistical'
    group by all
),

indicators as (
    select indicator_code, department_code from {{ ref('stg_reference__indicators') }}
    where is_additive
),

sums as (
    select
        c.parent_area_code as area_code,
        r.indicator_code,
        r.period_code,
        r.value_type,
        count(*) as parts_reported,
        {{ exact_sum('r.value') }} as value,
        min(r.status_rank) as status_rank,
        max(r.received_at) as received_at
    from reported as r
    inner join indicators as i on r.indicator_code = i.indicator_code
    inner join areas as c on r.area_code = c.area_code and r.period_code = c.period_code
    semi join statistical as s on c.parent_area_code = s.area_code and r.period_code = s.period_code
    group by all
)

select
    s.indicator_code,
    s.area_code,
    s.period_code,
    s.value_type,
    st.status,
    s.status_rank,
    s.value,
    i.department_code,
    s.received_at
from sums as s
inner join statistical as p on s.area_code = p.area_code and s.period_code = p.period_code and s.parts_reported = p.parts
inner join indicators as i on s.indicator_code = i.indicator_code
inner join {{ ref('stg_reference__statuses') }} as st on s.status_rank = st.status_rank
anti join reported as r
    on s.indicator_code = r.indicator_code and s.area_code = r.area_code and s.period_code = r.period_code
    and s.value_type = r.value_type
