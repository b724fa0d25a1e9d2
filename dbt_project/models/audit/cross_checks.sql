-- Findings of the cross-checks between figures, each with the numbers behind it and the severity set in
-- dbt_project.yml (vars.cross_checks): 'warn' is listed here, 'block' also stops publishing.
-- Incremental (macros/refresh_scope.sql): the outliers, judged against an indicator's whole series, are
-- rebuilt for the indicators in this refresh's scope; the other checks compare figures of one year (a year
-- to date with its months, the province with its districts in a period, a workbook's cell with the
-- period it names), and are rebuilt for those indicators' years in scope only.
{{ config(materialized='incremental', incremental_strategy='append',
          pre_hook="{{ delete_refresh_scope(where=cross_checks_in_scope()) }}") }}
-- depends_on: {{ ref('int_refresh_scope') }}
-- depends_on: {{ ref('int_refresh_scope_periods') }}
{% set cfg = var('cross_checks') %}

-- The checks carry the file each current value came from as a hash of its SHA-256 (one integer, where the
-- 64-character text would widen every window and join); the findings, a few, take the file back by it at
-- the end (a workbook's derived cell names its own workbook). At M this is 2.4-2.5 s for the model against
-- 3.6-4.2 s looking the findings' files up again among the 5.5 M current values. Two received files
-- whose hashes collide would fail the build of stg_lake__files (a unique constraint), not name a wrong file.
with current_values as (
    select indicator_code, area_code, period_code, value_type, value, hash(file_sha256) as file_hash
    from {{ ref('int_indicator_values_reported') }}
    where {{ in_refresh_scope() }}
),

-- the values of the indicators and years in scope: what the checks within a year read
year_values as (
    select * from current_values
    where {{ in_refresh_scope(period='period_code') }}
),

indicators as (
    select * from {{ ref('stg_reference__indicators') }}
),

periods as (
    select * from {{ ref('int_periods') }}
),

areas as (
    select * from {{ ref('stg_reference__areas') }}
),

-- 1. year to date = the sum of the monthly actuals so far (flows only, every month present), for the
--    series that report a year to date
ytd as (
    select v.indicator_code, v.area_code, v.period_code, p.year, p.month, v.value, v.file_hash
    from year_values as v
    inner join periods as p on v.period_code = p.period_code and p.period_type = 'month'
    where v.value_type = 'ytd'
),

monthly as (
    select v.indicator_code, v.area_code, p.year, p.month, v.value
    from year_values as v
    inner join periods as p on v.period_code = p.period_code and p.period_type = 'month'
    inner join indicators as i on v.indicator_code = i.indicator_code and i.time_aggregation = 'sum'
    semi join ytd as y on v.indicator_code = y.indicator_code and v.area_code = y.area_code and p.year = y.year
    where v.value_type = 'actual'
),

months_so_far as (
    select
        *,
        sum(value) over so_far as expected,
        count(*) over so_far as months
    from monthly
    window so_far as (partition by indicator_code, area_code, year order by month)
),

ytd_vs_months as (
    select y.indicator_code, y.area_code, y.period_code, y.value as actual, m.expected, m.months, y.file_hash
    from ytd as y
    inner join months_so_far as m
        on y.indicator_code = m.indicator_code and y.area_code = m.area_code and y.year = m.year
        and y.month = m.month
    where m.months = y.month
),

-- 2. year to date never decreases within a year
ytd_steps as (
    select
        *,
        lag(value) over (partition by indicator_code, area_code, year order by month) as previous_value,
        lag(period_code) over (partition by indicator_code, area_code, year order by month) as previous_period
    from ytd
),

-- 3. the province equals the sum of its districts, for additive indicators
district_sums as (
    select v.indicator_code, v.period_code, v.value_type, {{ exact_sum('v.value') }} as expected,
           count(*) as districts
    from year_values as v
    inner join areas as a on v.area_code = a.area_code and a.level = 'district'
    inner join indicators as i on v.indicator_code = i.indicator_code and i.is_additive
    group by all
    having count(*) = (select count(*) from areas where level = 'district')
),

province_vs_districts as (
    select d.*, v.value as actual, v.file_hash
    from district_sums as d
    inner join year_values as v
        on d.indicator_code = v.indicator_code and d.period_code = v.period_code
        and d.value_type = v.value_type and v.area_code = '74'
),

-- 4. a workbook's derived columns (Cùng kỳ: the same period a year before) agree with the warehouse
derived_cells as (
    select c.*, v.value as warehouse_value, hash(c.file_sha256) as file_hash
    from {{ ref('stg_lake__derived_cells') }} as c
    inner join year_values as v
        on c.indicator_code = v.indicator_code and c.area_code = v.area_code
        and c.period_code = v.period_code and c.value_type = v.value_type
    where c.kind = 'same_period_last_year' and c.value is not null and {{ in_refresh_scope('c.indicator_code', period='c.period_code') }}
),

-- 5. outliers against the indicator's own history: the change from the same period a year before
--    (seasonal for months and quarters), against the typical change of that series: robust z-score
--    with the median and the median absolute deviation, so trends and seasons do not count as outliers.
--    A series (indicator, area, period type) is numbered by one exact integer, which the windows partition
--    by: at M 4.4-4.9 s for this model against 5.2-5.9 s partitioned by three text columns. Every
--    value the gate accepted has a catalogue indicator and area, so the inner joins drop none.
indicator_numbers as (
    select indicator_code, row_number() over (order by indicator_code) as n from indicators
),

area_numbers as (
    select area_code, row_number() over (order by area_code) as n from areas
),

history as (
    select v.indicator_code, v.area_code, v.period_code, v.value, v.file_hash, p.period_type, p.year,
           coalesce(p.month, p.quarter, p.half, 0) as season,
           (ni.n << 32) + (na.n << 3)
               + case p.period_type when 'month' then 1 when 'quarter' then 2 when 'half' then 3 else 4 end
               as series_id
    from current_values as v
    inner join periods as p on v.period_code = p.period_code
    inner join indicator_numbers as ni on v.indicator_code = ni.indicator_code
    inner join area_numbers as na on v.area_code = na.area_code
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
        window seasons as (partition by series_id, season order by year)
    )
    where previous_year = year - 1
),

-- the typical change of each series (the median) and its spread (the median absolute deviation), as
-- windows over the changes: each row read once (as three consumers of one CTE, DuckDB spent 35 s at L)
with_median as (
    select
        *,
        median(change) over series as med,
        count(*) over series as n
    from changes
    window series as (partition by series_id)
),

robust as (
    select *
    from (
        select *, median(abs(change - med)) over (partition by series_id) as mad
        from with_median
    )
    where n >= 6 and mad > 0
),

findings as (
    select
        'ytd_equals_sum_of_months' as check_name, indicator_code, area_code, period_code, 'ytd' as value_type,
        file_hash, expected, actual,
        'lũy kế ' || actual || ' khác tổng ' || months || ' tháng (' || round(expected, 3)
            || ') — year to date differs from the sum of the months' as message
    from ytd_vs_months
    where abs(actual - expected) > {{ cfg.ytd_equals_sum_of_months.tolerance }} * greatest(abs(expected), 1)

    union all
    select
        'ytd_never_decreases', indicator_code, area_code, period_code, 'ytd', file_hash, previous_value, value,
        'lũy kế kỳ ' || period_code || ' (' || value || ') nhỏ hơn kỳ ' || previous_period || ' ('
            || previous_value || ') — year to date decreased'
    from ytd_steps
    where previous_value is not null
      and value < previous_value * (1 - {{ cfg.ytd_never_decreases.tolerance }})

    union all
    select
        'province_equals_sum_of_districts', indicator_code, '74', period_code, value_type, file_hash,
        expected, actual,
        'số toàn tỉnh ' || actual || ' khác tổng ' || districts || ' huyện/thành phố (' || round(expected, 3)
            || ') — the province differs from the sum of its districts'
    from province_vs_districts
    where abs(actual - expected) > {{ cfg.province_equals_sum_of_districts.tolerance }} * greatest(abs(expected), 1)

    union all
    select
        'workbook_derived_cells_agree', indicator_code, area_code, period_code, value_type, file_hash,
        warehouse_value, value,
        'ô ' || coalesce(cell, '?') || ' (trang ' || coalesce(sheet, '') || ', cột "' || column_name || '") ghi '
            || raw_value || ' nhưng kho dữ liệu có ' || warehouse_value || ' cho kỳ ' || period_code
            || ' — a derived cell of the workbook disagrees with the warehouse'
    from derived_cells
    where abs(value - warehouse_value) > {{ cfg.workbook_derived_cells_agree.tolerance }} * greatest(abs(warehouse_value), 1)

    union all
    select
        'outlier_against_own_history', indicator_code, area_code, period_code, 'actual', file_hash,
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
    files.file_sha256,
    files.file_name
from findings as f
left join {{ ref('stg_lake__files') }} as files on f.file_hash = files.file_hash
