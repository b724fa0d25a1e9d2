"""An empty warehouse rebuilt from another one's lake (iocw replay) publishes the same marts."""

import shutil
import subprocess

import duckdb
import pytest

from tests.orchestration.test_readers_and_faults import IOCW, _env, _month_file, _refresh, _snapshot

pytestmark = pytest.mark.slow


def test_replaying_the_archive_rebuilds_the_same_marts(tmp_path, fixtures):
    landing, warehouse = tmp_path / "landing", tmp_path / "wh" / "ioc.duckdb"
    shutil.copytree(fixtures / "STTTT", landing / "STTTT")
    _month_file(landing, 1)
    assert _refresh(landing, warehouse).returncode == 0
    _month_file(landing, 2)
    assert _refresh(landing, warehouse).returncode == 0
    replayed = tmp_path / "replayed" / "ioc.duckdb"
    r = subprocess.run(IOCW + ["replay", "--from-lake", str(warehouse.with_name("ioc.work") / "lake")],
                       env=_env(tmp_path / "empty_landing", replayed), capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-2000:]
    assert _snapshot(replayed) == _snapshot(warehouse)
    log = "select file_name, outcome, rows_loaded, received_at from audit.load_log order by all"
    assert duckdb.connect(str(replayed), read_only=True).execute(log).fetchall() == \
        duckdb.connect(str(warehouse), read_only=True).execute(log).fetchall()
