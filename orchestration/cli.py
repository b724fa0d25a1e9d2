"""`iocw`: the operator's command line.

    iocw demo      write the demo exports into the landing folder, then refresh
    iocw refresh   run the refresh job (the nightly schedule's) over the landing folder and publish
    iocw check     read and validate one file without loading it; print every problem
    iocw summary   what the published warehouse holds
    iocw ui        the Dagster UI over this warehouse's runs

Paths come from IOC_LANDING_DIR, IOC_WAREHOUSE_PATH and IOC_WORK_DIR (defaults under data/).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

EXIT_OK, EXIT_ROWS_REFUSED, EXIT_FILE_REFUSED = 0, 1, 2


def _setup_logging(verbose: bool) -> None:
    """Warnings and errors on the terminal (every log line with -v), and a refresh's progress lines."""
    handler = logging.StreamHandler()
    handler.setLevel(logging.INFO if verbose else logging.WARNING)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)-7s %(name)s: %(message)s", "%H:%M:%S"))
    logging.basicConfig(level=logging.INFO, handlers=[handler], force=True)
    progress = logging.getLogger("orchestration.progress")
    progress.propagate = False
    shown = logging.StreamHandler()
    shown.setFormatter(logging.Formatter("%(asctime)s %(message)s", "%H:%M:%S"))
    progress.handlers = [shown]
    progress.setLevel(logging.INFO)


# ---- refresh ----------------------------------------------------------------------------------------
def instance_for(paths):
    """The warehouse's Dagster instance (its working folder's dagster/, or DAGSTER_HOME when set), made on
    first use with telemetry off: `iocw` runs and `iocw ui` share it, so the UI shows every run."""
    import dagster as dg

    home = paths.dagster_home
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists():
        config.write_text("# The warehouse's Dagster instance (iocw ui, iocw refresh): runs and events here.\n"
                          "telemetry:\n  enabled: false\n", encoding="utf-8")
    os.environ["DAGSTER_HOME"] = str(home)
    return dg.DagsterInstance.get()


def refresh(full: bool = False, verbose: bool = False, allow_shrink: bool = False) -> int:
    """Run the refresh job (the one the schedule and the sensor run) in this process. 0 when published."""
    import dagster as dg

    from orchestration.resources import resolve_paths

    p = resolve_paths()
    p.landing.mkdir(parents=True, exist_ok=True)
    p.make_work()
    instance = instance_for(p)
    from orchestration.definitions import defs, refresh_job
    from orchestration.defs.dbt import DbtBuildConfig, dbt_models
    from orchestration.defs.publish import PUBLISHED, PublishConfig, published_warehouse

    print(f"refresh: landing {p.landing}", flush=True)
    started = time.monotonic()
    result = defs.resolve_job_def(refresh_job.name).execute_in_process(
        run_config=dg.RunConfig(
            ops={dbt_models.op.name: DbtBuildConfig(full_refresh=full),
                 published_warehouse.op.name: PublishConfig(allow_shrink=allow_shrink)},
            loggers={"console": {"config": {"log_level": "INFO" if verbose else "WARNING"}}},
        ),
        instance=instance,
        raise_on_error=False,
        tags={"ioc/trigger": "cli"},
    )
    elapsed = time.monotonic() - started
    published = any(e.event_type_value == "ASSET_MATERIALIZATION" and e.asset_key == PUBLISHED
                    for e in result.all_events)
    for ev in result.all_events:
        if ev.is_step_failure:
            err = ev.event_specific_data.error
            msg = (err.cause.message if err and err.cause else err.message if err else "").strip()
            print(f"FAILED step {ev.step_key}: {msg.splitlines()[0] if msg else ''}", file=sys.stderr)
        if ev.event_type_value == "ASSET_CHECK_EVALUATION" and not ev.event_specific_data.passed:
            data = ev.event_specific_data
            warn = data.severity == dg.AssetCheckSeverity.WARN
            desc = data.description or ", ".join(f"{k}={v.value}" for k, v in data.metadata.items())
            print(f"{'warning' if warn else 'FAILED'} check {data.asset_key.to_user_string()}:{data.check_name}"
                  f" — {desc}", file=sys.stderr)
    if not published:
        print(f"refresh: NOTHING PUBLISHED after {elapsed:.0f}s (run {result.run_id}); the published warehouse "
              f"at {p.warehouse} is unchanged. See the failures above, or the run in `iocw ui`.", file=sys.stderr)
        return 1
    print(f"refresh: published in {elapsed:.0f}s (run {result.run_id})")
    print_summary(p.warehouse)
    return 0


def ui(port: int) -> int:
    """Start the Dagster UI on 127.0.0.1 over the warehouse's own Dagster instance."""
    import subprocess

    from orchestration.resources import resolve_paths

    p = resolve_paths()
    p.make_work()
    instance_for(p)  # makes the instance's folder and dagster.yaml
    print(f"Dagster UI: http://127.0.0.1:{port} (instance {p.dagster_home}); Ctrl-C stops it", flush=True)
    dagster = Path(sys.executable).with_name("dagster")
    return subprocess.call([str(dagster), "dev", "-m", "orchestration.definitions", "-h", "127.0.0.1",
                            "-p", str(port)], env={**os.environ, "DAGSTER_HOME": str(p.dagster_home)})


def print_summary(warehouse: Path) -> None:
    import duckdb

    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        q = lambda sql: con.execute(sql).fetchone()  # noqa: E731
        domains, populated = q("""select count(*), count(*) filter (where n > 0) from (
            select d.domain_key, count(f.indicator_key) as n from marts.dim_domain d
            left join marts.dim_indicator i using (domain_key)
            left join marts.fct_indicator_value f using (indicator_key) group by 1)""")
        indicators, with_data = q("""select count(*), count(*) filter (where exists (
            select 1 from marts.fct_indicator_value f where f.indicator_key = i.indicator_key))
            from marts.dim_indicator i""")
        obs, reported = q("select count(*), count(*) filter (where not is_derived) from marts.fct_indicator_value")
        history = q("select count(*) from marts.fct_indicator_value_history")[0]
        outcomes = dict(con.execute("select outcome, count(*) from audit.load_log group by 1").fetchall())
        quarantined, warned = q("select count(*) filter (where severity = 'error'), "
                                "count(*) filter (where severity = 'warning') from audit.quarantine")
        findings = dict(con.execute("select severity, count(*) from audit.cross_checks group by 1").fetchall())
        revised = q("select count(*) filter (where in_latest_refresh), count(*) from marts.mart_revisions")
    finally:
        con.close()
    print(f"warehouse: {warehouse}")
    print(f"  domains      {domains} ({populated} with observations)")
    print(f"  indicators   {indicators:,} ({with_data:,} with observations)")
    print(f"  observations {obs:,} current values ({reported:,} reported, {obs - reported:,} derived); "
          f"{history:,} versions in history")
    print("  files        " + ", ".join(f"{outcomes.get(k, 0):,} {k}" for k in
                                       ("loaded", "partial", "rejected", "duplicate")))
    print(f"  quarantined  {quarantined:,} rows refused, {warned:,} warnings on files (audit.quarantine)")
    print(f"  revisions    {revised[0]:,} in the last refresh, {revised[1]:,} in all (marts.mart_revisions)")
    print(f"  cross-checks {findings.get('warn', 0):,} warnings, {findings.get('block', 0):,} blocking "
          "(audit.cross_checks)")


# ---- check ---------------------------------------------------------------------------------------
def check(path: Path, department: str, as_json: bool) -> int:
    """Read and validate one file, load nothing. 0 clean, 1 rows refused, 2 file refused."""
    import pandas as pd

    from expectations.validate import Validator
    from ingestion.model import FileRejected
    from ingestion.readers import read_export
    from ingestion.reference import catalogue

    report: dict = {"file": str(path), "department": department}
    if department not in set(catalogue().departments["department_code"]):
        report.update(outcome="rejected",
                      message=f"'{department}' is not a department code (reference/departments.csv)")
        return _emit(report, as_json, EXIT_FILE_REFUSED)
    try:
        result = read_export(path, department)
    except FileRejected as exc:
        report.update(outcome="rejected", message=str(exc), rows=[], problems=[])
        return _emit(report, as_json, EXIT_FILE_REFUSED)
    except FileNotFoundError:
        report.update(outcome="rejected", message="no such file")
        return _emit(report, as_json, EXIT_FILE_REFUSED)
    rows = result.rows.copy()
    rows["file_sha256"] = "check"
    rows["department_code"] = department
    rows["received_at"] = pd.Timestamp(datetime.now(UTC))
    verdict = Validator().validate(rows)
    rows["accepted"] = verdict.accepted.values if len(rows) else []
    problems = pd.concat([result.problems, verdict.problems.drop(columns=["file_sha256"], errors="ignore")],
                         ignore_index=True)
    problems = problems.sort_values(["sheet", "row_number"], na_position="first", kind="stable")
    errors = problems[problems["severity"] == "error"]
    refused_rows = errors[["sheet", "row_number"]].drop_duplicates().shape[0]
    report.update(
        format=result.format,
        outcome="clean" if errors.empty else "rows refused",
        rows_read=len(result.rows) + result.refused_rows,
        rows_accepted=int(rows["accepted"].sum()) if len(rows) else 0,
        rows_refused=refused_rows,
        rows=_records(rows[["sheet", "row_number", "indicator_code", "area_code", "period_code", "value_type",
                            "status", "value", "accepted"]]),
        problems=_records(problems),
    )
    if result.format.startswith("GSO"):  # the statistics office's workbook: what each sheet was read as
        from ingestion.statistics_office.reader import check_report

        report["statistics_office"] = check_report(path)
    return _emit(report, as_json, EXIT_OK if errors.empty else EXIT_ROWS_REFUSED)


def _records(df) -> list[dict]:
    return json.loads(df.to_json(orient="records", force_ascii=False))


def _emit(report: dict, as_json: bool, code: int) -> int:
    if as_json:
        print(json.dumps({**report, "exit_code": code}, ensure_ascii=False, indent=1))
        return code
    print(f"{report['file']} ({report['department']})")
    if report.get("outcome") == "rejected":
        print(f"  FILE REFUSED: {report['message']}")
        return code
    print(f"  format {report['format']}: {report['rows_read']} rows read, {report['rows_accepted']} would load, "
          f"{report['rows_refused']} refused")
    if "B" in report["format"].split("-")[0]:
        print("  row-by-row reading of the report:")
        for r in report["rows"]:
            mark = "ok     " if r["accepted"] else "REFUSED"
            print(f"    {mark} sheet {r['sheet']!s:<14} row {r['row_number']:>4}  {r['indicator_code']:<10} "
                  f"{r['area_code']:<6} {r['period_code']:<8} {r['value_type']:<6} {r['status']:<11} {r['value']}")
    for line in (report.get("statistics_office") or {}).get("lines", []):
        print(f"  {line}")
    for p in report["problems"]:
        where = f"sheet {p['sheet']}, " if p.get("sheet") else ""
        level = "ERROR  " if p["severity"] == "error" else "warning"
        print(f"  {level} {where}row {p['row_number']}, column '{p['column_name']}', value '{p['raw_value']}': "
              f"{p['reason']}")
    if not report["problems"]:
        print("  no problems found")
    return code


# ---- replay --------------------------------------------------------------------------------------
def replay(source_lake: Path, verbose: bool) -> int:
    """Re-read another warehouse's archived originals, with their arrival times, then refresh."""
    from ingestion import intake
    from ingestion.lake import Lake
    from orchestration.resources import resolve_paths

    p = resolve_paths()
    p.make_work()
    target = Lake(p.lake)
    if target.records():
        print(f"replay: {p.lake} already holds files; replay needs an empty warehouse", file=sys.stderr)
        return 2
    with target.lock():
        n = intake.replay(target, Lake(source_lake))
    print(f"replay: {n} archived file(s) re-read from {source_lake}", flush=True)
    return refresh(verbose=verbose)


# ---- demo ----------------------------------------------------------------------------------------
def demo(size: str, seed: int, run_refresh: bool, verbose: bool) -> int:
    from orchestration.resources import resolve_paths
    from tools.demo import generate

    p = resolve_paths()
    print(f"demo: writing size-{size} exports into {p.landing}", flush=True)
    started = time.monotonic()
    summary = generate(p.landing, size=size, seed=seed, progress=lambda m: print(f"  {m}", flush=True))
    print(f"demo: wrote {json.dumps(summary, ensure_ascii=False)} in {time.monotonic() - started:.0f}s", flush=True)
    rc = refresh(verbose=verbose) if run_refresh else 0
    if run_refresh and rc == 0:  # a series across the July 2025 reorganisation, as BI tools read it
        from tools.demo.story import comparable_series

        print(comparable_series(p.warehouse), flush=True)
    return rc


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="iocw", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-v", "--verbose", action="store_true", help="log every step")
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("demo", help="write demo exports into the landing folder, then refresh")
    d.add_argument("--size", default="S", choices=["S", "M", "L"])
    d.add_argument("--seed", type=int, default=20250701)
    d.add_argument("--no-refresh", action="store_true")
    f = sub.add_parser("refresh", help="run the refresh job over the landing folder and publish")
    f.add_argument("--full", action="store_true",
                   help="rebuild every dbt model from the lake instead of only what the new files touched")
    f.add_argument("--allow-shrink", action="store_true",
                   help="publish even if the current values shrink by more than half")
    u = sub.add_parser("ui", help="start the Dagster UI (127.0.0.1) over this warehouse's runs")
    u.add_argument("--port", type=int, default=3000)
    c = sub.add_parser("check", help="read and validate one file without loading it")
    c.add_argument("file", type=Path)
    c.add_argument("--department", required=True, help="the sending department's code, e.g. STTTT")
    c.add_argument("--json", action="store_true", help="machine-readable output")
    sub.add_parser("summary", help="what the published warehouse holds")
    b = sub.add_parser("bench", help="measure a refresh at a size against plain DuckDB")
    b.add_argument("--size", default="S", choices=["S", "M", "L"])
    b.add_argument("--out", type=Path, help="JSON output (default bench/results/<size>.json)")
    b.add_argument("--work", type=Path, help="working folder (default: a temporary one)")
    b.add_argument("--keep", action="store_true", help="keep the working folder")
    b.add_argument("--incremental-runs", type=int, default=None, metavar="N",
                   help="incremental refreshes to measure, each after a new month; the median is reported "
                        "(default 3)")
    r = sub.add_parser("replay", help="rebuild from another warehouse's archive into this (empty) one")
    r.add_argument("--from-lake", type=Path, required=True,
                   help="the other warehouse's lake folder (<its working folder>/lake)")
    a = ap.parse_args(argv)
    _setup_logging(a.verbose)
    if a.cmd == "refresh":
        return refresh(full=a.full, verbose=a.verbose, allow_shrink=a.allow_shrink)
    if a.cmd == "ui":
        return ui(a.port)
    if a.cmd == "check":
        return check(a.file, a.department.upper(), a.json)
    if a.cmd == "demo":
        return demo(a.size, a.seed, not a.no_refresh, a.verbose)
    if a.cmd == "bench":
        from tools.bench import INCREMENTAL_RUNS, run

        run(a.size, a.out, a.work, a.keep, progress=lambda m: print(m, flush=True),
            incremental_runs=INCREMENTAL_RUNS if a.incremental_runs is None else a.incremental_runs)
        return 0
    if a.cmd == "replay":
        return replay(a.from_lake, a.verbose)
    if a.cmd == "summary":
        from orchestration.resources import resolve_paths

        print_summary(resolve_paths().warehouse)
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
