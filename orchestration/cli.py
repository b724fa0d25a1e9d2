"""`iocw`: the operator's command line.

    iocw demo      write the demo exports into the landing folder and run a full refresh
    iocw refresh   materialise the whole asset graph over the landing folder and publish
    iocw check     read and validate one file without loading it; print every problem
    iocw summary   what the published warehouse holds

Paths come from IOC_LANDING_DIR and IOC_WAREHOUSE_PATH (defaults under data/).
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
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(asctime)s %(message)s" if not verbose else "%(asctime)s %(levelname)-7s %(name)s: %(message)s",
        datefmt="%H:%M:%S",
    )
    logging.getLogger("ingestion").setLevel(logging.INFO if verbose else logging.WARNING)
    logging.getLogger("orchestration").setLevel(logging.INFO)
    logging.getLogger("great_expectations").setLevel(logging.WARNING)


# ---- refresh -------------------------------------------------------------------------------------
def refresh(verbose: bool = False) -> int:
    """Materialise the whole graph in-process. 0 when the warehouse was published."""
    import dagster as dg

    from orchestration.settings import apply_env, paths

    p = paths()
    apply_env(p)
    p.landing.mkdir(parents=True, exist_ok=True)
    from orchestration.definitions import ALL_ASSETS, dbt_resource
    from orchestration.defs.publish import PUBLISHED
    from orchestration.instance import ephemeral_instance

    instance = dg.DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else ephemeral_instance()
    print(f"refresh: landing {p.landing}", flush=True)
    started = time.monotonic()
    result = dg.materialize(
        ALL_ASSETS,
        resources={"dbt": dbt_resource},
        instance=instance,
        raise_on_error=False,
        tags={"ioc/kind": "refresh", "ioc/trigger": "cli"},
        run_config={"loggers": {"console": {"config": {"log_level": "INFO" if verbose else "WARNING"}}}},
    )
    elapsed = time.monotonic() - started
    published = any(
        e.event_type_value == "ASSET_MATERIALIZATION" and e.asset_key == PUBLISHED
        for e in result.all_events
    )
    for ev in result.all_events:
        if ev.is_step_failure:
            err = ev.event_specific_data.error
            msg = (err.cause.message if err and err.cause else err.message if err else "").strip()
            print(f"FAILED step {ev.step_key}: {msg.splitlines()[0] if msg else ''}", file=sys.stderr)
        if ev.event_type_value == "ASSET_CHECK_EVALUATION":
            data = ev.event_specific_data
            if not data.passed:
                warn = data.severity == dg.AssetCheckSeverity.WARN
                desc = data.description or ", ".join(f"{k}={v.value}" for k, v in data.metadata.items())
                print(f"{'warning' if warn else 'FAILED'} check {data.asset_key.to_user_string()}:{data.check_name}"
                      f" — {desc}", file=sys.stderr)
    if not published:
        print(f"refresh: NOTHING PUBLISHED after {elapsed:.0f}s; the published warehouse at {p.warehouse} is "
              "unchanged. See the failures above (or the run in the Dagster UI).", file=sys.stderr)
        return 1
    print(f"refresh: published in {elapsed:.0f}s")
    print_summary(p.warehouse)
    return 0


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
def replay(source_state: Path, verbose: bool) -> int:
    """Re-read another warehouse's archived originals, with their arrival times, then refresh."""
    from ingestion.lake import Lake
    from orchestration.settings import paths

    p = paths()
    target = Lake(p.state)
    if target.records():
        print(f"replay: {p.state} already holds files; replay needs an empty warehouse", file=sys.stderr)
        return 2
    with target.lock():
        n = target.replay(Lake(source_state))
    print(f"replay: {n} archived file(s) re-read from {source_state}", flush=True)
    return refresh(verbose)


# ---- demo ----------------------------------------------------------------------------------------
def demo(size: str, seed: int, run_refresh: bool, verbose: bool) -> int:
    from ingestion.demo.generator import generate
    from orchestration.settings import paths

    p = paths()
    print(f"demo: writing size-{size} exports into {p.landing}", flush=True)
    started = time.monotonic()
    summary = generate(p.landing, size=size, seed=seed, progress=lambda m: print(f"  {m}", flush=True))
    print(f"demo: wrote {json.dumps(summary, ensure_ascii=False)} in {time.monotonic() - started:.0f}s", flush=True)
    return refresh(verbose) if run_refresh else 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="iocw", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-v", "--verbose", action="store_true", help="log every step")
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("demo", help="write demo exports into the landing folder, then refresh")
    d.add_argument("--size", default="S", choices=["S", "M", "L"])
    d.add_argument("--seed", type=int, default=20250701)
    d.add_argument("--no-refresh", action="store_true")
    f = sub.add_parser("refresh", help="materialise the whole graph over the landing folder and publish")
    f.add_argument("--full", action="store_true",
                   help="rebuild every dbt model from the lake instead of only the indicators new files touched")
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
    r.add_argument("--from-state", type=Path, required=True, help="the other warehouse's state folder (*.state)")
    a = ap.parse_args(argv)
    _setup_logging(a.verbose)
    if a.cmd == "refresh":
        if not a.full:
            return refresh(a.verbose)
        os.environ["IOC_FULL_REFRESH"] = "1"
        try:
            return refresh(a.verbose)
        finally:
            os.environ.pop("IOC_FULL_REFRESH", None)
    if a.cmd == "check":
        return check(a.file, a.department.upper(), a.json)
    if a.cmd == "demo":
        return demo(a.size, a.seed, not a.no_refresh, a.verbose)
    if a.cmd == "bench":
        from orchestration.bench import INCREMENTAL_RUNS, run

        run(a.size, a.out, a.work, a.keep, progress=lambda m: print(m, flush=True),
            incremental_runs=INCREMENTAL_RUNS if a.incremental_runs is None else a.incremental_runs)
        return 0
    if a.cmd == "replay":
        return replay(a.from_state, a.verbose)
    if a.cmd == "summary":
        from orchestration.settings import paths

        print_summary(paths().warehouse)
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
