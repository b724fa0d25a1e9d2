-- One row per department version, with the department that took over its work when it ceased.
-- valid_from 1900-01-01 means since before the warehouse's coverage, valid_to 9999-12-31 still valid.
select
    department_key,
    department_code,
    name_vi,
    name_en,
    valid_from,
    valid_to,
    successor_code,
    valid_to = date '9999-12-31' as is_current
from {{ ref('int_department_versions') }}
