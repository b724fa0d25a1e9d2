-- The province's register, and the country, its regions and its provinces as the statistics office
-- reports them (one row per code: the unit it named until 2025-06-30 where it had one).
with register as (
    select * from {{ source('reference', 'areas') }}
),

provinces as (
    select
        trim(area_code) as area_code,
        trim(name_vi) as name_vi,
        trim(area_type) as area_type,
        row_number() over (partition by trim(area_code) order by coalesce(nullif(trim(valid_from), ''), '0000')) as n
    from {{ source('reference', 'provinces_vn') }}
),

statistical as (
    select * from {{ source('reference', 'statistical_areas_vn') }}
)

select
    trim(area_code) as area_code,
    trim(name_vi) as name_vi,
    trim(area_type) as area_type,
    trim(level) as level,
    nullif(trim(parent_area_code), '') as parent_area_code
from register

union all

select area_code, name_vi, area_type, 'province' as level, 'VN' as parent_area_code
from provinces
where n = 1 and area_code not in (select trim(area_code) from register)

union all

select
    trim(area_code) as area_code,
    trim(name_vi) as name_vi,
    trim(area_type) as area_type,
    trim(level) as level,
    nullif(trim(parent_area_code), '') as parent_area_code
from statistical
