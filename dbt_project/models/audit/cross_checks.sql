-- Findings of the cross-checks between figures, each with the numbers behind it and the severity set in
-- dbt_project.yml (vars.cross_checks): 'warn' is listed here, 'block' also stops the refresh publishing.
-- The checks compare an indicator's figures with one another, so a refresh rebuilds the findings of the
-- indicators it rebuilt.
{{ config(materialized='incremental', incremental_strategy='refresh_scope',
          meta={'refresh_scope': 'indicator'}) }}
{% set cfg = var('cross_checks') %}
-- A value's area is the version its code means in the period (int_area_periods); a series runs over the
-- versions of one territory, so that a code reused for another unit starts a series of its own.
with current_values as (
    select
        v.indicator_code, v.area_code, v.period_code, v.value_type, v.value, v.file_sha256,
        a.territory_key, a.level, a.parent_area_code
    from {{ ref('int_indicator_values_reported') }} as v
    inner join {{ ref('int_area_periods') }} as a on v.area_code = a.area_code and v.period_code = a.period_code
    where {{ in_refresh_scope(indicator='v.indicator_code', period='v.period_code') }}
),

indicators as (
    select * from {{ ref('stg_reference__indicators') }}
),

periods as (
    select * from {{ ref('int_periods') }}
),

-- 1. the year to date equals the sum of the monthly actuals so far (flows, every month present)
ytd as (
    select v.indicator_code, v.area_code, v.territory_key, v.period_code, p.year, p.month, v.value, v.file_sha256
    from current_values as v
    inner join periods as p on v.period_code = p.period_code and p.period_type = 'month'
    where v.value_type = 'ytd'
),

monthly as (
    select v.indicator_code, v.territory_key, p.year, p.month, v.value
    from current_values as v
    inner join periods as p on v.period_code = p.period_code and p.period_type = 'month'
    inner join indicators as i on v.indicator_code = i.indicator_code and i.time_aggregation = 'sum'
    semi join ytd as y on v.indicator_code = y.indicator_code and v.territory_key = y.territory_key and p.year = y.year
    where v.value_type = 'actual'
),

months_so_far as (
    select
        *,
        sum(value) over so_far as expected,
        count(*) over so_far as months
    from monthly
    window so_far as (partition by indicator_code, territory_key, year order by month)
),

ytd_vs_months as (
    select y.indicator_code, y.area_code, y.period_code, y.value as actual, m.expected, m.months, y.file_sha256
    from ytd as y
    inner join months_so_far as m
        on y.indicator_code = m.indicator_code and y.territory_key = m.territory_key and y.year = m.year
        and y.month = m.month
    where m.months = y.month
),

-- 2. the year to date never decreases within a year
ytd_steps as (
    select
        *,
        lag(value) over (partition by indicator_code, territory_key, year order by month) as previous_value,
        lag(period_code) over (partition by indicator_code, territory_key, year order by month) as previous_period
    from ytd
),

-- 3. an area's figure equals the sum of its parts (the province's, its districts' or, from July 2025, its
--    communes'; a district's, its communes'), for indicators that add up across areas, where every part
--    valid in the period reported. The province's register is complete; the country's is not, so only
--    districts and communes count as parts.
parts as (
    select parent_area_code, period_code, count(*) as parts
    from {{ ref('int_area_periods') }}
    where level in ('district', 'commune') and parent_area_code is not null
    group by all
),

sum_of_parts as (
    select
        v.parent_area_code as area_code, v.indicator_code, v.period_code, v.value_type,
        {{ exact_sum('v.value') }} as expected, count(*) as parts_reported
    from current_values as v
    inner join indicators as i on v.indicator_code = i.indicator_code and i.is_additive
    where v.level in ('district', 'commune') and v.parent_area_code is not null
    group by all
),

area_vs_parts as (
    select s.*, v.value as actual, v.file_sha256
    from sum_of_parts as s
    inner join parts as p
        on s.area_code = p.parent_area_code and s.period_code = p.period_code and s.parts_reported = p.parts
    inner join current_values as v
        on s.indicator_code = v.indicator_code and s.area_code = v.area_code
        and s.period_code = v.period_code and s.value_type = v.value_type
),

-- 4. a workbook's derived columns (Cùng kỳ: the same period a year before) agree with the warehouse
derived_cells as (
    select c.*, v.value as warehouse_value
    from {{ ref('stg_lake__derived_cells') }} as c
    inner join current_values as v
        on c.indicator_code = v.indicator_code and c.area_code = v.area_code
        and c.period_code = v.period_code and c.value_type = v.value_type
    where c.kind = 'same_period_last_year' and c.value is not null
),

-- 5. outliers against the indicator's own history: the change from the same period a year before
--    (seasonal for months and quarters) against the typical change of that series, as a robust z-score
--    (median and median absolute deviation), so that trends and seasons do not count as outliers
history as (
    select
        v.indicator_code, v.area_code, v.territory_key, v.period_code, v.value, v.file_sha256, p.period_type, p.year,
        coalesce(p.month, p.quarter, p.half, 0) as season
    from current_values as v
    inner join periods as p on v.period_code = p.period_code
    where v.value_type = 'actual'
),

changes as (
    select *, value - previous_value as change
    from (
        select
            h.*,
            lag(value) over seasons as previous_value,
            lag(year) over seasons as previous_year
        from history as h
        window seasons as (partition by indicator_code, territory_key, period_type, season order by year)
    )
    where previous_year = year - 1
),

with_median as (
    select
        *,
        median(change) over series as med,
        count(*) over series as n
    from changes
    window series as (partition by indicator_code, territory_key, period_type)
),

robust as (
    select *
    from (
        select *, median(abs(change - med)) over (partition by indicator_code, territory_key, period_type) as mad
        from with_median
    )
    where n >= 6 and mad > 0
),

findings as (
    select
        'ytd_equals_sum_of_months' as check_name, indicator_code, area_code, period_code, 'ytd' as value_type,
        file_sha256, expected, actual,
        'lũy kế ' || actual || ' khác tổng ' || months || ' tháng (' || round(expected, 3)
            || ') — year to date differs from the sum of the months' as message
    from ytd_vs_months
    where abs(actual - expected) > {{ cfg.ytd_equals_sum_of_months.tolerance }} * greatest(abs(expected), 1)

    union all
    select
        'ytd_never_decreases', indicator_code, area_code, period_code, 'ytd', file_sha256, previous_value, value,
        'lũy kế kỳ ' || period_code || ' (' || value || ') nhỏ hơn kỳ ' || previous_period || ' ('
            || previous_value || ') — year to date decreased'
    from ytd_steps
    where previous_value is not null
      and value < previous_value * (1 - {{ cfg.ytd_never_decreases.tolerance }})

    union all
    select
        'area_equals_sum_of_its_parts', indicator_code, area_code, period_code, value_type, file_sha256,
        expected, actual,
        'số của địa bàn ' || area_code || ' (' || actual || ') khác tổng ' || parts_reported
            || ' đơn vị trực thuộc (' || round(expected, 3) || ') — the area differs from the sum of its parts'
    from area_vs_parts
    where abs(actual - expected) > {{ cfg.area_equals_sum_of_its_parts.tolerance }} * greatest(abs(expected), 1)

    union all
    select
        'workbook_derived_cells_agree', indicator_code, area_code, period_code, value_type, file_sha256,
        warehouse_value, value,
        'ô ' || coalesce(cell, '?') || ' (trang ' || coalesce(sheet, '') || ', cột "' || column_name || '") ghi '
            || raw_value || ' nhưng kho dữ liệu có ' || warehouse_value || ' cho kỳ ' || period_code
            || ' — a derived cell of the workbook disagrees with the warehouse'
    from derived_cells
    where abs(value - warehouse_value) > {{ cfg.workbook_derived_cells_agree.tolerance }} * greatest(abs(warehouse_value), 1)

    union all
    select
        'outlier_against_own_history', indicator_code, area_code, period_code, 'actual', file_sha256,
        previous_value + med, value,
        'giá trị ' || value || ' bất thường so với lịch sử của chính chỉ tiêu (cùng kỳ năm trước '
            || previous_value || '); khoảng dự kiến ' || round(previous_value + med - 3 * 1.4826 * mad, 2)
            || ' – ' || round(previous_value + med + 3 * 1.4826 * mad, 2) || ' — outlier against its own history'
    from robust
    where abs(change - med) / (1.4826 * mad) > {{ cfg.outlier_against_own_history.threshold }}
)

select
    f.check_name,
    case f.check_name
        {% for name, c in cfg.items() %}when '{{ name }}' then '{{ c.severity }}'
        {% endfor %}
    end as severity,
    f.indicator_code,
    f.area_code,
    f.period_code,
    f.value_type,
    f.expected,
    f.actual,
    f.actual - f.expected as difference,
    f.message,
    f.file_sha256,
    files.file_name
from findings as f
left join {{ ref('stg_lake__files') }} as files on f.file_sha256 = files.file_sha256
