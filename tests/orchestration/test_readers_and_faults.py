"""Readers during refreshes, and a refresh killed mid-way (replay: test_replay; a BI tool's connection:
test_bi_boundary).

Real processes: `iocw refresh` subprocesses (killed with SIGKILL), reader processes that open the
published file read-only in a loop, as dashboards do.
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from tests.conftest import write_csv

pytestmark = pytest.mark.slow  # end to end: real refreshes, servers or browsers

IOCW = [sys.executable, "-m", "orchestration.cli"]
READER = r"""
import sys, time, json, duckdb
path, seconds, out = sys.argv[1], float(sys.argv[2]), sys.argv[3]
ok = failed = 0
errors = []
end = time.monotonic() + seconds
while time.monotonic() < end:
    try:
        con = duckdb.connect(path, read_only=True)
        con.execute('''select count(*), sum(f.value) from marts.fct_indicator_value f
                       join marts.dim_indicator i using (indicator_key)''').fetchall()
        con.close()
        ok += 1
    except Exception as e:
        failed += 1
        errors.append(str(e)[:200])
    time.sleep(0.02)
json.dump({"ok": ok, "failed": failed, "errors": errors[:5]}, open(out, "w"))
"""

VALUES = """select i.indicator_code, a.area_code, p.period_code, f.value_type, f.status, f.value
            from marts.fct_indicator_value f join marts.dim_indicator i using (indicator_key)
            join marts.dim_area a using (area_key) join marts.dim_period p using (period_key) order by all"""


def _env(landing: Path, warehouse: Path) -> dict:
    return dict(os.environ, IOC_LANDING_DIR=str(landing), IOC_WAREHOUSE_PATH=str(warehouse))


def _refresh(landing, warehouse, timeout=600):
    return subprocess.run(IOCW + ["refresh"], env=_env(landing, warehouse), capture_output=True, text=True,
                          timeout=timeout)


def _snapshot(warehouse):
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(VALUES).fetchall()
    finally:
        con.close()


def _month_file(landing, n):
    lines = ["ma_chi_tieu;ma_dia_ban;ky_bao_cao;trang_thai;gia_tri"]
    lines += [f"ANTT.001;{a};Tháng {n}/2023;Chính thức;{10 + n + i}" for i, a in enumerate(["74", "718", "724"])]
    write_csv(landing / "CA" / f"tai_nan_{n:02d}_2023.csv", "\n".join(lines) + "\n")


def test_readers_never_fail_and_a_killed_refresh_changes_nothing(tmp_path, fixtures):
    landing, warehouse = tmp_path / "landing", tmp_path / "wh" / "ioc.duckdb"
    shutil.copytree(fixtures / "STTTT", landing / "STTTT")
    _month_file(landing, 1)
    assert _refresh(landing, warehouse).returncode == 0
    readers = [
        subprocess.Popen([sys.executable, "-c", READER, str(warehouse), "60", str(tmp_path / f"r{i}.json")])
        for i in range(4)
    ]
    try:
        # a refresh killed mid-way (SIGKILL to the whole process group, dbt included)
        before = _snapshot(warehouse)
        _month_file(landing, 2)
        victim = subprocess.Popen(IOCW + ["refresh"], env=_env(landing, warehouse), start_new_session=True,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(6)
        os.killpg(victim.pid, signal.SIGKILL)
        victim.wait()
        assert _snapshot(warehouse) == before, "a killed refresh must leave the published warehouse as it was"
        # the next refresh finishes the job
        assert _refresh(landing, warehouse).returncode == 0
        after_kill = _snapshot(warehouse)
        # ... and gives what an uninterrupted refresh of the same files gives
        clean = tmp_path / "clean" / "ioc.duckdb"
        assert _refresh(landing, clean).returncode == 0
        assert after_kill == _snapshot(clean)
    finally:
        for r in readers:
            r.wait(timeout=120)
    results = [json.loads((tmp_path / f"r{i}.json").read_text()) for i in range(4)]
    assert sum(r["ok"] for r in results) > 40
    assert sum(r["failed"] for r in results) == 0, results
