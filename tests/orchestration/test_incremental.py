"""Incremental refreshes rebuild only what new files touched (the years of their indicators; the series of
those indicators where a model needs it), and publish exactly what a full rebuild from the same lake
publishes."""

from __future__ import annotations

import json
import shutil

import duckdb
import pandas as pd

from ingestion.demo import generate
from orchestration.cli import main as iocw
from orchestration.settings import DBT_DIR, paths
from tests.conftest import write_csv


def _published(warehouse) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        tables = con.execute("select table_schema, table_name from information_schema.tables "
                             "where table_schema in ('marts', 'audit') order by all").fetchall()  # views too
        return {f"{s}.{t}": sorted(con.execute(f"select * from {s}.{t}").fetchall(), key=repr) for s, t in tables}
    finally:
        con.close()


def _state() -> dict:
    p = paths()
    return json.loads(p.build.with_name(f"{p.build.stem}.state.json").read_text())


def test_incremental_refreshes_publish_what_a_full_rebuild_publishes(warehouse_env):
    landing, warehouse = warehouse_env
    generate(landing, size="S", years=(2023, 2024), departments=["SCT", "CA"])
    assert iocw(["refresh"]) == 0
    first = _state()
    assert first["clean"] and first["full_built_at"]

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
    assert second["clean"] and second["full_built_at"] == first["full_built_at"]  # not rebuilt in full
    assert len(second["files"]) == len(first["files"]) + 1
    scope = pd.read_csv(paths().state / "refresh" / "scope.csv", dtype=str)["indicator_code"].tolist()
    assert scope == sorted({code_a, code_b})
    years = pd.read_csv(paths().state / "refresh" / "scope_years.csv", dtype=str)
    # the values, versions and facts are rebuilt for the years of the new rows, not for 2023
    assert sorted(map(tuple, years.to_numpy().tolist())) == sorted({(code_a, "2024"), (code_a, "2025"),
                                                                    (code_b, "2024")})
    incremental = _published(warehouse)

    assert iocw(["refresh", "--full"]) == 0
    assert _state()["full_built_at"] > second["full_built_at"]
    full = _published(warehouse)
    assert incremental.keys() == full.keys()
    for table, rows in full.items():
        assert incremental[table] == rows, f"{table} differs after an incremental refresh"

    con = duckdb.connect(str(warehouse), read_only=True)
    revised = con.execute("select previous_value, value, in_latest_refresh from marts.mart_revisions "
                          "where indicator_code = ? and area_code = ? and period_code = ? and source_file = ?",
                          [code_a, area_a, period_a, "dieu_chinh.csv"]).fetchall()
    con.close()
    assert revised == [(value_a, value_a + 1.5, True)]


def test_what_makes_a_refresh_rebuild_in_full(tmp_path, fixtures):
    from datetime import timedelta

    from ingestion.config import reference_dir
    from ingestion.lake import Lake
    from orchestration import build
    from orchestration.settings import Paths

    reference = tmp_path / "reference"
    shutil.copytree(reference_dir(), reference)
    p = Paths(tmp_path / "landing", tmp_path / "wh" / "ioc.duckdb", tmp_path / "wh" / "ioc.state", reference)
    (p.landing / "STTTT").mkdir(parents=True)
    shutil.copy(fixtures / "STTTT" / "chi_tieu_chuyen_doi_so_2022.csv", p.landing / "STTTT" / "a.csv")
    lake = Lake(p.state)
    lake.receive(p.landing, "STTTT")
    lake.write_verdicts({rec.sha256: (rec.rows_parsed, pd.DataFrame()) for rec in lake.records()})

    def plan(**kw):
        return build.plan(p, lake, **kw)

    assert plan().reason == "no earlier build"
    first = plan()
    build.begin(p, first)
    p.build.write_bytes(b"")  # what dbt would have built
    p.build_published.write_bytes(b"")
    assert plan().reason == "the last build did not finish"
    build.finish(p, first, ok=True)
    nothing_new = plan()
    assert not nothing_new.full and nothing_new.new_files == [] and nothing_new.scope == []

    write_csv(p.landing / "STTTT" / "b.csv", "ma_chi_tieu;ma_dia_ban;ky_bao_cao;gia_tri\nCDS.001;74;2023;80\n")
    lake.receive(p.landing, "STTTT")
    assert plan().new_files == []  # read but not yet through the gate: not part of the next build
    lake.write_verdicts({rec.sha256: (rec.rows_parsed, pd.DataFrame()) for rec in lake.pending_validation()})
    incremental = plan()
    assert not incremental.full and len(incremental.new_files) == 1 and incremental.scope == ["CDS.001"]
    assert incremental.years == [("CDS.001", "2023")]  # the year of its row, not the indicator's 2022

    assert plan(force_full=True).full
    assert plan(full_every=timedelta(0)).reason.startswith("the last full rebuild is over")
    with open(reference / "indicators.csv", "a", encoding="utf-8") as fh:
        fh.write("\n")
    assert plan().reason == "dbt models or reference data changed"


def test_an_incremental_build_reports_every_check_and_reruns_the_facts_keys(warehouse_env):
    """The models an incremental build skips (dimensions, the calendar) keep their checks' verdicts, said
    to be carried; the tests between the rebuilt facts and the skipped dimensions run again."""
    from orchestration.defs.dbt import ioc_dbt_models
    from tests.orchestration.test_refresh import _materialize

    landing, warehouse = warehouse_env
    write_csv(landing / "CA" / "1.csv", "ma_chi_tieu;ma_dia_ban;ky_bao_cao;gia_tri\nANTT.001;74;Tháng 3/2023;40\n")
    assert _materialize().success
    built = _state()["full_built_at"]
    assert "where true" in _compiled_test("keys_in_dimensions_fct_indicator_value_")  # a full build tests every row
    write_csv(landing / "CA" / "2.csv", "ma_chi_tieu;ma_dia_ban;ky_bao_cao;gia_tri\nANTT.001;74;Tháng 4/2023;41\n")
    result = _materialize()
    assert result.success and _state()["full_built_at"] == built  # an incremental build
    evaluations = [e.event_specific_data for e in result.events_for_node("ioc_dbt_models")
                   if e.event_type_value == "ASSET_CHECK_EVALUATION"]
    assert {e.asset_check_key for e in evaluations} == {spec.key for spec in ioc_dbt_models.check_specs}
    carried = {e.asset_key.path[-1] for e in evaluations if "carried" in e.metadata}
    assert {"dim_area", "dim_indicator", "dim_period", "int_periods"} <= carried
    assert not carried & {"fct_indicator_value", "fct_indicator_value_superseded", "stg_lake__observations"}
    keys = [e for e in evaluations if e.check_name.startswith("keys_in_dimensions_fct_indicator_value")]
    assert len(keys) == 2 and all(e.passed and "carried" not in e.metadata for e in keys)
    # and they test the rows this build rebuilt (macros/tests_in_scope.sql), not the whole table again
    assert "int_refresh_scope_periods" in _compiled_test("keys_in_dimensions_fct_indicator_value_dim")
    # the views are kept as they are, reported after the tables they read, and read the new rows
    kept = {m.asset_key.path[-1]: m.metadata["unchanged"].value for m in result.asset_materializations_for_node(
        "ioc_dbt_models") if "unchanged" in m.metadata}
    assert kept["fct_indicator_value_history"].startswith("a view") and kept["dim_area"].startswith("computed from")
    assert "fct_indicator_value" not in kept and "stg_lake__files" not in kept
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        history = con.execute("select period_code, value from marts.fct_indicator_value_history "
                              "where indicator_code = 'ANTT.001' order by 1").fetchall()
    finally:
        con.close()
    assert history == [("2023-03", 40.0), ("2023-04", 41.0)]


def _compiled_test(name: str) -> str:
    """The SQL the last dbt run ran for the test whose name starts with ``name`` (from its run results)."""
    runs = sorted(DBT_DIR.joinpath("target").glob("ioc_dbt_models-*"), key=lambda d: d.stat().st_mtime)
    results = json.loads((runs[-1] / "run_results.json").read_text(encoding="utf-8"))["results"]
    return next(r["compiled_code"] for r in results if r["unique_id"].startswith(f"test.ioc_warehouse.{name}"))
