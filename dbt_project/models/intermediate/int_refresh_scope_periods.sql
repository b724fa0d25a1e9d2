-- The indicators and periods this refresh rebuilds in the incremental models of values, versions and facts:
-- every period code of each year (the year, its halves, quarters and months) in which the files received
-- since the last build have rows of the indicator (refresh/scope_years.csv, written by the orchestration).
-- A period's value, versions and derived totals depend on that year's values alone. The codes are spelt
-- out rather than taken from int_periods, so that a value of a year outside its span is in scope too.
-- Ignored by a full refresh.
-- A view over the orchestration's file: it reads refresh/scope_years.csv as the refresh wrote it, and an
-- incremental build keeps views as they are, so the scope costs the build no node of its own (as a table
-- it was two of the five nodes that start an incremental build, each ~0.4 s of dbt's time at M).
{{ config(materialized='view') }}
with years as (
    select distinct indicator_code, year
    from {{ source('refresh', 'scope_years') }}
    where indicator_code is not null and year is not null
),

suffixes as (
    select '' as suffix
    union all
    select '-S' || range from range(1, 3)
    union all
    select '-Q' || range from range(1, 5)
    union all
    select '-' || lpad(range::varchar, 2, '0') from range(1, 13)
)

select y.indicator_code, y.year || s.suffix as period_code
from years as y
cross join suffixes as s
