-- Which old units went into which new ones at a reorganisation (reference/area_successions.csv): the
-- provinces of 1 July 2025 (each old province whole), the former province into its statistical area, and
-- the 91 old communes and wards into the 36 new ones (merge_type full: the whole old unit; partial: a part).
with source as (
    select * from {{ source('reference', 'area_successions') }}
)

select
    trim(effective_date)::date as effective_date,
    trim(old_area_code) as old_area_code,
    trim(new_area_code) as new_area_code,
    trim(merge_type) as merge_type,
    trim(note) as note
from source
