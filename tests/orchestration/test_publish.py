"""The publish itself: the published file becomes a copy of the build, or stays exactly as it was."""

import hashlib
import os

import duckdb
import pytest

from orchestration.build import BuildState
from orchestration.publish import PublishRefused, gate, publish


@pytest.mark.parametrize("size", [0, 4096, (8 << 20) + 5])
def test_the_published_file_has_the_bytes_of_the_build(tmp_path, size):
    build = tmp_path / "work" / "published.duckdb"
    build.parent.mkdir()
    build.write_bytes(os.urandom(size))
    published = tmp_path / "warehouse" / "ioc.duckdb"
    publish(build, published, hashlib.sha256(build.read_bytes()).hexdigest())
    assert published.read_bytes() == build.read_bytes()
    assert oct(published.stat().st_mode & 0o777) == oct(0o644)  # readable by a BI server's own user
    assert [q.name for q in published.parent.iterdir()] == ["ioc.duckdb"]  # no temporary copy left


def test_a_build_changed_since_dbt_built_it_is_not_published(tmp_path):
    build = tmp_path / "published.duckdb"
    build.write_bytes(b"built by dbt")
    digest = hashlib.sha256(build.read_bytes()).hexdigest()
    build.write_bytes(b"edited afterwards")
    published = tmp_path / "warehouse" / "ioc.duckdb"
    published.parent.mkdir()
    published.write_bytes(b"what readers read")
    with pytest.raises(PublishRefused, match="changed after dbt built it"):
        publish(build, published, digest)
    assert published.read_bytes() == b"what readers read"
    assert [q.name for q in published.parent.iterdir()] == ["ioc.duckdb"]


def test_the_gate_refuses_an_unfinished_build_and_a_shrink(tmp_path):
    def warehouse(path, rows):
        con = duckdb.connect(str(path), config={"storage_compatibility_version": "v1.4.0"})
        con.execute("create schema marts")
        con.execute(f"create table marts.fct_indicator_value as select range as x from range({rows})")
        con.close()

    build, published = tmp_path / "build.duckdb", tmp_path / "ioc.duckdb"
    warehouse(build, 10)
    warehouse(published, 100)
    assert "did not finish" in gate(build, published, None).failures[0]
    assert "did not finish" in gate(build, published, BuildState(clean=False)).failures[0]
    shrink = gate(build, published, BuildState(clean=True))
    assert not shrink.passed and "shrink from 100 to 10" in shrink.failures[0]
    assert gate(build, published, BuildState(clean=True), max_shrink=1.0).passed
