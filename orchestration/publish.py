"""Publishing: gate the freshly built warehouse, then switch it in with one atomic rename.

Readers (BI tools, analysts) open the published file read-only. The next warehouse is built in a
separate file; only the contract schemas (marts, audit) are copied into a new file written in a storage
format that DuckDB 1.4+ drivers can read, checkpointed, fsynced and renamed over the published one.
A reader that had the old file open keeps reading the old state; a new reader gets the new state;
nobody waits and nobody sees half a refresh. A failed or killed refresh never touches the published file.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

log = logging.getLogger(__name__)

PUBLISHED_SCHEMAS = ("marts", "audit")
STORAGE_VERSION = "v1.4.0"  # readable by DuckDB 1.4+ drivers (BI tools lag behind DuckDB 2.x)

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

#: Invariants of the built warehouse; each query returns the number of offending rows.
INVARIANTS = {
    "fact keys are all set": """
        select count(*) from marts.fct_indicator_value
        where indicator_key is null or area_key is null or period_key is null or department_key is null
           or value is null""",
    "one current value per indicator, area, period and value type": """
        select count(*) from (select 1 from marts.fct_indicator_value where {scope}
        group by indicator_key, area_key, period_key, value_type having count(*) > 1)""",
    "every fact points at a known indicator": """
        select count(*) from marts.fct_indicator_value f
        anti join marts.dim_indicator i using (indicator_key)""",
    "every fact points at a known area": """
        select count(*) from marts.fct_indicator_value f anti join marts.dim_area a using (area_key)""",
    "every fact points at a known period": """
        select count(*) from marts.fct_indicator_value f anti join marts.dim_period p using (period_key)""",
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


def gate(build: Path, published: Path, max_shrink: float = 0.5, scope: list[str] | None = None) -> GateResult:
    """Check the built warehouse before it may replace the published one. With ``scope`` (the indicators
    an incremental build rebuilt, whose rows alone replace the published ones), the uniqueness of current
    values is checked on those indicators: the others passed this gate when they were published."""
    where = "true" if scope is None else "indicator_code in (select indicator_code from scope)"
    failures: list[str] = []
    counts: dict[str, int] = {}
    if not build.exists():
        return GateResult(False, [f"no built warehouse at {build}"])
    marker = build.with_suffix(".ok.json")
    if not marker.exists():
        failures.append(f"dbt did not report a successful build ({marker.name} missing)")
    else:
        m = json.loads(marker.read_text())
        if not m.get("ok"):
            failures.append("dbt build had failures: " + "; ".join(m.get("failures", [])[:10]))
    con = duckdb.connect(str(build), read_only=True)
    try:
        if scope is not None:
            _scope_table(con, scope)
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


def _scope_table(con: duckdb.DuckDBPyConnection, indicators: list[str]) -> None:
    """The indicators of an incremental build as the temporary table ``scope`` (indicator_code)."""
    con.execute("create temp table scope as select unnest(?::varchar[]) as indicator_code", [indicators])


#: Published tables rebuilt indicator by indicator (incremental dbt models with no other change): when
#: the published file holds the build's previous generation, only their indicators in scope are copied.
DELTA_TABLES = ("marts.fct_indicator_value", "marts.fct_indicator_value_history",
                "marts.mart_indicator_scorecard", "audit.cross_checks")


def publish(build: Path, published: Path, delta: list[str] | None = None) -> dict[str, int]:
    """Write the contract schemas into a new file and rename it over the published warehouse.

    With ``delta`` (the indicators the last incremental build rebuilt), the new file starts as a copy of
    the published one, whose :data:`DELTA_TABLES` get only those indicators' rows replaced and whose
    other tables are replaced whole; without it, every table is copied from the build."""
    published.parent.mkdir(parents=True, exist_ok=True)
    tmp = published.with_name(f".{published.name}.{uuid.uuid4().hex}.next")
    con = duckdb.connect()
    counts = {}
    try:
        if delta is not None:
            shutil.copyfile(published, tmp)
            con.execute(f"attach '{tmp}' as pub")
        else:
            con.execute(f"attach '{tmp}' as pub (storage_version '{STORAGE_VERSION}')")
        con.execute(f"attach '{build}' as build (read_only)")
        tables = con.execute(
            "select schema_name, table_name from duckdb_tables() where database_name = 'build' "
            f"and schema_name in {PUBLISHED_SCHEMAS} order by 1, 2"
        ).fetchall()
        for schema in PUBLISHED_SCHEMAS:
            con.execute(f"create schema if not exists pub.{schema}")
        if delta is not None:
            _scope_table(con, delta)
            stale = set(con.execute("select schema_name || '.' || table_name from duckdb_tables() "
                                    "where database_name = 'pub'").fetchall()) - {(f"{s}.{t}",) for s, t in tables}
            for (name,) in stale:
                con.execute(f"drop table pub.{name}")
        for schema, table in tables:
            name = f"{schema}.{table}"
            if delta is not None and name in DELTA_TABLES:
                con.execute(f"delete from pub.{name} where indicator_code in (select indicator_code from scope)")
                con.execute(f"insert into pub.{name} by name select * from build.{name} "
                            "where indicator_code in (select indicator_code from scope)")
            else:
                con.execute(f"create or replace table pub.{name} as select * from build.{name}")
            counts[name] = con.execute(f"select count(*) from pub.{name}").fetchone()[0]
        con.execute("checkpoint pub")
        con.execute("detach pub")
        con.execute("detach build")
    except BaseException:
        con.close()
        tmp.unlink(missing_ok=True)
        raise
    con.close()
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, published)
    dir_fd = os.open(published.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
    log.info("published %s (%s)", published, ", ".join(f"{k}={v:,}" for k, v in counts.items()))
    return counts
