"""Incremental refreshes rebuild only what new files touched (the refresh scope: their indicators, in the
years of their rows), and publish exactly what a full rebuild of the same files publishes."""

from __future__ import annotations

import json
import shutil
from datetime import timedelta

import duckdb
import pandas as pd
import pytest

from orchestration.cli import main as iocw
from orchestration.resources import resolve_paths
from tests.conftest import FIXTURES, materialize, write_csv
from tools.demo import generate

pytestmark = pytest.mark.slow  # end to end: real refreshes, servers or browsers

#: Columns that say which refresh received a row, not what the row is.
RUN_COLUMNS = {"batch_id", "in_latest_refresh"}


def _published(warehouse) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        out = {}
        for schema, table in con.execute("select table_schema, table_name from information_schema.tables "
                                         "where table_schema in ('marts', 'audit') order by all").fetchall():
            columns = [c for (c,) in con.execute(
                "select column_name from information_schema.columns where table_schema = ? and table_name = ? "
                "order by ordinal_position", [schema, table]).fetchall() if c not in RUN_COLUMNS]
            rows = con.execute(f"select {', '.join(columns)} from {schema}.{table}").fetchall()
            out[f"{schema}.{table}"] = sorted(rows, key=repr)
        return out
    finally:
        con.close()


def _state() -> dict:
    return json.loads(resolve_paths().build_state.read_text())


def _assert_same(got: dict, expected: dict, what: str) -> None:
    assert got.keys() == expected.keys()
    for table, rows in expected.items():
        assert got[table] == rows, f"{table} differs {what}"


def test_incremental_refreshes_publish_what_a_full_rebuild_publishes(warehouse_env, tmp_path, monkeypatch):
    landing, warehouse = warehouse_env
    generate(landing, size="S", years=(2023, 2024), departments=["SCT", "CA", "VPUBND"])
    assert iocw(["refresh"]) == 0
    first = _state()
    assert first["clean"] and first["full_built_at"] and first["scope"] is None

    con = duckdb.connect(str(warehouse), read_only=True)
    official = con.execute(
        """select indicator_code, area_code, period_code, value from marts.fct_indicator_value
           where department_code = 'SCT' and value_type = 'actual' and status = 'official' and not is_derived
             and period_code like '2024-__' order by all limit 2""").fetchall()
    con.close()
    (code_a, area_a, period_a, value_a), (code_b, area_b, period_b, _) = official
    write_csv(landing / "SCT" / "dieu_chinh.csv", (
        "ma_chi_tieu;ma_dia_ban;ky_bao_cao;trang_thai;gia_tri\n"
        f"{code_a};{area_a};{period_a};Chính thức;{str(value_a + 1.5).replace('.', ',')}\n"  # a revision
        f"{code_b};{area_b};{period_b};Ước tính;1\n"  # a late estimate: refused
        f"{code_a};{area_a};2025-01;Chính thức;7\n"  # a new month
    ))
    assert iocw(["refresh"]) == 0
    second = _state()
    assert second["full_built_at"] == first["full_built_at"]  # not rebuilt in full
    assert len(second["files"]) == len(first["files"]) + 1
    # the values, versions and facts are rebuilt for the indicators and years of the new rows, not 2023
    expected = {code_a: {"2024", "2025"}}
    expected.setdefault(code_b, set()).add("2024")
    assert second["scope"] == {code: sorted(years) for code, years in sorted(expected.items())}

    # more files in later refreshes: the sample exports of three departments, in two deliveries
    for delivery in ([("STTTT", "chi_tieu_chuyen_doi_so_2022.csv"), ("SCT", "bao_cao_thang_05_2022.xlsx")],
                     [("VPUBND", "htttgqtthc_2022-12.json")]):
        for department, name in delivery:
            (landing / department).mkdir(exist_ok=True)
            shutil.copy2(FIXTURES / department / name, landing / department / f"mau_{name}")
        assert iocw(["refresh"]) == 0
        assert _state()["full_built_at"] == first["full_built_at"]
    incremental = _published(warehouse)
    con = duckdb.connect(str(warehouse), read_only=True)
    revised = con.execute("select previous_value, value, in_latest_refresh from marts.mart_revisions "
                          "where indicator_code = ? and area_code = ? and period_code = ? and source_file = ?",
                          [code_a, area_a, period_a, "dieu_chinh.csv"]).fetchall()
    con.close()
    assert revised == [(value_a, value_a + 1.5, False)]

    # the same lake rebuilt in full
    assert iocw(["refresh", "--full"]) == 0
    assert _state()["full_built_at"] > first["full_built_at"]
    _assert_same(_published(warehouse), incremental, "after a full rebuild")

    # a fresh warehouse over a copy of the landing folder that kept its files' times: the same arrival order
    copy = tmp_path / "copy"
    shutil.copytree(landing, copy / "landing")  # copy2: times kept
    monkeypatch.setenv("IOC_LANDING_DIR", str(copy / "landing"))
    monkeypatch.setenv("IOC_WAREHOUSE_PATH", str(copy / "warehouse" / "ioc.duckdb"))
    monkeypatch.delenv("DAGSTER_HOME")
    assert iocw(["refresh"]) == 0
    _assert_same(_published(copy / "warehouse" / "ioc.duckdb"), incremental, "in a fresh warehouse")


def test_what_makes_a_refresh_rebuild_in_full(tmp_path, fixtures):
    from ingestion import intake
    from ingestion.config import reference_dir
    from ingestion.lake import Lake
    from orchestration import build
    from orchestration.resources import Paths

    reference = tmp_path / "reference"
    shutil.copytree(reference_dir(), reference)
    p = Paths(tmp_path / "landing", tmp_path / "wh" / "ioc.duckdb", tmp_path / "wh" / "ioc.work", reference)
    (p.landing / "STTTT").mkdir(parents=True)
    shutil.copy(fixtures / "STTTT" / "chi_tieu_chuyen_doi_so_2022.csv", p.landing / "STTTT" / "a.csv")
    p.make_work()
    lake = Lake(p.lake)
    intake.receive(lake, p.landing, ["STTTT"])
    lake.write_verdicts({rec.sha256: (rec.rows_parsed, pd.DataFrame()) for rec in lake.records()})

    def plan(**kw):
        return build.plan(p, lake, **kw)

    assert plan().reason == "no earlier build"
    first = plan()
    build.begin(p, first)
    for db in (p.build, p.build_published):  # what dbt would have built
        duckdb.connect(str(db)).close()
    assert plan().reason == "the last build did not finish"
    build.finish(p, first, ok=True)
    nothing_new = plan()
    assert not nothing_new.full and nothing_new.new_files == [] and nothing_new.scope == {}

    write_csv(p.landing / "STTTT" / "b.csv", "ma_chi_tieu;ma_dia_ban;ky_bao_cao;gia_tri\nCDS.001;74;2023;80\n")
    intake.receive(lake, p.landing, ["STTTT"])
    assert plan().new_files == []  # read but not yet through the gate: not part of the next build
    lake.write_verdicts({rec.sha256: (rec.rows_parsed, pd.DataFrame()) for rec in lake.pending_validation()})
    incremental = plan()
    assert not incremental.full and len(incremental.new_files) == 1
    assert incremental.scope == {"CDS.001": ["2023"]}  # the year of its row, not the indicator's 2022
    build.begin(p, incremental)  # dbt reads the scope from the build, for the run only
    with duckdb.connect(str(p.build), read_only=True) as con:
        assert con.execute(f"select * from {build.SCOPE_TABLE}").fetchall() == [("CDS.001", "2023")]
    build.finish(p, incremental, ok=True)
    with duckdb.connect(str(p.build), read_only=True) as con:
        assert not con.execute("select * from duckdb_tables() where table_name = ?", [build.SCOPE_TABLE]).fetchall()

    assert plan(full=True).reason == "asked for"
    assert plan(full_every=timedelta(0)).reason.startswith("the last full rebuild is over")
    con = duckdb.connect(str(p.build_published))
    con.execute("create table edited as select 1")  # a change no refresh made
    con.close()
    assert plan().reason == "the working databases were changed outside a refresh"
    build.finish(p, first, ok=True)  # (digests recorded again)
    with open(reference / "indicators.csv", "a", encoding="utf-8") as fh:
        fh.write("\n")
    assert plan().reason == "dbt models or reference data changed"


def test_an_incremental_build_reports_what_it_ran_and_tests_what_it_rebuilt(warehouse_env):
    """An incremental build runs every model but those of reference data alone, which it keeps as they are
    (not reported as materialised, their checks not run: no result, never a pass made up); the tests of
    the incremental models test the rows in scope."""
    from orchestration.defs.dbt import KEPT, MANIFEST, TRANSLATOR, dbt_models

    landing, warehouse = warehouse_env
    write_csv(landing / "CA" / "1.csv", "ma_chi_tieu;ma_dia_ban;ky_bao_cao;gia_tri\nANTT.001;74;Tháng 3/2023;40\n")
    assert materialize().success
    built = _state()["full_built_at"]
    assert "refresh_scope" not in _compiled_test("one_row_per_fct_indicator_value")  # a full build tests every row
    write_csv(landing / "CA" / "2.csv", "ma_chi_tieu;ma_dia_ban;ky_bao_cao;gia_tri\nANTT.001;74;Tháng 4/2023;41\n")
    result = materialize()
    assert result.success and _state()["full_built_at"] == built  # an incremental build
    nodes = MANIFEST["nodes"]
    kept = {uid for uid, n in nodes.items() if n["resource_type"] == "model" and n["name"] in KEPT}
    materialized = {m.asset_key for m in result.asset_materializations_for_node("dbt_models")}
    assert materialized == set(dbt_models.keys) - {TRANSLATOR.get_asset_key(nodes[uid]) for uid in kept}
    evaluations = [e.event_specific_data for e in result.events_for_node("dbt_models")
                   if e.event_type_value == "ASSET_CHECK_EVALUATION"]
    # the tests that read none of the kept models ran, and passed; those that read one did not run
    tests = {n["name"]: set(n["depends_on"]["nodes"]) for n in nodes.values() if n["resource_type"] == "test"}
    assert {e.check_name for e in evaluations} == {name for name, parents in tests.items() if not parents & kept}
    assert all(e.passed for e in evaluations)
    assert "refresh_scope" in _compiled_test("one_row_per_fct_indicator_value")
    # the scope is data, not a dbt var: dbt reused its parse of the project
    last_run = (resolve_paths().dbt_target / "dbt.log").read_text(encoding="utf-8").rsplit("Running with dbt=", 1)[1]
    assert "Unable to do partial parsing" not in last_run
    facts = next(m for m in result.asset_materializations_for_node("dbt_models")
                 if m.asset_key.path == ["marts", "fct_indicator_value"])
    assert facts.metadata["dagster/row_count"].value > 0
    assert facts.metadata["refresh_scope"].value == {"ANTT.001": ["2023"]}
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        history = con.execute("select period_code, value from marts.fct_indicator_value_history "
                              "where indicator_code = 'ANTT.001' order by 1").fetchall()
    finally:
        con.close()
    assert history == [("2023-03", 40.0), ("2023-04", 41.0)]


def _compiled_test(name: str) -> str:
    """The SQL the last dbt run ran for the test whose name starts with ``name`` (from its run results)."""
    results = json.loads((resolve_paths().dbt_target / "run_results.json").read_text(encoding="utf-8"))["results"]
    return next(r["compiled_code"] for r in results if r["unique_id"].startswith(f"test.ioc_warehouse.{name}"))
