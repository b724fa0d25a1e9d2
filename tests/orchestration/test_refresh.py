"""The whole graph materialised in-process into a temporary warehouse, then read like a BI tool would."""

import shutil

import duckdb
import pytest

from orchestration.cli import main as iocw
from tests.conftest import materialize, write_csv

pytestmark = pytest.mark.slow  # end to end: real refreshes, servers or browsers


def _value(con, indicator, area, period, value_type):
    rows = con.execute(
        """select f.value, f.status, f.source_file from marts.fct_indicator_value f
           join marts.dim_indicator i using (indicator_key) join marts.dim_area a using (area_key)
           join marts.dim_period p using (period_key)
           where i.indicator_code = ? and a.area_code = ? and p.period_code = ? and f.value_type = ?""",
        [indicator, area, period, value_type]).fetchall()
    assert len(rows) <= 1
    return rows[0] if rows else None


@pytest.fixture
def landed(warehouse_env, fixtures):
    landing, warehouse = warehouse_env
    for dept, name in [("STTTT", "chi_tieu_chuyen_doi_so_2022.csv"), ("VPUBND", "htttgqtthc_2022-12.json"),
                       ("SCT", "bao_cao_thang_05_2022.xlsx")]:
        (landing / dept).mkdir(exist_ok=True)
        shutil.copy(fixtures / dept / name, landing / dept / name)
    shutil.copy(fixtures / "STTTT" / "chi_tieu_chuyen_doi_so_2022.csv", landing / "STTTT" / "ban_sao.csv")
    write_csv(landing / "SYT" / "ca_benh_2022.csv", (
        "ma_chi_tieu;dia_ban;ky_bao_cao;trang_thai;gia_tri\n"
        "YT.001;TP. Dĩ An;Tháng 5/2022;Ước tính;120\n"
        "YT.001;TP. Dĩ An;Tháng 6/2022;Chính thức;58.16\n"
        "YT.001;Xã Không Có;Tháng 6/2022;Chính thức;12\n"
    ))
    (landing / "SYT" / "hong.csv").write_bytes(b"PK\x03\x04 not really a workbook")
    # last year's year-to-date, which the workbook's 'Cùng kỳ năm 2021' column (105.321,0) contradicts
    write_csv(landing / "SCT" / "luy_ke_2021.csv", "ma_chi_tieu;ma_dia_ban;ky_bao_cao;gia_tri\n"
                                                    "TM.001;74;Lũy kế 5 tháng năm 2021;100.000\n")
    return landing, warehouse


def test_full_refresh_publishes_and_tells_what_happened_to_each_file(landed, tmp_path):
    landing, warehouse = landed
    result = materialize()
    assert result.success
    con = duckdb.connect(str(warehouse), read_only=True)
    assert _value(con, "CDS.003", "74", "2022", "actual")[0] == 286949
    assert _value(con, "CDS.008", "74", "2025", "plan")[0] == 20
    assert _value(con, "CCHC.002", "724", "2022-12", "actual")[:2] == (4102, "official")
    assert _value(con, "TM.001", "74", "2022-05", "actual")[:2] == (24512.3, "estimate")
    assert _value(con, "YT.001", "724", "2022-05", "actual")[:2] == (120, "estimate")
    outcomes = dict(con.execute("select file_name, outcome from audit.load_log").fetchall())
    # the same content under two names: the first seen loads, the other is a duplicate
    assert sorted([outcomes.pop("chi_tieu_chuyen_doi_so_2022.csv"), outcomes.pop("ban_sao.csv")]) == [
        "duplicate", "loaded"]
    assert outcomes == {
        "htttgqtthc_2022-12.json": "loaded", "bao_cao_thang_05_2022.xlsx": "loaded", "luy_ke_2021.csv": "loaded",
        "ca_benh_2022.csv": "partial", "hong.csv": "rejected",
    }
    q = con.execute("""select row_number, column_name, raw_value from audit.quarantine
                       where file_name = 'ca_benh_2022.csv' and severity = 'error' order by 1""").fetchall()
    assert q == [(3, "gia_tri", "58.16"), (4, "dia_ban", "Xã Không Có")]
    msg = con.execute("select message from audit.load_log where file_name = 'hong.csv'").fetchone()[0]
    assert "hỏng" in msg or "bảng tính" in msg
    assert con.execute("select count(*) from marts.dim_indicator").fetchone()[0] >= 1000
    finding = con.execute("""select severity, expected, actual, message from audit.cross_checks
                             where check_name = 'workbook_derived_cells_agree'""").fetchall()
    assert len(finding) == 1 and finding[0][:3] == ("warn", 100000, 105321)
    assert "G12" in finding[0][3]  # the cell a clerk should look at
    con.close()
    # the facts' contract has not-null constraints of the table's own: a row that breaks one is refused as it
    # is written (dbt_project/models/marts/_marts__models.yml), in the published file as in dbt's build
    shutil.copy(warehouse, tmp_path / "copy.duckdb")
    con = duckdb.connect(str(tmp_path / "copy.duckdb"))
    good = "select * from marts.fct_indicator_value limit 1"
    for broken in ("null as value", "null as area_key", "null as status"):
        with pytest.raises(duckdb.ConstraintException):
            con.execute(f"insert into marts.fct_indicator_value select * replace ({broken}) from ({good})")
    con.close()
    # the original of every file is archived byte for byte, keyed by its SHA-256
    archived = list((warehouse.with_name("ioc.work") / "lake" / "archive").iterdir())
    assert len(archived) == 6
    _python_and_dbt_read_area_codes_alike()


def _python_and_dbt_read_area_codes_alike():
    """The quality gate (ingestion.areas) and the facts' joins (int_area_periods) give every code in every
    period the same area version, or none: a value the gate lets through always finds its area."""
    from ingestion.areas import areas
    from orchestration.resources import resolve_paths

    con = duckdb.connect(str(resolve_paths().build), read_only=True)
    periods = [p for (p,) in con.execute("select period_code from intermediate.int_periods").fetchall()]
    in_dbt = {(c, p): str(v) for c, p, v in con.execute(
        """select a.area_code, a.period_code, v.valid_from from intermediate.int_area_periods a
           join intermediate.int_area_versions v using (area_key)""").fetchall()}
    con.close()
    register = areas()
    in_python = {}
    for code in register.all_codes:
        for period in periods:
            version = register.version_in(code, period)
            if version is not None:
                in_python[code, period] = str(version.valid_from)
    assert len(in_python) > 50_000
    disagree = {k: (in_python.get(k), in_dbt.get(k)) for k in in_python.keys() | in_dbt.keys()
                if in_python.get(k) != in_dbt.get(k)}
    assert not disagree, sorted(disagree.items())[:10]


def test_a_refresh_with_nothing_new_changes_nothing_and_the_cli_summarises(landed, capsys):
    landing, warehouse = landed
    assert iocw(["refresh"]) == 0
    snapshot = lambda: duckdb.connect(str(warehouse), read_only=True).execute(  # noqa: E731
        "select * from marts.fct_indicator_value order by all").fetchall()
    before = snapshot()
    assert iocw(["refresh"]) == 0
    assert snapshot() == before
    out = capsys.readouterr().out
    assert "published" in out and "quarantined" in out and str(warehouse) in out


def test_revisions_replace_and_late_estimates_do_not(warehouse_env):
    landing, warehouse = warehouse_env
    write_csv(landing / "CA" / "1.csv", "ma_chi_tieu;ma_dia_ban;ky_bao_cao;trang_thai;gia_tri\n"
                                         "ANTT.001;74;Tháng 3/2023;Ước tính;40\n")
    assert iocw(["refresh"]) == 0
    write_csv(landing / "CA" / "2.csv", "ma_chi_tieu;ma_dia_ban;ky_bao_cao;trang_thai;gia_tri\n"
                                         "ANTT.001;74;Tháng 3/2023;Chính thức;42\n")
    assert iocw(["refresh"]) == 0
    write_csv(landing / "CA" / "3.csv", "ma_chi_tieu;ma_dia_ban;ky_bao_cao;trang_thai;gia_tri\n"
                                         "ANTT.001;74;Tháng 3/2023;Ước tính;45\n")
    assert iocw(["refresh"]) == 0
    con = duckdb.connect(str(warehouse), read_only=True)
    assert _value(con, "ANTT.001", "74", "2023-03", "actual")[:2] == (42, "official")
    history = con.execute("""select value, status, superseded_at is not null from marts.fct_indicator_value_history
                             where indicator_code = 'ANTT.001' order by version_number""").fetchall()
    assert history == [(40, "estimate", True), (42, "official", False)]
    revisions = con.execute("""select previous_value, value, change, previous_status, status, source_file
                               from marts.mart_revisions where indicator_code = 'ANTT.001'""").fetchall()
    assert revisions == [(40, 42, 2, "estimate", "official", "2.csv")]
    q = con.execute("select file_name, reason from audit.quarantine where stage = 'revision'").fetchall()
    assert len(q) == 1 and q[0][0] == "3.csv" and "chính thức" in q[0][1]
    con.close()


def test_a_build_left_unfinished_is_never_published(warehouse_env):
    """A dbt step that failed or was stopped leaves the build marked unfinished: publishing it alone (the
    Dagster UI's 'materialize' on warehouse/published) is refused, whatever an earlier run left on disk."""
    from orchestration import build
    from orchestration.resources import resolve_paths

    landing, warehouse = warehouse_env
    write_csv(landing / "CA" / "1.csv", "ma_chi_tieu;ma_dia_ban;ky_bao_cao;gia_tri\nANTT.001;74;Tháng 3/2023;40\n")
    assert iocw(["refresh"]) == 0
    before = warehouse.read_bytes()
    p = resolve_paths()
    build.begin(p, build.BuildPlan(False, "", "fp", [], []))  # what a dbt step does first; then it is stopped
    result = materialize(["warehouse/published"])
    assert not result.success
    failure = next(e for e in result.all_events if e.is_step_failure).event_specific_data.error
    assert "did not finish" in str(failure.cause or failure)
    assert warehouse.read_bytes() == before
    # and the next refresh rebuilds in full, then publishes
    assert iocw(["refresh"]) == 0
    assert build.read_state(p).clean
