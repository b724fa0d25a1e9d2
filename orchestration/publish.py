"""Publishing: gate the freshly built warehouse, then switch it in with one atomic rename.

Readers (BI tools, analysts) open the published file read-only. dbt builds the next warehouse's
published schemas (marts, audit) in a file of their own, written in a storage format that DuckDB 1.4+
drivers read; a publish checkpoints it, copies it beside the published file, fsyncs the copy and renames
it over the published one. A reader that had the old file open keeps reading the old state; a new
reader gets the new state; nobody waits and nobody sees half a refresh. A failed or killed refresh never
touches the published file.
"""

from __future__ import annotations

import errno
import json
import logging
import mmap
import os
import shutil
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

log = logging.getLogger(__name__)

PUBLISHED_SCHEMAS = ("marts", "audit")
#: The newest DuckDB storage format the published file may be in: BI tools ship DuckDB 1.4+ drivers, which
#: lag behind DuckDB 2.x (dbt writes the published schemas in it: dbt_project/profiles.yml).
STORAGE_VERSION = (1, 4, 0)

#: The output contract (spec/warehouse.md): tables and the columns dashboards depend on.
CONTRACT = {
    "marts.dim_domain": ["domain_key", "domain_code", "name_vi", "name_en"],
    "marts.dim_indicator": ["indicator_key", "indicator_code", "name_vi", "name_en", "domain_key", "domain_code",
                            "unit", "value_kind", "time_aggregation", "direction", "frequency", "department_code"],
    "marts.dim_area": ["area_key", "area_code", "name_vi", "level", "parent_area_code", "valid_from", "valid_to"],
    "marts.dim_period": ["period_key", "period_code", "period_type", "year", "half", "quarter", "month",
                         "start_date", "end_date"],
    "marts.dim_department": ["department_key", "department_code", "name_vi", "name_en"],
    "marts.fct_indicator_value": ["indicator_key", "area_key", "period_key", "department_key", "value_type",
                                  "status", "value", "source_file", "loaded_at"],
    "marts.fct_indicator_value_history": ["indicator_key", "area_key", "period_key", "value_type", "status",
                                          "value", "source_file", "superseded_at"],
    "marts.mart_indicator_scorecard": ["indicator_key", "area_key", "latest_period_code", "latest_actual",
                                       "plan_for_year", "achievement_pct_of_plan", "same_period_previous_year",
                                       "change_pct_vs_previous_year", "on_track"],
    "marts.mart_submission_status": ["department_code", "period_code", "indicators_expected",
                                     "indicators_received", "indicators_missing", "timeliness"],
    "audit.load_log": ["file_sha256", "department_code", "file_name", "received_at", "outcome", "rows_loaded",
                       "rows_quarantined", "message"],
    "audit.quarantine": ["file_sha256", "file_name", "sheet", "row_number", "column_name", "raw_value", "reason"],
}

#: Invariants of the built warehouse; each query returns the number of offending rows. ``{scope}`` is a
#: condition on indicator_code: every row, or only the indicators an incremental build rebuilt.
INVARIANTS = {
    "fact keys are all set": """
        select count(*) from marts.fct_indicator_value
        where ({scope}) and (indicator_key is null or area_key is null or period_key is null
                             or department_key is null or value is null)""",
    "one current value per indicator, area, period and value type": """
        select count(*) from (select 1 from marts.fct_indicator_value where {scope}
        group by indicator_key, area_key, period_key, value_type having count(*) > 1)""",
    "every fact points at a known indicator": """
        select count(*) from (select * from marts.fct_indicator_value where {scope}) f
        anti join marts.dim_indicator i using (indicator_key)""",
    "every fact points at a known area": """
        select count(*) from (select * from marts.fct_indicator_value where {scope}) f
        anti join marts.dim_area a using (area_key)""",
    "every fact points at a known period": """
        select count(*) from (select * from marts.fct_indicator_value where {scope}) f
        anti join marts.dim_period p using (period_key)""",
    "no cross-check set to block has findings (audit.cross_checks)": """
        select count(*) from audit.cross_checks where severity = 'block'""",
    "every received file is in the load log": """
        select count(*) from (select file_sha256 from audit.load_log where outcome = 'pending')""",
}


@dataclass
class GateResult:
    passed: bool
    failures: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def gate(build: Path, published: Path, max_shrink: float = 0.5, scope: list[str] | None = None,
         marker: Path | None = None, years: list[tuple[str, str]] | None = None) -> GateResult:
    """Check the built warehouse (the file of its published schemas) before it may replace the published
    one. With ``scope`` (the indicators an incremental build rebuilt; the others are unchanged since they
    passed this gate), the fact invariants are checked on those indicators; with ``years`` too (the
    (indicator, year) pairs whose facts it rebuilt: every period of each year, as in dbt's
    int_refresh_scope_periods), on those indicators' periods of those years (dim_period's): at size M a
    department's new month rebuilds one year of its indicators, an eighth of their facts. ``marker`` is
    dbt's verdict on the build (``<build>.ok.json`` by default)."""
    where = ("true" if scope is None else "indicator_code in (select indicator_code from scope)" if years is None
             else "(indicator_code, period_code) in (select indicator_code, period_code from scope)")
    failures: list[str] = []
    counts: dict[str, int] = {}
    if not build.exists():
        return GateResult(False, [f"no built warehouse at {build}"])
    marker = marker or build.with_suffix(".ok.json")
    if not marker.exists():
        failures.append(f"dbt did not report a successful build ({marker.name} missing)")
    else:
        m = json.loads(marker.read_text())
        if not m.get("ok"):
            failures.append("dbt build had failures: " + "; ".join(m.get("failures", [])[:10]))
    con = duckdb.connect(str(build), read_only=True)
    try:
        if scope is not None and years is not None:
            # the periods of those years, from the warehouse's own calendar (every fact's period is in it)
            con.execute("""
                create temp table scope as
                select y.indicator_code, p.period_code
                from (select unnest(?::varchar[]) as indicator_code, unnest(?::varchar[]) as year) as y
                inner join marts.dim_period as p on p.year::varchar = y.year
            """, [[c for c, _ in years], [y for _, y in years]])
        elif scope is not None:
            con.execute("create temp table scope as select unnest(?::varchar[]) as indicator_code", [scope])
        written = con.execute("select tags['storage_version'] from duckdb_databases() "
                              "where database_name = current_database()").fetchone()[0] or "unknown"
        if _version(written) > STORAGE_VERSION:
            failures.append(f"the built warehouse is in DuckDB storage format {written}, which the DuckDB "
                            f"{'.'.join(map(str, STORAGE_VERSION[:2]))} drivers of BI tools cannot read "
                            "(dbt_project/profiles.yml sets the format of the published schemas)")
        have: dict[str, set[str]] = {}
        for schema, table, column in con.execute(
            "select table_schema, table_name, column_name from information_schema.columns"
        ).fetchall():
            have.setdefault(f"{schema}.{table}", set()).add(column)
        for table, cols in CONTRACT.items():
            missing = [c for c in cols if c not in have.get(table, set())]
            if table not in have:
                failures.append(f"{table} is missing")
            elif missing:
                failures.append(f"{table} lacks columns {', '.join(missing)}")
        if not failures:
            for name, sql in INVARIANTS.items():
                bad = con.execute(sql.replace("{scope}", where)).fetchone()[0]
                if bad:
                    failures.append(f"{name}: {bad} offending rows")
            for table in CONTRACT:
                counts[table] = con.execute(f"select count(*) from {table}").fetchone()[0]
    finally:
        con.close()
    if not failures and published.exists():
        old = duckdb.connect(str(published), read_only=True)
        try:
            before = old.execute("select count(*) from marts.fct_indicator_value").fetchone()[0]
        except duckdb.Error:
            before = 0
        finally:
            old.close()
        after = counts.get("marts.fct_indicator_value", 0)
        if before and after < before * (1 - max_shrink):
            failures.append(
                f"the current values would shrink from {before:,} to {after:,} rows (more than "
                f"{max_shrink:.0%}); refusing to publish — set IOC_ALLOW_SHRINK=1 to publish anyway"
            )
    return GateResult(not failures, failures, counts)


def _version(tag: str) -> tuple[int, ...]:
    """'v1.4.0+' -> (1, 4, 0); an unknown format counts as newer than any."""
    numbers = tag.strip("v+").split(".")
    return tuple(int(n) for n in numbers) if all(n.isdigit() for n in numbers) else (99,)


def publish(build: Path, published: Path) -> dict[str, int]:
    """Copy the built published schemas over the published warehouse: checkpointed (nothing left in a
    write-ahead log), copied to a temporary name beside it, fsynced, then renamed over it."""
    published.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(build))
    try:
        con.execute("checkpoint")
        counts = {f"{s}.{t}": con.execute(f'select count(*) from "{s}"."{t}"').fetchone()[0]
                  for s, t in con.execute("select schema_name, table_name from duckdb_tables() "
                                          f"where schema_name in {PUBLISHED_SCHEMAS} order by 1, 2").fetchall()}
    finally:
        con.close()
    tmp = published.with_name(f".{published.name}.{uuid.uuid4().hex}.next")
    try:
        copy_durably(build, tmp)
        os.replace(tmp, published)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    dir_fd = os.open(published.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
    log.info("published %s (%s)", published, ", ".join(f"{k}={v:,}" for k, v in counts.items()))
    return counts


#: The copy's unit: a multiple of any block size direct I/O asks its offsets and lengths to be aligned to.
_DIRECT_CHUNK = 8 << 20


def copy_durably(src: Path, dst: Path) -> None:
    """Copy ``src`` to a new file ``dst``, on disk when this returns. Written with direct I/O (O_DIRECT)
    where the filesystem has it, from a buffer of its own: the copy goes to the disk without first filling
    the page cache with a second copy of the warehouse. Measured on 2026-12-05 at size M (a 222 MB file),
    in the publish of an incremental refresh, right after dbt's writes: 0.12-0.21 s for the copy and its
    fsync, against 0.14-0.36 s through the page cache. The new file's pages are then not cached: a BI
    tool's first query reads them from the disk. Where direct I/O is refused (tmpfs, macOS), through the
    page cache, then fsynced."""
    try:
        _copy_direct(src, dst)
    except OSError as exc:
        if exc.errno not in (errno.EINVAL, errno.EOPNOTSUPP):
            raise
        log.debug("no direct I/O for %s (%s): copying through the page cache", dst, exc)
        dst.unlink(missing_ok=True)
        shutil.copyfile(src, dst)
        with open(dst, "rb") as fh:
            os.fsync(fh.fileno())


def _copy_direct(src: Path, dst: Path) -> None:
    if not hasattr(os, "O_DIRECT"):
        raise OSError(errno.EOPNOTSUPP, "no O_DIRECT on this platform")
    buffer = mmap.mmap(-1, _DIRECT_CHUNK)  # page-aligned, as direct I/O needs
    view = memoryview(buffer)
    source = os.open(src, os.O_RDONLY)
    try:
        target = os.open(dst, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_DIRECT, 0o644)
        try:
            size, offset = os.fstat(source).st_size, 0
            while offset < size:
                read = os.preadv(source, [view], offset)
                if read <= 0:
                    raise OSError(errno.EIO, f"{src} ended at byte {offset:,} of {size:,} while being copied")
                aligned = -(-read // 4096) * 4096  # the last piece padded to a whole block, then cut back below
                os.pwritev(target, [view[:aligned]], offset)
                offset += read
            os.ftruncate(target, size)
            os.fsync(target)
        finally:
            os.close(target)
    finally:
        os.close(source)
        view.release()
        buffer.close()
