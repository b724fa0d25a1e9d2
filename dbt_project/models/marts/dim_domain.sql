with domains as (
    select * from {{ ref('stg_reference__domains') }}
)

select
    {{ surrogate_key(['domain_code']) }} as domain_key,
    domain_code,
    name_vi,
    name_en
from domains
