-- Which finer periods make up a coarser one (months -> quarter, half, year; quarters -> half, year; halves
-- -> year) and how many children a complete roll-up needs.
with periods as (
    select * from {{ ref('int_periods') }}
),

pairs as (
    select
        child.period_code as child_period_code,
        child.period_type as child_period_type,
        child.grain_rank as child_grain_rank,
        parent.period_code as parent_period_code,
        parent.period_type as parent_period_type,
        child.end_date = parent.end_date as is_last_child,
        parent.months // child.months as children_required
    from periods as child
    inner join periods as parent
        on child.start_date >= parent.start_date
        and child.end_date <= parent.end_date
        and child.months < parent.months
)

select * from pairs
