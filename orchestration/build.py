"""The working warehouse dbt builds into, kept between refreshes so that a refresh rebuilds only what
its new files changed.

``<warehouse>.build.duckdb`` holds the staging and intermediate models, ``<warehouse>.build.published.duckdb``
the published schemas (marts, audit): a publish copies it. Readers never open either (they read the
published copy). Beside them, ``<warehouse>.build.state.json`` says which received files the build incorporates,
a fingerprint of what it was built from (dbt models and macros, reference data), whether the last dbt
run on it finished cleanly, and when it was last rebuilt in full.

A refresh is incremental when the build is clean, has the same fingerprint, incorporates only files the
lake still has, and was rebuilt in full less than ``IOC_FULL_REBUILD_DAYS`` (default 7) days ago. It then
rebuilds what its new files touched: in the models of values, versions and facts, the years of the
indicators whose rows arrived in them (``<state>/refresh/scope_years.csv``, read by
``int_refresh_scope_periods``); in the models computed over an indicator's whole series (cross-checks,
scorecard), those indicators (``<state>/refresh/scope.csv``, read by ``int_refresh_scope``). Anything
else is a full rebuild from an empty file: the first refresh, a change of models or reference data, a
failed or interrupted dbt run, a replayed lake, ``IOC_FULL_REFRESH=1``.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ingestion.files import exclusive_lock
from ingestion.lake import Lake
from orchestration.settings import DBT_DIR, Paths

INCORPORATED_STAGES = ("validated", "rejected")  # a file still 'parsed' awaits the gate: not yet in the build


@dataclass
class BuildState:
    fingerprint: str = ""
    clean: bool = False
    full_built_at: str = ""  # ISO 8601, UTC
    files: list[str] = field(default_factory=list)  # SHA-256 of the files the build incorporates
    generation: int = 0  # successful dbt runs on this build
    scope: list[str] | None = None  # what the last run rebuilt: its indicators, or None for everything
    # the (indicator, year) pairs whose values and facts the last run rebuilt; None for everything (or a
    # state written before it was kept: then the scope's indicators, every year)
    years: list[list[str]] | None = None


@dataclass
class BuildPlan:
    full: bool
    reason: str
    fingerprint: str
    files: list[str]  # what the build incorporates once this run succeeds
    new_files: list[str]
    scope: list[str]  # indicator codes an incremental run rebuilds
    years: list[tuple[str, str]] = field(default_factory=list)  # (indicator code, year) pairs of those

    def describe(self) -> str:
        if self.full:
            return f"full rebuild ({self.reason}); {len(self.files):,} files"
        return (f"incremental: {len(self.new_files):,} new file(s) touch {len(self.scope):,} indicator(s) in "
                f"{len({y for _, y in self.years}):,} year(s); "
                f"{len(self.files) - len(self.new_files):,} files already built")


def dbt_sources(project_dir: Path = DBT_DIR) -> list[Path]:
    """The dbt project's sources: its models, macros and tests, and its two YAML files."""
    files = [q for sub in ("models", "macros", "tests") for q in (project_dir / sub).rglob("*") if q.is_file()]
    return files + [project_dir / "dbt_project.yml", project_dir / "profiles.yml"]


def fingerprint(reference: Path) -> str:
    """What the build's content depends on besides the lake: the dbt project and the reference data."""
    h = hashlib.sha256()
    entries = [(f"dbt/{q.relative_to(DBT_DIR)}", q) for q in dbt_sources()]
    entries += [(f"reference/{q.name}", q) for q in Path(reference).glob("*.csv")]
    for name, q in sorted(entries):
        h.update(name.encode() + b"\0" + q.read_bytes())
    return h.hexdigest()


def state_path(p: Paths) -> Path:
    return p.build.with_name(f"{p.build.stem}.state.json")


def read_state(p: Paths) -> BuildState | None:
    path = state_path(p)
    if not path.exists() or not p.build.exists() or not p.build_published.exists():
        return None
    try:
        return BuildState(**json.loads(path.read_text()))
    except (ValueError, TypeError):
        return None


def write_state(p: Paths, state: BuildState) -> None:
    path = state_path(p)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(asdict(state), indent=1))
    os.replace(tmp, path)


def plan(p: Paths, lake: Lake, force_full: bool = False, full_every: timedelta | None = None) -> BuildPlan:
    """Decide between an incremental run and a full rebuild, and what an incremental run rebuilds."""
    if full_every is None:
        full_every = timedelta(days=float(os.environ.get("IOC_FULL_REBUILD_DAYS", "7")))
    files = sorted(r.sha256 for r in lake.records() if r.stage in INCORPORATED_STAGES)
    fp = fingerprint(p.reference)
    state = read_state(p)
    reason = ""
    if force_full:
        reason = "asked for (IOC_FULL_REFRESH=1)"
    elif state is None:
        reason = "no earlier build"
    elif not state.clean:
        reason = "the last build did not finish"
    elif state.fingerprint != fp:
        reason = "dbt models or reference data changed"
    elif not set(state.files) <= set(files):
        reason = "the lake no longer has files the build incorporates"
    elif datetime.now(UTC) - datetime.fromisoformat(state.full_built_at) > full_every:
        reason = f"the last full rebuild is over {full_every.days} days old"
    if reason:
        return BuildPlan(True, reason, fp, files, files, [])
    new = sorted(set(files) - set(state.files))
    touched = touched_years(lake, new)  # a row without a period (refused) puts its indicator in scope alone
    return BuildPlan(False, "", fp, files, new, sorted({code for code, _ in touched}), [t for t in touched if t[1]])


def touched_years(lake: Lake, shas: list[str]) -> list[tuple[str, str]]:
    """(indicator code, year) of every row and derived cell in these files (a period code starts with its
    year: 2025, 2025-S1, 2025-Q3, 2025-05)."""
    wanted = set(shas)
    segments = sorted({r.segment for r in lake.records() if r.sha256 in wanted})
    pairs: set[tuple[str, str]] = set()
    for kind in ("rows", "derived"):
        t = lake.segment_table(kind, segments, wanted).select(["indicator_code", "period_code"])
        year = pc.utf8_slice_codeunits(t["period_code"], 0, 4)
        found = pa.table({"code": t["indicator_code"], "year": year}).group_by(["code", "year"]).aggregate([])
        pairs.update((c, y or "") for c, y in zip(found["code"].to_pylist(), found["year"].to_pylist(), strict=True)
                     if c)
    return sorted(pairs)


def begin(p: Paths, build_plan: BuildPlan) -> None:
    """Before dbt runs: mark the build unfinished, start from an empty file for a full rebuild, and write
    the scope the incremental models read."""
    state = read_state(p) or BuildState()
    state.clean = False
    if build_plan.full:
        for db in (p.build, p.build_published):
            for leftover in (db, db.with_name(db.name + ".wal")):
                leftover.unlink(missing_ok=True)
    write_state(p, state)
    scope = p.state / "refresh" / "scope.csv"
    scope.parent.mkdir(parents=True, exist_ok=True)
    pd.DataFrame({"indicator_code": build_plan.scope}, dtype="str").to_csv(scope, index=False)
    pd.DataFrame({"indicator_code": [c for c, _ in build_plan.years], "year": [y for _, y in build_plan.years]},
                 dtype="str").to_csv(scope.with_name("scope_years.csv"), index=False)
    scope.with_name("new_files.csv").unlink(missing_ok=True)  # written by earlier versions, read by none now


def finish(p: Paths, build_plan: BuildPlan, ok: bool) -> None:
    """After dbt: a clean build incorporates this run's files; a failed one is rebuilt in full next time."""
    if not ok:
        return  # stays marked unfinished
    old = read_state(p) or BuildState()
    write_state(p, BuildState(
        fingerprint=build_plan.fingerprint,
        clean=True,
        full_built_at=datetime.now(UTC).isoformat() if build_plan.full else old.full_built_at,
        files=build_plan.files,
        generation=old.generation + 1,
        scope=None if build_plan.full else build_plan.scope,
        years=None if build_plan.full else [list(pair) for pair in build_plan.years],
    ))


def invalidate(p: Paths) -> None:
    """The build may not be published as it is (its gate failed): the next refresh rebuilds it in full."""
    state = read_state(p)
    if state is not None:
        state.clean = False
        write_state(p, state)


def published_scope(p: Paths) -> tuple[list[str] | None, list[tuple[str, str]] | None]:
    """What the last dbt run rebuilt: its indicators, and the (indicator, year) pairs of the facts it
    rebuilt; None when it rebuilt everything. What the publish gate checks the fact invariants on (the
    other facts passed it when they were published, and are as they were)."""
    state = read_state(p)
    if state is None or state.scope is None:
        return None, None
    return state.scope, None if state.years is None else [(c, y) for c, y in state.years]


def parse_project(p: Paths) -> float:
    """Parse the dbt project for the warehouse at ``p`` (`dbt parse`, with the paths its refreshes give
    dbt): the manifest, and the parse a build starts from (dbt_project/target/partial_parse.msgpack).

    dbt parses again from scratch whenever its profile differs from the one its last parse saw, and the
    profile holds the warehouse's paths: a parse made without them (say, for a plain `dbt` run from the
    project's folder) would cost the next refresh 3-4 s of parsing. Returns the seconds taken."""
    started = time.monotonic()
    subprocess.run(
        [str(Path(sys.executable).with_name("dbt")), "parse", "--project-dir", str(DBT_DIR),
         "--profiles-dir", str(DBT_DIR), "--quiet"],
        check=True, cwd=DBT_DIR, env={**os.environ, **p.export_env()},
    )
    return time.monotonic() - started


def build_lock(p: Paths, timeout_s: float = 3600):
    """One dbt run or publish on the working build at a time."""
    return exclusive_lock(p.build.with_name(f"{p.build.stem}.lock"), timeout_s, poll_s=1)
