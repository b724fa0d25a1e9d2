-- One row per indicator and area (its territory: the former province 74 runs on across 1 July 2025, a
-- code reused for another unit does not): the latest actual at the indicator's own frequency, the plan for
-- that year, achievement against it, the same period a year before, and whether it is on track, read in
-- the indicator's direction (up: more is better; down: less is better; neutral: no judgement).
{{ config(materialized='incremental', incremental_strategy='refresh_scope',
          meta={'refresh_scope': 'indicator'}) }}
with facts as (
    select f.*, a.territory_key, p.period_type, p.year, p.month, p.start_date, p.end_date
    from {{ ref('fct_indicator_value') }} as f
    inner join {{ ref('dim_area') }} as a on f.area_key = a.area_key
    inner join {{ ref('dim_period') }} as p on f.period_key = p.period_key
    where {{ in_refresh_scope('f.indicator_code', 'f.period_code') }}
),

indicators as (
    select * from {{ ref('dim_indicator') }}
),

actuals as (
    select f.*
    from facts as f
    inner join indicators as i on f.indicator_key = i.indicator_key and f.period_type = i.frequency
    where f.value_type = 'actual'
),

latest as (
    select * from actuals
    qualify row_number() over (partition by indicator_key, territory_key order by start_date desc) = 1
),

plans as (
    select f.indicator_key, f.territory_key, f.year, f.value as plan_value
    from facts as f
    where f.value_type = 'plan' and f.period_type = 'year'
),

-- the figure of the year so far, by the month it runs through: a year to date, or the figure of a month,
-- quarter, half or year that starts in January (through March the year to date is the first quarter's
-- figure: ingestion/periods.py, first_months)
ytd as (
    select indicator_key, territory_key, year, month(end_date) as through_month, value as ytd_value
    from facts
    where value_type = 'ytd' or (value_type = 'actual' and month(start_date) = 1)
),

scored as (
    select
        l.indicator_key,
        l.area_key,
        l.indicator_code,
        l.area_code,
        i.name_vi,
        i.unit,
        i.direction,
        i.time_aggregation,
        l.period_code as latest_period_code,
        l.value as latest_actual,
        l.status as latest_status,
        y.ytd_value,
        pl.plan_value as plan_for_year,
        prev.value as same_period_previous_year,
        -- flows are judged year to date against the annual plan; stocks and rates by their level
        case
            when i.time_aggregation = 'sum' and l.period_type <> 'year'
                then coalesce(y.ytd_value, null)
            else l.value
        end as compared_value,
        case
            when i.time_aggregation = 'sum' and l.period_type = 'month' then l.month / 12.0
            when i.time_aggregation = 'sum' and l.period_type <> 'year'
                then (month(p_end.end_date)) / 12.0
            else 1.0
        end as share_of_year_elapsed
    from latest as l
    inner join indicators as i on l.indicator_key = i.indicator_key
    inner join {{ ref('dim_period') }} as p_end on l.period_key = p_end.period_key
    left join plans as pl
        on l.indicator_key = pl.indicator_key and l.territory_key = pl.territory_key and l.year = pl.year
    left join ytd as y on l.indicator_key = y.indicator_key and l.territory_key = y.territory_key
        and y.year = l.year and y.through_month = month(p_end.end_date)
    left join actuals as prev on l.indicator_key = prev.indicator_key and l.territory_key = prev.territory_key
        and prev.period_type = l.period_type and prev.start_date = l.start_date - interval 1 year
)

select
    indicator_key,
    area_key,
    indicator_code,
    area_code,
    name_vi,
    unit,
    direction,
    latest_period_code,
    latest_actual,
    latest_status,
    ytd_value,
    plan_for_year,
    round(100.0 * compared_value / nullif(plan_for_year, 0), 1) as achievement_pct_of_plan,
    same_period_previous_year,
    round(100.0 * (latest_actual - same_period_previous_year) / nullif(abs(same_period_previous_year), 0), 1)
        as change_pct_vs_previous_year,
    case
        when direction = 'neutral' then null
        when plan_for_year is not null and compared_value is not null then
            case direction
                when 'up' then compared_value >= plan_for_year * share_of_year_elapsed
                else compared_value <= plan_for_year * share_of_year_elapsed
            end
        when same_period_previous_year is not null then
            case direction
                when 'up' then latest_actual >= same_period_previous_year
                else latest_actual <= same_period_previous_year
            end
    end as on_track
from scored
