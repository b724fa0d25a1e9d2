-- When each indicator's values for a period first arrived: one row per department, indicator and period
-- with an accepted value other than a plan (any area, any version). mart_submission_status counts from it
-- on every refresh (which periods are due depends on today's date).
{{ config(materialized='incremental', incremental_strategy='refresh_scope',
          meta={'refresh_scope': 'indicator_year'}) }}
select
    department_code,
    indicator_code,
    period_code,
    min(received_at) as first_received_at
from {{ ref('int_observation_versions') }}
where value_type <> 'plan' and not is_refused_lower_status and {{ in_refresh_scope() }}
group by all
