with departments as (
    select * from {{ ref('stg_reference__departments') }}
)

select
    {{ surrogate_key(['department_code']) }} as department_key,
    department_code,
    name_vi,
    name_en
from departments
