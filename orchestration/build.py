"""The working build: what dbt builds into, kept between refreshes, and what the next refresh rebuilds.

dbt builds the staging and intermediate models in ``build.duckdb`` and the published schemas (marts,
audit) in ``published.duckdb``, both in the warehouse's working folder; a publish copies the second.
``build.json`` beside them is the build's state: the files it incorporates, a fingerprint of what it
was built from (the dbt project and the reference data), whether its last dbt run finished cleanly,
when it was last rebuilt in full, what its last run rebuilt, and a digest of each database as that run
left it.

**The refresh scope.** A refresh is incremental when the build is clean, unchanged since its last run
(same digests), built from the same dbt project and reference data, incorporates only files the lake
still has, and was rebuilt in full recently. It then rebuilds what its new files touched: the
indicators with rows in them, each for the years of those rows (a value, its versions and the quarters,
halves and year derived from its months all lie within one year). dbt reads it from the table
``refresh_scope`` (indicator_code, year) written into the build database for the run;
dbt_project/macros/refresh_scope.sql says how the models use it. Anything else is a full rebuild from
empty databases (``dbt build --full-refresh``).
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from ingestion.files import exclusive_lock
from ingestion.lake import Lake
from orchestration.resources import DBT_DIR, Paths

#: A file still 'parsed' awaits the quality gate: it is not part of the next build yet.
INCORPORATED_STAGES = ("validated", "rejected")
#: Beyond this many indicator-years an incremental build costs about what a full one does: rebuild in full.
MAX_SCOPE = 2000
#: The build's table of what an incremental dbt run rebuilds (dbt_project/macros/refresh_scope.sql).
SCOPE_TABLE = "refresh_scope"


@dataclass
class BuildState:
    fingerprint: str = ""
    clean: bool = False  # the last dbt run on the build finished without a failure
    full_built_at: str = ""  # ISO 8601, UTC
    files: list[str] = field(default_factory=list)  # SHA-256 of the files the build incorporates
    scope: dict[str, list[str]] | None = None  # what the last run rebuilt; None: everything
    digests: dict[str, str] = field(default_factory=dict)  # database file name -> SHA-256, as the last run left it


@dataclass
class BuildPlan:
    full: bool
    reason: str  # why a full rebuild ('' for an incremental one)
    fingerprint: str
    files: list[str]  # what the build incorporates once this run succeeds
    new_files: list[str]
    scope: dict[str, list[str]] = field(default_factory=dict)  # indicator code -> years rebuilt (incremental)

    @property
    def refresh_scope(self) -> dict[str, list[str]] | None:
        """What dbt rebuilds, indicator code -> years: None (everything) for a full rebuild."""
        return None if self.full else self.scope

    def describe(self) -> str:
        if self.full:
            return f"full rebuild ({self.reason}) of {len(self.files):,} file(s)"
        years = sorted({y for ys in self.scope.values() for y in ys})
        return (f"incremental: {len(self.new_files):,} new file(s) touch {len(self.scope):,} indicator(s) in "
                f"{len(years)} year(s) ({', '.join(years) or 'none'}); {len(self.files) - len(self.new_files):,} "
                "file(s) already built")


def dbt_sources(project_dir: Path = DBT_DIR) -> list[Path]:
    """The dbt project's own files: its models, macros and tests, and its two YAML files."""
    files = [q for sub in ("models", "macros", "tests") for q in (project_dir / sub).rglob("*") if q.is_file()]
    return files + [project_dir / "dbt_project.yml", project_dir / "profiles.yml"]


def fingerprint(reference: Path, project_dir: Path = DBT_DIR) -> str:
    """What the build's content depends on besides the lake: the dbt project and the reference data."""
    entries = [(f"dbt/{q.relative_to(project_dir)}", q) for q in dbt_sources(project_dir)]
    entries += [(f"reference/{q.relative_to(reference)}", q) for q in Path(reference).rglob("*.csv")]
    h = hashlib.sha256()
    for name, q in sorted(entries):
        h.update(name.encode() + b"\0" + q.read_bytes())
    return h.hexdigest()


def read_state(p: Paths) -> BuildState | None:
    if not p.build_state.exists():
        return None
    try:
        return BuildState(**json.loads(p.build_state.read_text(encoding="utf-8")))
    except (ValueError, TypeError):
        return None


def write_state(p: Paths, state: BuildState) -> None:
    tmp = p.build_state.with_name(f".{p.build_state.name}.tmp")
    tmp.write_text(json.dumps(asdict(state), indent=1), encoding="utf-8")
    os.replace(tmp, p.build_state)


def digests(p: Paths) -> dict[str, str]:
    """SHA-256 of each build database (and of a write-ahead log, should one be left)."""
    files = [p.build, p.build_published, *(q.with_name(q.name + ".wal") for q in (p.build, p.build_published))]
    out = {}
    for q in files:
        if q.exists():
            with open(q, "rb") as fh:
                out[q.name] = hashlib.file_digest(fh, "sha256").hexdigest()
    return out


def plan(p: Paths, lake: Lake, full: bool = False, full_every: timedelta = timedelta(days=7)) -> BuildPlan:
    """Decide between an incremental run and a full rebuild, and what an incremental run rebuilds."""
    files = sorted(r.sha256 for r in lake.records() if r.stage in INCORPORATED_STAGES)
    fp = fingerprint(p.reference)
    state = read_state(p)
    reason = ""
    if full:
        reason = "asked for"
    elif state is None or not p.build.exists() or not p.build_published.exists():
        reason = "no earlier build"
    elif not state.clean:
        reason = "the last build did not finish"
    elif state.digests != digests(p):
        reason = "the working databases were changed outside a refresh"
    elif state.fingerprint != fp:
        reason = "dbt models or reference data changed"
    elif not set(state.files) <= set(files):
        reason = "the lake no longer has files the build incorporates"
    elif datetime.now(UTC) - datetime.fromisoformat(state.full_built_at) > full_every:
        reason = f"the last full rebuild is over {full_every / timedelta(days=1):g} days old"
    if reason:
        return BuildPlan(True, reason, fp, files, files)
    new = sorted(set(files) - set(state.files))
    scope = touched(lake, new)
    if sum(len(years) for years in scope.values()) > MAX_SCOPE:
        return BuildPlan(True, f"the new files touch over {MAX_SCOPE:,} indicator-years", fp, files, files)
    return BuildPlan(False, "", fp, files, new, scope)


def touched(lake: Lake, shas: list[str]) -> dict[str, list[str]]:
    """Indicator code -> years of the rows and workbook cells in these files (a period code starts with its
    year: 2025, 2025-S1, 2025-Q3, 2025-05)."""
    pairs: dict[str, set[str]] = {}
    for kind in ("rows", "derived"):
        t = lake.table(kind, shas, columns=["indicator_code", "period_code"])
        found = pa.table({"code": t["indicator_code"], "year": pc.utf8_slice_codeunits(t["period_code"], 0, 4)})
        found = found.filter(pc.and_(pc.is_valid(found["code"]), pc.is_valid(found["year"])))
        for row in found.group_by(["code", "year"]).aggregate([]).to_pylist():
            pairs.setdefault(row["code"], set()).add(row["year"])
    return {code: sorted(years) for code, years in sorted(pairs.items())}


def begin(p: Paths, build_plan: BuildPlan) -> None:
    """Before dbt runs: mark the build unfinished (nothing may publish it until dbt says it is clean), and
    start a full rebuild from empty databases, or give an incremental one its scope."""
    state = read_state(p) or BuildState()
    state.clean = False
    write_state(p, state)
    if build_plan.full:
        for db in (p.build, p.build_published):
            for leftover in (db, db.with_name(db.name + ".wal")):
                leftover.unlink(missing_ok=True)
        return
    pairs = [(code, year) for code, years in build_plan.scope.items() for year in years]
    with duckdb.connect(str(p.build)) as con:
        con.execute(f"create or replace table main.{SCOPE_TABLE} (indicator_code varchar, year varchar)")
        con.execute(f"insert into main.{SCOPE_TABLE} select unnest(?::varchar[]), unnest(?::varchar[])",
                    [[c for c, _ in pairs], [y for _, y in pairs]])


def finish(p: Paths, build_plan: BuildPlan, ok: bool) -> None:
    """After dbt: a clean run incorporates this run's files; a failed one stays unfinished (rebuilt in full
    next time). The databases are checkpointed (nothing left in a write-ahead log), then their digests
    recorded: a change made to them before the next refresh is seen."""
    if not ok:
        return
    for db in (p.build, p.build_published):
        with duckdb.connect(str(db)) as con:
            if db == p.build:
                con.execute(f"drop table if exists main.{SCOPE_TABLE}")
            con.execute("checkpoint")
    old = read_state(p) or BuildState()
    write_state(p, BuildState(
        fingerprint=build_plan.fingerprint,
        clean=True,
        full_built_at=datetime.now(UTC).isoformat() if build_plan.full else old.full_built_at,
        files=build_plan.files,
        scope=build_plan.refresh_scope,
        digests=digests(p),
    ))


def invalidate(p: Paths) -> None:
    """The build may not be published as it is: the next refresh rebuilds it in full."""
    state = read_state(p)
    if state is not None:
        state.clean = False
        write_state(p, state)


def build_lock(p: Paths, timeout_s: float = 3600):
    """One dbt run or publish on the working build at a time."""
    return exclusive_lock(p.work / "build.lock", timeout_s, poll_s=1)
