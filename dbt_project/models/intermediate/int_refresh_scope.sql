-- The indicators this refresh rebuilds in the incremental models: those with rows or derived cells in
-- the files received since the last build (refresh/scope.csv, written by the orchestration). Ignored by
-- a full refresh.
select distinct indicator_code
from {{ source('refresh', 'scope') }}
where indicator_code is not null
