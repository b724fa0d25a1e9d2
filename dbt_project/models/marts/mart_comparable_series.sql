-- History on today's geography, where that is exact. One row per indicator, current area made by the
-- 2025 reorganisation (the 36 communes and wards, the former province's statistical area 74, the 34
-- provinces), period and value type, with how the value was obtained:
--   reported / derived      the unit's own value, in a period it existed (derived: from finer periods or
--                           from its parts, as in fct_indicator_value);
--   same_territory          before the change, the value of the one old unit that covered the same ground;
--   sum_of_whole_predecessors  before the change, the sum of its old units, when every one went into it
--                           whole, every one reported, and the indicator adds up over time and across
--                           areas (time_aggregation sum, an additive value kind);
--   not_comparable          none of the above (an old unit divided between new ones, an indicator that
--                           does not add up, an old unit that did not report): value empty, never estimated.
-- Old units are reference/area_successions.csv; each is taken as the version valid the day before the change.
{{ config(materialized='incremental', incremental_strategy='refresh_scope',
          meta={'refresh_scope': 'indicator_year'}) }}
with versions as (
    select * from {{ ref('int_area_versions') }}
),

successions as (
    select * from {{ ref('stg_reference__area_successions') }}
),

targets as (  -- the current units a reorganisation made
    select v.*
    from versions as v
    semi join successions as s on v.area_code = s.new_area_code and v.valid_from = s.effective_date
    where v.valid_to = date '9999-12-31'
),

predecessors as (
    select
        t.area_key as target_key,
        o.area_key as old_key,
        o.area_code as old_area_code,
        s.merge_type,
        o.territory_key = t.territory_key as same_territory
    from targets as t
    inner join successions as s on t.area_code = s.new_area_code and t.valid_from = s.effective_date
    inner join versions as o on s.old_area_code = o.area_code and o.valid_to = t.valid_from - 1
),

rules as (
    select
        target_key,
        count(*) as predecessors,
        bool_and(merge_type = 'full') as all_whole,
        count(*) = 1 and bool_and(same_territory) as same_territory
    from predecessors
    group by target_key
),

facts as (
    select f.indicator_key, f.area_key, f.period_key, f.indicator_code, f.period_code, f.value_type, f.value, f.is_derived
    from {{ ref('fct_indicator_value') }} as f
    where {{ in_refresh_scope('f.indicator_code', 'f.period_code') }}
),

indicators as (
    select indicator_key, time_aggregation = 'sum' and is_additive as adds_up from {{ ref('dim_indicator') }}
),

own as (
    select
        f.indicator_key, f.indicator_code, t.area_key, t.area_code, f.period_key, f.period_code, f.value_type,
        f.value, case when f.is_derived then 'derived' else 'reported' end as how_obtained,
        1::bigint as parts_expected, 1::bigint as parts_reported, t.area_code as source_area_codes
    from facts as f
    inner join targets as t on f.area_key = t.area_key
),

history as (
    select
        f.indicator_key, f.indicator_code, p.target_key, f.period_key, f.period_code, f.value_type,
        count(*) as parts_reported,
        {{ exact_sum('f.value') }} as value,
        array_to_string(list_sort(list(p.old_area_code)), ',') as source_area_codes  -- (an ordered string_agg: twice as slow)
    from facts as f
    inner join predecessors as p on f.area_key = p.old_key
    inner join {{ ref('dim_period') }} as pe on f.period_key = pe.period_key
    inner join targets as t on p.target_key = t.area_key
    where pe.end_date < t.valid_from
    group by all
),

judged as (
    select
        h.indicator_key, h.indicator_code, t.area_key, t.area_code, h.period_key, h.period_code, h.value_type,
        h.value,
        case
            when r.same_territory then 'same_territory'
            when r.all_whole and i.adds_up and h.parts_reported = r.predecessors then 'sum_of_whole_predecessors'
            else 'not_comparable'
        end as how_obtained,
        r.predecessors as parts_expected,
        h.parts_reported,
        h.source_area_codes,
        case
            when r.same_territory then null
            when not r.all_whole then 'có đơn vị cũ chỉ nhập một phần vào đơn vị này — an old unit went into it only in part'
            when not i.adds_up then 'chỉ tiêu không cộng được theo thời gian và địa bàn — the indicator does not add up'
            when h.parts_reported < r.predecessors then
                'thiếu số của ' || (r.predecessors - h.parts_reported) || '/' || r.predecessors
                || ' đơn vị cũ — old units missing'
        end as not_comparable_reason
    from history as h
    inner join rules as r on h.target_key = r.target_key
    inner join targets as t on h.target_key = t.area_key
    inner join indicators as i on h.indicator_key = i.indicator_key
)

select
    indicator_key, indicator_code, area_key, area_code, period_key, period_code, value_type, value,
    how_obtained, true as is_comparable, parts_expected, parts_reported, source_area_codes,
    null::varchar as not_comparable_reason
from own
union all
select
    indicator_key, indicator_code, area_key, area_code, period_key, period_code, value_type,
    case when how_obtained = 'not_comparable' then null else value end as value,
    how_obtained, how_obtained <> 'not_comparable' as is_comparable, parts_expected, parts_reported,
    source_area_codes, not_comparable_reason
from judged
