-- Every version of every reporting department (reference/departments.csv), with the department that took
-- over its work when it ceased (from 1 March 2025 ten departments became five).
with source as (
    select * from {{ source('reference', 'departments') }}
)

select
    trim(department_code) as department_code,
    trim(name_vi) as name_vi,
    trim(name_en) as name_en,
    coalesce(nullif(trim(valid_from), '')::date, date '1900-01-01') as valid_from,
    coalesce(nullif(trim(valid_to), '')::date, date '9999-12-31') as valid_to,
    nullif(trim(valid_from), '') is null as valid_since_before_coverage,
    nullif(trim(successor_code), '') as successor_code
from source
