"""The one Definitions entry point: `dagster dev -m orchestration.definitions` (or `iocw ui`)."""


import hashlib

import dagster as dg

from ingestion.lake import Lake
from orchestration.defs.dbt import dbt_models, dbt_resource
from orchestration.defs.ingestion import landing, quality_gate, reference_data
from orchestration.defs.publish import published_warehouse
from orchestration.resources import Warehouse

refresh_job = dg.define_asset_job(
    "refresh",
    selection=dg.AssetSelection.all(),
    description="Landed files -> quality gate -> dbt -> publish: what `iocw refresh`, the nightly schedule "
    "and the new-files sensor run. Its steps run in one process.",
    executor_def=dg.in_process_executor,
    tags={"ioc/kind": "refresh"},
)

nightly = dg.ScheduleDefinition(
    name="nightly_refresh",
    job=refresh_job,
    cron_schedule="0 1 * * *",
    execution_timezone="Asia/Ho_Chi_Minh",
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="The refresh at 01:00 Vietnam time that nobody watches: a failure is a failed run and leaves "
    "the published warehouse as it was.",
)


@dg.sensor(job=refresh_job, minimum_interval_seconds=60, default_status=dg.DefaultSensorStatus.RUNNING,
           description="Every minute: launch a refresh when files have landed that the lake has not seen (by "
           "path, size and modification time), unless a refresh is already running.")
def new_files_sensor(context: dg.SensorEvaluationContext, warehouse: Warehouse):
    p = warehouse.paths()
    if not p.landing.is_dir():
        return dg.SkipReason(f"no landing folder at {p.landing}")
    new = [f"{f.relative_to(p.landing)}:{f.stat().st_size}:{f.stat().st_mtime_ns}"
           for f in Lake(p.lake).unseen(p.landing)]
    if not new:
        return dg.SkipReason("no new files in the landing folder")
    runs = context.instance.get_runs(filters=dg.RunsFilter(
        job_name=refresh_job.name, statuses=[dg.DagsterRunStatus.STARTED, dg.DagsterRunStatus.QUEUED]))
    if runs:
        return dg.SkipReason(f"{len(new)} new file(s), but a refresh is already running")
    return dg.RunRequest(run_key=hashlib.sha256("\n".join(new).encode()).hexdigest()[:16],
                         tags={"ioc/new_files": str(len(new)), "ioc/trigger": "sensor"})


defs = dg.Definitions(
    assets=[reference_data, landing, quality_gate, dbt_models, published_warehouse],
    jobs=[refresh_job],
    schedules=[nightly],
    sensors=[new_files_sensor],
    resources={"dbt": dbt_resource(), "warehouse": Warehouse()},
)
