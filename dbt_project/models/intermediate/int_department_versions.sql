-- Every department version with its key. A version valid since before the warehouse's coverage keeps the
-- key its code had before departments were versioned, so that saved BI queries keep working.
with departments as (
    select * from {{ ref('stg_reference__departments') }}
)

select
    case when valid_since_before_coverage then {{ surrogate_key(['department_code']) }}
         else {{ surrogate_key(['department_code', 'valid_from::varchar']) }} end as department_key,
    department_code,
    name_vi,
    name_en,
    valid_from,
    valid_to,
    successor_code
from departments
