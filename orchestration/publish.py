"""Publishing: check what only the orchestration can check about a build, then swap it in atomically.

dbt checks the build itself: its contracts (every published column's name and type), its tests (keys,
uniqueness, accepted values, the load log complete, no blocking cross-check) and its unit tests; a
failure of any of them fails the dbt step and leaves the build marked unfinished. The gate here adds
what dbt cannot see:

- the build's state says its last dbt run finished cleanly (a build left by a failed or stopped run is
  never published, whatever else is on disk);
- the file is in a DuckDB storage format the BI tools' drivers read;
- the current values do not shrink by more than half at once (a lost landing folder, a broken reader).

The publish copies the build's published schemas beside the published file, checks the copy's digest
against the one dbt's run recorded (nothing changed it since), fsyncs it and renames it over the
published file. A reader that had the old file open keeps reading the old state; a new one gets the
new state; nobody waits and nobody sees half a refresh.
"""

from __future__ import annotations

import hashlib
import logging
import os
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from orchestration.build import BuildState

log = logging.getLogger(__name__)

#: The newest DuckDB storage format the published file may be in: BI tools ship DuckDB 1.4+ drivers, which
#: lag behind DuckDB 2.x (dbt_project/profiles.yml writes the published schemas in it).
STORAGE_VERSION = (1, 4, 0)
#: The tables whose row counts a publish reports.
COUNTED = ("marts.fct_indicator_value", "marts.dim_indicator", "audit.load_log", "audit.quarantine")


class PublishRefused(Exception):
    """The build may not replace the published warehouse."""


@dataclass
class GateResult:
    passed: bool
    failures: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def gate(build: Path, published: Path, state: BuildState | None, max_shrink: float = 0.5) -> GateResult:
    """Check the built published schemas (``build``) before they may replace ``published``."""
    if state is None or not state.clean:
        return GateResult(False, ["the last dbt build did not finish successfully: nothing to publish "
                                  "(the next refresh rebuilds the warehouse)"])
    if not build.exists():
        return GateResult(False, [f"no built warehouse at {build}"])
    failures: list[str] = []
    con = duckdb.connect(str(build), read_only=True)
    try:
        written = con.execute("select tags['storage_version'] from duckdb_databases() "
                              "where database_name = current_database()").fetchone()[0] or "unknown"
        if _version(written) > STORAGE_VERSION:
            failures.append(f"the built warehouse is in DuckDB storage format {written}, which the DuckDB "
                            f"{'.'.join(map(str, STORAGE_VERSION[:2]))} drivers of BI tools cannot read "
                            "(dbt_project/profiles.yml sets the format of the published schemas)")
        present = {f"{schema}.{name}" for schema, name in con.execute(
            "select schema_name, table_name from duckdb_tables()").fetchall()}
        counts = {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in COUNTED if t in present}
    finally:
        con.close()
    before = current_values(published)
    after = counts.get("marts.fct_indicator_value", 0)
    if before and after < before * (1 - max_shrink):
        failures.append(f"the current values would shrink from {before:,} to {after:,} rows (more than "
                        f"{max_shrink:.0%}); refusing to publish — run the refresh with allow_shrink to "
                        "publish anyway")
    return GateResult(not failures, failures, counts)


def current_values(published: Path) -> int:
    """Rows of marts.fct_indicator_value in the published file (0 when there is none yet)."""
    if not published.exists():
        return 0
    con = duckdb.connect(str(published), read_only=True)
    try:
        return con.execute("select count(*) from marts.fct_indicator_value").fetchone()[0]
    except duckdb.Error:
        return 0
    finally:
        con.close()


def _version(tag: str) -> tuple[int, ...]:
    """'v1.4.0+' -> (1, 4, 0); an unknown format counts as newer than any."""
    numbers = tag.strip("v+").split(".")
    return tuple(int(n) for n in numbers) if all(n.isdigit() for n in numbers) else (99,)


def publish(build: Path, published: Path, digest: str | None) -> None:
    """Copy ``build`` over ``published``: to a temporary name beside it, checked against ``digest`` (the
    SHA-256 the build's last dbt run recorded), fsynced, then renamed over it."""
    published.parent.mkdir(parents=True, exist_ok=True)
    tmp = published.with_name(f".{published.name}.{uuid.uuid4().hex}.next")
    try:
        h = hashlib.sha256()
        with open(build, "rb") as src, open(tmp, "xb") as dst:
            while chunk := src.read(8 << 20):
                h.update(chunk)
                dst.write(chunk)
            dst.flush()
            os.fsync(dst.fileno())
        if digest is not None and h.hexdigest() != digest:
            raise PublishRefused(f"{build.name} changed after dbt built it (its digest differs from the one the "
                                 "build recorded): not published; the next refresh rebuilds it")
        os.chmod(tmp, 0o644)
        os.replace(tmp, published)
    finally:
        tmp.unlink(missing_ok=True)
    dir_fd = os.open(published.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
    log.info("published %s", published)
