"""BI tools ship DuckDB 1.x drivers: the published file must open with DuckDB 1.4 (a real 1.4 install; the
file an incremental refresh published is opened with it in test_bi_boundary)."""


import duckdb

from orchestration.build import BuildState
from orchestration.publish import gate
from tests.conftest import read_with_duckdb_14


def test_the_gate_refuses_a_build_bi_tools_cannot_read(tmp_path, duckdb_14):
    build = tmp_path / "build.duckdb"
    con = duckdb.connect(str(build))  # DuckDB 2.x, its newest storage format
    con.execute("create schema marts; create table marts.t as select range as x from range(1000)")
    con.close()
    assert read_with_duckdb_14(duckdb_14, build, "select count(*) from marts.t").returncode != 0
    result = gate(build, tmp_path / "published.duckdb", BuildState(clean=True))
    assert not result.passed and any("storage format v2" in f for f in result.failures)
