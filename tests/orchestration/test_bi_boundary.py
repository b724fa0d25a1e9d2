"""The boundary between BI and the warehouse, tried as an analyst could: the hardened connection the README
gives refuses everything but reading the published tables; an edit made behind the refresh's back through
a plain read-only connection never reaches what leaders see; a long-lived engine set up as the README says
sees each refresh."""

from __future__ import annotations

import subprocess
import sys
import time

import duckdb
import pytest
import sqlalchemy as sa

from orchestration.cli import main as iocw
from tests.conftest import materialize, read_with_duckdb_14, write_csv

pytestmark = pytest.mark.slow  # end to end: real refreshes, servers or browsers

HARDENED = "access_mode=read_only&enable_external_access=false&lock_configuration=true"
POPULATION = "select f.value from marts.fct_indicator_value f join marts.dim_indicator i using (indicator_key) " \
             "join marts.dim_area a using (area_key) join marts.dim_period p using (period_key) " \
             "where i.indicator_code = 'YT.001' and a.area_code = '724' and p.period_code = '2022-05'"


def _cases(path, value: str, status: str = "Chính thức") -> None:
    write_csv(path, "ma_chi_tieu;dia_ban;ky_bao_cao;trang_thai;gia_tri\n"
                    f"YT.001;TP. Dĩ An;Tháng 5/2022;{status};{value}\n")


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """A warehouse published once for the module (one refresh of one small file)."""
    root = tmp_path_factory.mktemp("bi")
    landing, warehouse = root / "landing", root / "warehouse" / "ioc.duckdb"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("IOC_LANDING_DIR", str(landing))
        mp.setenv("IOC_WAREHOUSE_PATH", str(warehouse))
        for name in ("IOC_WORK_DIR", "IOC_FULL_REBUILD_DAYS", "DAGSTER_HOME"):
            mp.delenv(name, raising=False)
        _cases(landing / "SYT" / "ca_benh_05.csv", "120", "Ước tính")
        assert iocw(["refresh"]) == 0
        yield landing, warehouse


def _hardened_engine(warehouse, **kw) -> sa.Engine:
    return sa.create_engine(f"duckdb:///{warehouse}?{HARDENED}", **kw)


def test_the_hardened_connection_reads_the_marts_and_nothing_else(published, tmp_path):
    landing, warehouse = published
    secret = write_csv(tmp_path / "secret.csv", "a,b\n1,2\n")
    build = warehouse.with_name("ioc.work") / "build.duckdb"
    refused = {
        "attach a working database": f"attach '{build}' as b (READ_WRITE)",
        "attach it read-only": f"attach '{build}' as b (READ_ONLY)",
        "read a local file": f"select * from read_csv('{secret}')",
        "write a file": f"copy (select 1) to '{tmp_path / 'out.csv'}'",
        "change a setting": "set enable_external_access = true",
        "change the memory limit": "set memory_limit = '64GB'",
        "write a table": "create table marts.x as select 1",
    }
    engine = _hardened_engine(warehouse)
    with engine.connect() as con:
        assert {"fct_indicator_value", "dim_indicator", "mart_indicator_scorecard"} <= set(
            sa.inspect(con).get_table_names(schema="marts"))
        assert con.execute(sa.text(POPULATION)).scalar() == 120
        assert con.execute(sa.text("select count(*) from marts.mart_indicator_values")).scalar() >= 1
    for what, sql in refused.items():
        with engine.connect() as con, pytest.raises(sa.exc.DBAPIError):
            con.execute(sa.text(sql))
            pytest.fail(f"the hardened connection let a BI user {what}")
    assert not (tmp_path / "out.csv").exists()
    engine.dispose()
    # the same settings through duckdb's own API, as the README gives them for Python
    con = duckdb.connect(str(warehouse), read_only=True,
                         config={"enable_external_access": False, "lock_configuration": True})
    with pytest.raises(duckdb.Error):
        con.execute(f"attach '{build}' as b")
    with pytest.raises(duckdb.Error):
        con.execute("set lock_configuration = false")
    con.close()


def test_an_edit_behind_the_refreshs_back_never_reaches_the_published_file(published, capsys, duckdb_14):
    """The attack that was found: a plain read-only connection attaches the working build READ_WRITE and
    edits a name. Publishing that build is refused, and the next refresh notices the working databases
    changed and rebuilds them in full."""
    landing, warehouse = published
    work = warehouse.with_name("ioc.work")
    assert work.stat().st_mode & 0o077 == 0  # owner-only: another account cannot even list it
    con = duckdb.connect(str(warehouse), read_only=True)
    con.execute(f"attach '{work / 'published.duckdb'}' as b (READ_WRITE)")
    con.execute("update b.marts.dim_area set name_vi = 'Bị sửa trộm' where area_code = '724'")
    con.close()
    # publishing alone (the UI's 'materialize' on warehouse/published) refuses the edited build
    assert not materialize(["warehouse/published"]).success
    _cases(landing / "SYT" / "ca_benh_05_dieu_chinh.csv", "125")
    assert iocw(["refresh"]) == 0
    shown = capsys.readouterr()
    assert "full rebuild (" in shown.out + shown.err  # the edited build is not built upon
    con = duckdb.connect(str(warehouse), read_only=True)
    names = {n for (n,) in con.execute("select name_vi from marts.dim_area where area_code = '724'").fetchall()}
    assert names and "Bị sửa trộm" not in names
    assert con.execute(POPULATION).fetchone()[0] == 125
    con.close()
    # what an incremental refresh published (rows deleted and inserted in one file) opens with DuckDB 1.x,
    # which BI tools' drivers ship
    r = read_with_duckdb_14(duckdb_14, warehouse, POPULATION)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split()[0].startswith("1.4.") and float(r.stdout.split()[1]) == 125


#: A BI server's long-lived engine, in a process of its own (as a BI server is): a value per line asked.
READER = """
import sys
import sqlalchemy as sa
from sqlalchemy.pool import NullPool
settings = {"NullPool": {"poolclass": NullPool}, "recycle": {"pool_recycle": 1}}[sys.argv[2]]
engine = sa.create_engine(sys.argv[1], **settings)
for _ in sys.stdin:
    with engine.connect() as con:
        print(con.execute(sa.text(sys.argv[3])).scalar(), flush=True)
"""


@pytest.mark.parametrize("settings", ["NullPool", "recycle"])
def test_a_long_lived_engine_set_up_as_the_readme_says_sees_each_refresh(published, settings):
    landing, warehouse = published
    reader = subprocess.Popen([sys.executable, "-c", READER, f"duckdb:///{warehouse}?{HARDENED}", settings,
                               POPULATION], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def ask() -> float:
        reader.stdin.write("?\n")
        reader.stdin.flush()
        return float(reader.stdout.readline())

    try:
        before = ask()
        new = int(before) + 1
        _cases(landing / "SYT" / f"ca_benh_05_{new}.csv", str(new))
        assert iocw(["refresh"]) == 0
        time.sleep(1.2)  # past pool_recycle
        assert ask() == new
    finally:
        reader.stdin.close()
        reader.wait(timeout=30)
