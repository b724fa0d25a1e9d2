-- Which finer periods make up a coarser one: months -> quarter/half/year, quarters -> half/year,
-- halves -> year. `children_required` is how many children a complete roll-up needs.
with periods as (
    select * from {{ ref('int_periods') }}
),

pairs as (
    select
        child.period_code as child_period_code,
        child.period_type as child_period_type,
        parent.period_code as parent_period_code,
        parent.period_type as parent_period_type,
        child.end_date = parent.end_date as is_last_child
    from periods as child
    inner join periods as parent
        on child.start_date >= parent.start_date
        and child.end_date <= parent.end_date
        and child.period_code <> parent.period_code
    where (child.period_type = 'month' and parent.period_type in ('quarter', 'half', 'year'))
       or (child.period_type = 'quarter' and parent.period_type in ('half', 'year'))
       or (child.period_type = 'half' and parent.period_type = 'year')
)

select
    *,
    count(*) over (partition by parent_period_code, child_period_type) as children_required,
    case child_period_type when 'month' then 1 when 'quarter' then 2 else 3 end as child_grain_rank
from pairs
