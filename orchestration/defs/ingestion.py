"""Reference data, landed files per department, and the quality gate over what was read from them."""


import ctypes
import gc
import json
import logging
import os
import time
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg
import pandas as pd
import pyarrow as pa

from expectations.validate import Validator, validate_catalogue, validate_pending
from ingestion import intake
from ingestion.config import reference_dir, reference_table
from ingestion.lake import Arrival, FileRecord, Lake
from ingestion.reference import catalogue, reporting_cadences
from orchestration.resources import Warehouse

progress = logging.getLogger("orchestration.progress")  # what `iocw refresh` shows while it runs
OWNERS = ["team:data-engineering"]

#: The reference data: every CSV file of the reference folder (dbt reads them as the source 'reference').
REFERENCE_TABLES = tuple(sorted(q.stem for q in reference_dir().glob("*.csv")))
CATALOGUE = dg.AssetKey(["reference", "indicators"])
LAKE_TABLES = ("rows", "problems", "derived", "files", "arrivals")
VALIDATED = dg.AssetKey(["lake", "rows"])


def departments() -> list[str]:
    return sorted(catalogue().departments["department_code"].unique())


@dg.multi_asset(
    name="reference_data",
    specs=[dg.AssetSpec(["reference", t], group_name="reference", kinds={"csv"}, owners=OWNERS,
                        description=f"reference/{t}.csv: reference data committed in the repository, "
                        "reviewed like code.") for t in REFERENCE_TABLES],
    check_specs=[dg.AssetCheckSpec("catalogue_suite", asset=CATALOGUE, blocking=True,
                                   description="The indicator catalogue passes its GX suite: codes unique, "
                                   "names and units present, domains, departments and enumerations known.")],
)
def reference_data(context: dg.AssetExecutionContext):
    """The reference data as committed: its row counts, and the catalogue's GX suite."""
    for t in REFERENCE_TABLES:
        yield dg.MaterializeResult(asset_key=["reference", t], metadata={
            "dagster/row_count": len(reference_table(t))})
    verdict = validate_catalogue()
    yield dg.AssetCheckResult(
        asset_key=CATALOGUE, check_name="catalogue_suite", passed=verdict.passed,
        description="the catalogue passes its suite" if verdict.passed
        else f"{len(verdict.failed)} expectation(s) failed: nothing will be published",
        metadata={"failed": dg.MetadataValue.json(verdict.failed)},
    )


LANDING = {d: dg.AssetKey(["landing", d]) for d in departments()}
ON_SCHEDULE, READABLE = "received_on_schedule", "files_readable"


@dg.multi_asset(
    name="landing",
    specs=[dg.AssetSpec(key, group_name="landing", kinds={"python"}, owners=OWNERS,
                        tags={"department": d},
                        deps=[dg.AssetKey(["reference", "departments"]), CATALOGUE],
                        description=f"The files department {d} drops in the landing folder, under {d}/: "
                        "each archived byte for byte in the lake and read.")
           for d, key in LANDING.items()],
    check_specs=[spec for key in LANDING.values() for spec in (
        dg.AssetCheckSpec(ON_SCHEDULE, asset=key, description="The department's last file is not older than "
                          "its reporting cadence allows (reference/reporting_calendar.csv)."),
        dg.AssetCheckSpec(READABLE, asset=key, description="Every file the department sent in this refresh "
                          "could be read (none was refused whole); the names and reasons of those that "
                          "were not."),
    )],
    can_subset=True,
)
def landing(context: dg.AssetExecutionContext, warehouse: Warehouse):
    """Every chosen department's new files, in one step: their segments are read by the worker processes
    together, so that a department with few files does not leave a core idle."""
    p = warehouse.paths()
    p.make_work()
    lake = Lake(p.lake)
    chosen = [d for d, key in LANDING.items() if key in context.selected_asset_keys]
    last = [0.0]

    def said(done: int, total: int) -> None:  # at most every 10 s: reading takes minutes at size L
        if time.monotonic() - last[0] >= 10:
            last[0] = time.monotonic()
            progress.info("ingest  read %d of the %d new files found so far", done, total)

    with lake.lock():
        results = intake.receive(lake, p.landing, chosen, batch_id=context.run.run_id, progress=said)
    cadence = reporting_cadences()
    last_received: dict[str, str] = {}
    for r in lake.records():
        last_received[r.department_code] = max(r.received_at, last_received.get(r.department_code, ""))
    for department in chosen:
        files = [r for r in results if isinstance(r, FileRecord) and r.department_code == department]
        dups = [r for r in results if isinstance(r, Arrival) and r.department_code == department]
        rejected = [r for r in files if r.stage == "rejected"]
        summary = (f"{department}: {len(files)} new file(s), {len(dups)} duplicate(s), {len(rejected)} refused "
                   f"whole, {sum(r.rows_parsed for r in files):,} rows read, "
                   f"{sum(r.rows_refused_parse for r in files):,} refused by the reader")
        context.log.info(summary)
        if files or dups:
            progress.info("ingest  %s", summary)
        yield dg.MaterializeResult(asset_key=LANDING[department], metadata={
            "new_files": len(files), "duplicates": len(dups), "refused_files": len(rejected),
            "rows_read": sum(r.rows_parsed for r in files),
            "rows_refused_by_reader": sum(r.rows_refused_parse for r in files),
        })
        yield dg.AssetCheckResult(
            asset_key=LANDING[department], check_name=READABLE, passed=not rejected,
            severity=dg.AssetCheckSeverity.WARN,
            description=(f"{len(rejected)} file(s) refused whole: "
                         + "; ".join(f"{r.file_name}: {r.message}" for r in rejected)) if rejected
            else f"{len(files)} new file(s), all readable",
            metadata={"refused": dg.MetadataValue.md(
                "\n".join(f"- `{r.landing_path}`: {r.message}" for r in rejected) or "none")},
        )
        frequency, allowed = cadence.get(department, ("year", 400))
        seen = last_received.get(department)
        age = (datetime.now(UTC) - datetime.fromisoformat(seen)).days if seen else None
        ceased = catalogue().ceased_before(department, datetime.now(UTC).date())
        yield dg.AssetCheckResult(
            asset_key=LANDING[department], check_name=ON_SCHEDULE,
            passed=ceased is not None or (age is not None and age <= allowed), severity=dg.AssetCheckSeverity.WARN,
            description=(ceased if ceased is not None
                         else f"{department} reports by {frequency}; last file {age} day(s) ago (allowed {allowed})"
                         if age is not None else f"{department} has never sent a file"),
            metadata={"last_file_received_at": seen or "never", "allowed_days": allowed},
        )


def release_memory() -> int:
    """Give back to the system the memory this process freed but still holds (Arrow's pool keeps freed
    blocks, the C allocator freed heap): after the checks at size M about 700 MB that would otherwise sit
    beside dbt's DuckDB at the refresh's peak. Returns the resident megabytes released."""
    def resident_mb() -> int:
        try:
            return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 2**20
        except (OSError, ValueError, IndexError):
            return 0

    before = resident_mb()
    gc.collect()
    pa.default_memory_pool().release_unused()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: nothing more to give back this way
        pass
    return max(0, before - resident_mb())


@dg.multi_asset(
    name="quality_gate",
    specs=[dg.AssetSpec(["lake", t], group_name="lake", kinds={"parquet"}, owners=OWNERS,
                        deps=list(LANDING.values()),
                        description="The rows read from every received file, with the quality gate's verdict: "
                        "a row is loaded unless the GX suite refused it." if t == "rows"
                        else f"lake/{t}: what ingestion and the quality gate recorded of the received files.")
           for t in LAKE_TABLES],
    check_specs=[dg.AssetCheckSpec("gx_observation_suite", asset=VALIDATED, blocking=True,
                                   description="The rows to be loaded pass every expectation of the "
                                   "observation suite (expectations/suites.py).")],
)
def quality_gate(context: dg.AssetExecutionContext, warehouse: Warehouse):
    """The GX observation suite over every file read since the last refresh: refused rows go to quarantine
    with the expectation's reason; the rows left must then pass the whole suite."""
    p = warehouse.paths()
    lake = Lake(p.lake)
    known = set(departments())
    strays = sorted(str(x.relative_to(p.landing)) for x in p.landing.iterdir()
                    if x.is_file() or x.name not in known) if p.landing.is_dir() else []
    for stray in strays:
        context.log.warning(f"landing/{stray} is not under a known department folder (reference/departments.csv): "
                            "it is not read; move it to <landing>/<DEPARTMENT_CODE>/")
    with lake.lock(), Validator() as validator:
        reports = validate_pending(lake, validator, progress=lambda m: progress.info("checks  %s", m))
    released = release_memory()
    if released:
        context.log.debug(f"checks: {released:,} MB of freed memory given back to the system before dbt")
    table = pd.DataFrame([
        {"department": r.department_code, "files": r.files, "rows": r.rows, "accepted": r.accepted,
         "refused": r.refused, "refused_by": "; ".join(f"{k}: {v}" for k, v in r.failures.items() if v)}
        for r in reports
    ], columns=["department", "files", "rows", "accepted", "refused", "refused_by"])
    for r in reports:
        context.log.info(f"{r.department_code}: {r.files} file(s), {r.rows:,} rows, {r.accepted:,} accepted, "
                         f"{r.refused:,} quarantined")
    for t in LAKE_TABLES:
        if t != "rows":
            yield dg.MaterializeResult(asset_key=["lake", t])
    yield dg.MaterializeResult(asset_key=VALIDATED, metadata={
        "rows": int(table["rows"].sum()), "accepted": int(table["accepted"].sum()),
        "quarantined": int(table["refused"].sum()), "not_read_unknown_folders": ", ".join(strays) or "none",
        "by_department": dg.MetadataValue.md(table.to_markdown(index=False) if len(table) else "no new rows"),
    })
    failed = {r.department_code: r.gate_failures for r in reports if not r.gate_passed}
    yield dg.AssetCheckResult(
        asset_key=VALIDATED, check_name="gx_observation_suite", passed=not failed,
        metadata={"failed_batches": dg.MetadataValue.json(json.loads(json.dumps(failed)))},
        description="every batch's accepted rows pass the suite" if not failed
        else "accepted rows still violate the suite: nothing will be published",
    )
