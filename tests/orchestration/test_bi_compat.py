"""BI tools ship DuckDB 1.x drivers: the published file must open with DuckDB 1.4 (a real 1.4 install)."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from orchestration.publish import publish

COMPAT = Path(sys.prefix) / "compat" / "duckdb-1.4"
READ = "import duckdb, sys; print(duckdb.__version__); con = duckdb.connect(sys.argv[1], read_only=True); " \
       "print(con.execute('select count(*) from marts.t').fetchone()[0])"


@pytest.fixture(scope="module")
def duckdb_14() -> Path:
    """DuckDB 1.4 installed beside the venv (from PyPI, once), never imported into this process."""
    if not (COMPAT / "duckdb").is_dir():
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                        "--no-deps", "--target", str(COMPAT), "duckdb==1.4.*"], check=True)
    return COMPAT


def _read_with_14(compat: Path, path: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(compat))
    return subprocess.run([sys.executable, "-c", READ, str(path)], env=env, capture_output=True, text=True)


def test_published_file_opens_with_duckdb_1_4(tmp_path, duckdb_14):
    build = tmp_path / "build.duckdb"
    con = duckdb.connect(str(build))  # DuckDB 2.x, its newest storage format
    con.execute("create schema marts; create table marts.t as select range as x from range(1000)")
    con.close()
    assert _read_with_14(duckdb_14, build).returncode != 0  # the build file itself: unreadable by 1.4
    published = tmp_path / "pub" / "ioc.duckdb"
    publish(build, published)
    r = _read_with_14(duckdb_14, published)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["1.4." + r.stdout.split()[0].split(".")[2], "1000"]
    shutil.rmtree(tmp_path / "pub")


def test_a_delta_publish_keeps_the_file_readable_and_equal_to_the_build(tmp_path, duckdb_14):
    build, published = tmp_path / "build.duckdb", tmp_path / "pub" / "ioc.duckdb"
    con = duckdb.connect(str(build))
    con.execute("""create schema marts; create table marts.t as select range as x from range(1000);
                   create table marts.fct_indicator_value as
                   select c as indicator_code, range as v from range(5), (values ('A'), ('B')) s(c);
                   create schema audit; create table audit.old as select 1 as x""")
    con.close()
    publish(build, published)
    con = duckdb.connect(str(build))
    con.execute("""delete from marts.fct_indicator_value where indicator_code = 'A';
                   insert into marts.fct_indicator_value select 'A', range + 100 from range(3);
                   create or replace table marts.t as select range as x from range(2000); drop table audit.old""")
    con.close()
    publish(build, published, delta=["A"])
    r = _read_with_14(duckdb_14, published)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split()[1] == "2000"
    con = duckdb.connect(str(published), read_only=True)
    got = con.execute("select indicator_code, v from marts.fct_indicator_value order by all").fetchall()
    tables = con.execute("select schema_name || '.' || table_name from duckdb_tables() order by 1").fetchall()
    con.close()
    assert got == [("A", 100), ("A", 101), ("A", 102)] + [("B", i) for i in range(5)]
    assert tables == [("marts.fct_indicator_value",), ("marts.t",)]
