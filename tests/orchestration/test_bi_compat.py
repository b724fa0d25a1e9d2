"""BI tools ship DuckDB 1.x drivers: the published file must open with DuckDB 1.4 (a real 1.4 install)."""

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from orchestration.build import BuildState
from orchestration.cli import main as iocw
from orchestration.publish import gate
from tests.conftest import write_csv

COMPAT = Path(sys.prefix) / "compat" / "duckdb-1.4"
READ = "import duckdb, sys; print(duckdb.__version__); con = duckdb.connect(sys.argv[1], read_only=True); " \
       "print(con.execute(sys.argv[2]).fetchone()[0])"


@pytest.fixture(scope="module")
def duckdb_14() -> Path:
    """DuckDB 1.4 installed beside the venv (from PyPI, once), never imported into this process."""
    if not (COMPAT / "duckdb").is_dir():
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                        "--no-deps", "--target", str(COMPAT), "duckdb==1.4.*"], check=True)
    return COMPAT


def _read_with_14(compat: Path, path: Path, query: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(compat))
    return subprocess.run([sys.executable, "-c", READ, str(path), query], env=env, capture_output=True, text=True)


def test_the_published_warehouse_opens_with_duckdb_1_4(warehouse_env, duckdb_14):
    landing, warehouse = warehouse_env
    write_csv(landing / "CA" / "1.csv", "ma_chi_tieu;ma_dia_ban;ky_bao_cao;gia_tri\nANTT.001;74;Tháng 3/2023;40\n")
    assert iocw(["refresh"]) == 0
    write_csv(landing / "CA" / "2.csv", "ma_chi_tieu;ma_dia_ban;ky_bao_cao;gia_tri\nANTT.001;74;Tháng 4/2023;41\n")
    assert iocw(["refresh"]) == 0  # an incremental build: rows deleted and inserted in the same file
    r = _read_with_14(duckdb_14, warehouse, "select count(*) from marts.fct_indicator_value "
                                            "where indicator_code = 'ANTT.001' and not is_derived")
    assert r.returncode == 0, r.stderr
    version, count = r.stdout.split()
    assert version.startswith("1.4.") and count == "2"


def test_the_gate_refuses_a_build_bi_tools_cannot_read(tmp_path, duckdb_14):
    build = tmp_path / "build.duckdb"
    con = duckdb.connect(str(build))  # DuckDB 2.x, its newest storage format
    con.execute("create schema marts; create table marts.t as select range as x from range(1000)")
    con.close()
    assert _read_with_14(duckdb_14, build, "select count(*) from marts.t").returncode != 0
    result = gate(build, tmp_path / "published.duckdb", BuildState(clean=True))
    assert not result.passed and any("storage format v2" in f for f in result.failures)
