with source as (
    select * from {{ source('reference', 'indicator_reporters') }}
)

select
    trim(indicator_code) as indicator_code,
    trim(department_code) as department_code
from source
