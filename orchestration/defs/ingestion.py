"""Landed files per department -> validated observations, with the GX suites as blocking checks."""


import json
import logging
import time
from datetime import UTC, datetime

import dagster as dg
import pandas as pd
from dagster import AssetExecutionContext

from expectations.validate import Validator, validate_catalogue, validate_pending
from ingestion.config import reference_dir
from ingestion.lake import Arrival, FileRecord, Lake, release_memory, release_workers
from ingestion.reference import catalogue
from orchestration.settings import paths

#: What the quality gate writes (the lake tables dbt reads) and the reference tables dbt reads.
LAKE_TABLES = ("rows", "problems", "derived", "files", "arrivals")
REFERENCE_TABLES = ("domains", "departments", "indicators", "indicator_reporters", "reporting_calendar",
                    "areas_binh_duong_2025-03-01", "indicators_national", "provinces_vn", "statistical_areas_vn")
CADENCE = ("month", "quarter", "half", "year")
progress = logging.getLogger("orchestration.progress")  # what `iocw refresh` shows while it runs
VALIDATED = dg.AssetKey(["lake", "rows"])
#: Rows validated in a refresh from which the checks' freed memory is handed back to the system.
RELEASE_AFTER_ROWS = 500_000
REFERENCE = dg.AssetKey(["reference", "indicators"])


def departments() -> list[str]:
    return sorted(catalogue().departments["department_code"])


@dg.multi_asset(
    specs=[
        dg.AssetSpec(["reference", t], group_name="reference", kinds={"csv"},
                     description=f"reference/{t}.csv, committed reference data")
        for t in REFERENCE_TABLES
    ],
    check_specs=[dg.AssetCheckSpec("catalogue_suite", asset=REFERENCE, blocking=True,
                                   description="GX suite over the indicator catalogue")],
)
def reference_catalogue(context: AssetExecutionContext):
    cat = catalogue()
    verdict = validate_catalogue(cache=paths().state / "checks" / "catalogue_suite.json")
    yield dg.MaterializeResult(
        asset_key=REFERENCE,
        metadata={
            "indicators": len(cat.indicators),
            "domains": int(cat.indicators["domain_code"].nunique()),
            "departments": len(cat.departments),
        },
    )
    for t in REFERENCE_TABLES:
        if t != "indicators":
            yield dg.MaterializeResult(asset_key=["reference", t])
    metadata = {"failed": json.dumps(verdict.failed)}
    if verdict.carried_from:
        metadata["carried"] = (f"not re-run: the catalogue and the suite are those GX validated on "
                               f"{verdict.carried_from}, where the suite passed")
    yield dg.AssetCheckResult(asset_key=REFERENCE, check_name="catalogue_suite", passed=verdict.passed,
                              metadata=metadata)


def cadences() -> dict[str, tuple[str, int]]:
    """Each department's cadence (its most frequent reporting frequency) and how long a silence may last
    (reference/reporting_calendar.csv; 400 days where the calendar says nothing)."""
    cat = catalogue()
    cal = pd.read_csv(reference_dir() / "reporting_calendar.csv", dtype=str)
    out = {}
    for department in departments():
        owned = set(cat.indicators.loc[cat.indicators["department_code"] == department, "frequency"])
        cadence = next((f for f in CADENCE if f in owned), "year")
        row = cal[(cal["department_code"] == department) & (cal["frequency"] == cadence)]
        out[department] = (cadence, int(row["stale_after_days"].iloc[0]) if len(row) else 400)
    return out


LANDING = {d: dg.AssetKey(["landing", d]) for d in departments()}
ON_SCHEDULE = "received_on_schedule"


@dg.multi_asset(
    name="landing",
    specs=[
        dg.AssetSpec(key, group_name="landing", kinds={"python"},
                     deps=[dg.AssetKey(["reference", t]) for t in REFERENCE_TABLES],
                     description=f"Files {d} dropped in <landing>/{d}/: archived byte for byte and read.")
        for d, key in LANDING.items()
    ],
    check_specs=[
        dg.AssetCheckSpec(ON_SCHEDULE, asset=key,
                          description="the department's last file is not older than its cadence allows "
                                      "(reference/reporting_calendar.csv)")
        for key in LANDING.values()
    ],
    can_subset=True,
)
def landing(context: AssetExecutionContext):
    """Every department's new files in one step: their segments are read by the worker processes
    together, so that a department with few files does not leave a core idle."""
    p = paths()
    lake = Lake(p.state)
    chosen = [d for d, key in LANDING.items() if key in context.selected_asset_keys]

    last = [0.0]

    def said(done: int, total: int) -> None:  # every 10 s at most: the reading takes minutes at size L
        if time.monotonic() - last[0] >= 10:
            last[0] = time.monotonic()
            progress.info("ingest  read %d of the %d new files found so far", done, total)

    with lake.lock():
        try:
            results = lake.receive(p.landing, chosen, batch_id=context.run.run_id, progress=said)
        finally:
            # the reading processes end with the step: their memory goes to the checks and dbt, and a step
            # run in a process of its own (Dagster's multiprocess executor, the nightly schedule's) could not
            # exit while they waited for work (multiprocessing joins a process's children as it ends)
            release_workers()
    schedule = cadences()
    last_received: dict[str, str] = {}
    for r in lake.records():
        last_received[r.department_code] = max(r.received_at, last_received.get(r.department_code, ""))
    checks = context.selected_asset_check_keys
    for department in chosen:
        mine = [r for r in results if r.department_code == department]
        files = [r for r in mine if isinstance(r, FileRecord)]
        dups = [r for r in mine if isinstance(r, Arrival)]
        rejected = [r for r in files if r.stage == "rejected"]
        for r in rejected:
            context.log.warning(f"{department}/{r.file_name} REJECTED: {r.message}")
        summary = (
            f"{department}: {len(files)} new file(s), {len(dups)} duplicate(s), {len(rejected)} rejected, "
            f"{sum(r.rows_parsed for r in files):,} rows read, {sum(r.rows_refused_parse for r in files):,} refused"
        )
        context.log.info(summary)
        if files or dups:
            progress.info("ingest  %s", summary)
        yield dg.MaterializeResult(
            asset_key=LANDING[department],
            metadata={
                "new_files": len(files),
                "duplicates": len(dups),
                "rejected_files": len(rejected),
                "rows_read": sum(r.rows_parsed for r in files),
                "rows_refused_by_reader": sum(r.rows_refused_parse for r in files),
                "rejections": dg.MetadataValue.md(
                    "\n".join(f"- `{r.file_name}`: {r.message}" for r in rejected) or "none"
                ),
            },
        )
        if dg.AssetCheckKey(LANDING[department], ON_SCHEDULE) not in checks:
            continue
        cadence, allowed = schedule[department]
        last = last_received.get(department)
        age = (datetime.now(UTC) - datetime.fromisoformat(last)).days if last else None
        yield dg.AssetCheckResult(
            asset_key=LANDING[department],
            check_name=ON_SCHEDULE,
            passed=age is not None and age <= allowed,
            severity=dg.AssetCheckSeverity.WARN,
            description=(f"{department} reports by {cadence}; last file {age} day(s) ago (allowed {allowed})"
                         if age is not None else f"{department} has never sent a file"),
            metadata={"last_file_received_at": last or "never", "days_since": age if age is not None else -1,
                      "allowed_days": allowed},
        )


@dg.multi_asset(
    specs=[
        dg.AssetSpec(["lake", t], group_name="quality", kinds={"parquet"}, deps=list(LANDING.values()),
                     description="Validated observations: the rows of every received file with the GX verdict"
                     if t == "rows" else f"lake/{t}: what ingestion and the quality gate recorded")
        for t in LAKE_TABLES
    ],
    check_specs=[dg.AssetCheckSpec("gx_observation_suite", asset=VALIDATED, blocking=True,
                                   description="The rows to be loaded pass every expectation of the suite")],
)
def validated_observations(context: AssetExecutionContext):
    p = paths()
    lake = Lake(p.state)
    known = set(departments())
    strays = sorted(
        str(x.relative_to(p.landing)) for x in p.landing.iterdir()
        if (x.is_dir() and x.name not in known) or x.is_file()
    ) if p.landing.is_dir() else []
    for stray in strays:
        context.log.warning(f"landing/{stray} is not under a known department folder (reference/departments.csv): "
                            "it is not read; move it to <landing>/<DEPARTMENT_CODE>/")
    with lake.lock():
        reports = validate_pending(lake, Validator(), progress=lambda m: progress.info("checks  %s", m))
    # the batches' frames and GX's masks go back to the system before dbt's DuckDB: ~750 MB after the
    # checks at size M; after a few files there is next to nothing to give back, and a collection of this
    # process's heap (Dagster, dbt, GX loaded) costs 0.3-0.6 s
    validated = sum(r.rows for r in reports)
    released = release_memory() if validated >= RELEASE_AFTER_ROWS else 0
    if released:
        context.log.debug(f"checks: {released:,} MB of freed memory given back to the system")
    table = pd.DataFrame([
        {"department": r.department_code, "files": r.files, "rows": r.rows, "accepted": r.accepted,
         "refused": r.refused, "refused_by": "; ".join(f"{k}: {v}" for k, v in r.failures.items() if v)}
        for r in reports
    ])
    for r in reports:
        context.log.info(f"{r.department_code}: {r.files} file(s), {r.rows:,} rows, {r.accepted:,} accepted, "
                         f"{r.refused:,} quarantined")
    for t in LAKE_TABLES:
        if t != "rows":
            yield dg.MaterializeResult(asset_key=["lake", t])
    yield dg.MaterializeResult(
        asset_key=VALIDATED,
        metadata={
            "batches": len(reports),
            "not_read_unknown_folders": ", ".join(strays) or "none",
            "rows": int(table["rows"].sum()) if len(table) else 0,
            "accepted": int(table["accepted"].sum()) if len(table) else 0,
            "quarantined": int(table["refused"].sum()) if len(table) else 0,
            "by_department": dg.MetadataValue.md(table.to_markdown(index=False) if len(table) else "no new rows"),
        },
    )
    failed = {r.department_code: r.gate_failures for r in reports if not r.gate_passed}
    yield dg.AssetCheckResult(
        asset_key=VALIDATED,
        check_name="gx_observation_suite",
        passed=not failed,
        metadata={"failed_batches": json.dumps(failed, ensure_ascii=False)},
        description="every batch's accepted rows pass the suite" if not failed else
        "accepted rows still violate the suite: nothing will be published",
    )
