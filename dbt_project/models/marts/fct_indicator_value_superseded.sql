-- Every accepted version that a later one superseded, with when it arrived, from which file, and when
-- the next version replaced it. With the current versions (the reported rows of fct_indicator_value) these
-- are fct_indicator_value_history: at M 0.5 M rows of 6.0 M, so the history is not written twice.
{{ config(materialized='incremental', incremental_strategy='refresh_scope',
          meta={'refresh_scope': 'indicator_year'}) }}
with versions as (
    select * from {{ ref('int_observation_versions') }}
    where superseded_at is not null and not is_refused_lower_status and {{ in_refresh_scope() }}
)

{{ fact_rows('versions', between='v.superseded_at') }}
