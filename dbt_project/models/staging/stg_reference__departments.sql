with source as (
    select * from {{ source('reference', 'departments') }}
)

select
    trim(department_code) as department_code,
    trim(name_vi) as name_vi,
    trim(name_en) as name_en
from source
