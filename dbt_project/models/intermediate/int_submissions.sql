-- When each indicator's values for a period first arrived: one row per department, indicator and period
-- with a current value other than a plan (any area), the small table mart_submission_status counts from.
-- The status itself is rebuilt on every refresh (which periods are due depends on today's date); this
-- part of it, read from the 5.5 M current values at M, is rebuilt only where new files arrived.
-- Incremental: rebuilds only the years of the indicators in this refresh's scope (macros/refresh_scope.sql).
{{ config(materialized='incremental', incremental_strategy='append',
          pre_hook="{{ delete_refresh_scope(period='period_code') }}") }}
-- depends_on: {{ ref('int_refresh_scope_periods') }}
select
    department_code,
    indicator_code,
    period_code,
    min(received_at) as first_received_at
from {{ ref('int_indicator_values_reported') }}
where value_type <> 'plan' and {{ in_refresh_scope(period='period_code') }}
group by all
