"""dbt's API in a worker forked from the run (the default) against dagster-dbt's subprocess
(IOC_DBT_IN_PROCESS=0): the same warehouse, the same Dagster events; a dbt failure fails the step and
publishes nothing; an interrupted run stops and lets go of the build file; a worker that dies fails the
step; a worker a run did not use ends with it."""

import json
import os
import signal
import time

import dagster as dg
import duckdb
import pytest

from orchestration.cli import main as iocw
from orchestration.settings import DBT_DIR
from tests.conftest import write_csv
from tests.orchestration.test_refresh import _materialize

FILE = "ma_chi_tieu;ma_dia_ban;ky_bao_cao;gia_tri\nANTT.001;74;Tháng 3/2023;40\nANTT.001;74;Tháng 4/2023;41\n"


def _dbt_events(result) -> tuple[set[str], dict[str, bool]]:
    """The assets the dbt step materialised and the verdict of each asset check it ran."""
    events = result.events_for_node("ioc_dbt_models")
    materialized = {"/".join(e.asset_key.path) for e in events if e.event_type_value == "ASSET_MATERIALIZATION"}
    checks = {f"{'/'.join(e.event_specific_data.asset_key.path)}:{e.event_specific_data.check_name}":
              e.event_specific_data.passed for e in events if e.event_type_value == "ASSET_CHECK_EVALUATION"}
    return materialized, checks


def _published(warehouse) -> list[tuple]:
    con = duckdb.connect(str(warehouse), read_only=True)
    rows = con.execute("""select i.indicator_code, p.period_code, f.value_type, f.value from marts.fct_indicator_value f
                          join marts.dim_indicator i using (indicator_key) join marts.dim_period p using (period_key)
                          order by all""").fetchall()
    con.close()
    return rows


def _last_run_folder():
    from orchestration.settings import DBT_DIR

    return max((DBT_DIR / "target").glob("ioc_dbt_models-*"), key=lambda d: d.stat().st_mtime)


def test_in_process_and_subprocess_dbt_publish_the_same_and_report_the_same(warehouse_env, monkeypatch):
    landing, warehouse = warehouse_env
    write_csv(landing / "CA" / "1.csv", FILE)
    inside = _materialize()
    assert inside.success
    facts_inside, events_inside = _published(warehouse), _dbt_events(inside)
    # in the process dbt writes no manifest; the run's results are written as dbt writes them
    run = _last_run_folder()
    assert not (run / "manifest.json").exists()
    results = json.loads((run / "run_results.json").read_text())
    assert results["metadata"]["dbt_schema_version"].endswith("run-results/v6.json")
    assert len(results["results"]) >= 60 and {r["status"] for r in results["results"]} == {"success", "pass"}
    log = (run / "dbt.log").read_text()
    assert "Completed successfully" in log and "[debug]" not in log  # info level: no statements

    monkeypatch.setenv("IOC_DBT_IN_PROCESS", "0")
    monkeypatch.setenv("IOC_FULL_REFRESH", "1")
    outside = _materialize()
    assert outside.success
    assert _published(warehouse) == facts_inside and len(facts_inside) >= 2
    materialized, checks = events_inside
    assert _dbt_events(outside) == events_inside
    assert "[debug]" not in (_last_run_folder() / "dbt.log").read_text()  # the same log level as a subprocess
    assert "marts/fct_indicator_value" in materialized and len(materialized) >= 25
    assert len(checks) >= 30 and all(checks.values())


def test_a_dbt_error_fails_the_refresh_publishes_nothing_and_the_next_one_recovers(warehouse_env, monkeypatch, capsys):
    landing, warehouse = warehouse_env
    write_csv(landing / "CA" / "1.csv", FILE)
    assert iocw(["refresh"]) == 0
    before = warehouse.read_bytes()

    write_csv(landing / "CA" / "2.csv", FILE.replace("Tháng 3", "Tháng 5").replace("Tháng 4", "Tháng 6"))
    monkeypatch.setenv("IOC_DBT_MEMORY_LIMIT", "a lot")  # DuckDB refuses the setting: every model errors
    assert iocw(["refresh"]) == 1
    assert warehouse.read_bytes() == before
    out = capsys.readouterr()
    assert "dbt build failed" in out.out + out.err

    monkeypatch.delenv("IOC_DBT_MEMORY_LIMIT")
    assert iocw(["refresh"]) == 0  # dbt's database was let go of; the failed build is rebuilt in full
    assert {p for _, p, _, _ in _published(warehouse)} >= {"2023-05", "2023-06"}


def test_an_interrupted_dbt_run_stops_and_lets_go_of_the_build(warehouse_env, tmp_path):
    """A full build of an empty lake: its first models come from the reference data alone."""
    landing, warehouse = warehouse_env
    warehouse.parent.mkdir(parents=True)

    from orchestration.defs.dbt import _manifest
    from orchestration.settings import paths

    run = _interrupted_build(tmp_path)
    events = run.stream()
    first = next(events)  # the first model built: then the step is interrupted
    assert isinstance(first, dg.AssetMaterialization)
    events.close()
    assert not run.worker.process.is_alive() and run.worker.process.exitcode == 0  # it stopped, not killed
    assert run.success is False and "interrupted" in (run.error or "")
    results = run.get_artifact("run_results.json").get("results", [])
    assert len(results) < len(_manifest()["nodes"])  # it stopped before the end
    # nothing of dbt's holds the build file: this process can open it with another configuration
    con = duckdb.connect(str(paths().build), config={"threads": 1})
    assert con.execute("select 1").fetchone() == (1,)
    con.close()


@pytest.mark.parametrize("value, expected", [(None, True), ("1", True), ("0", False), ("false", False), ("no", False)])
def test_in_process_is_the_default_and_can_be_turned_off(monkeypatch, value, expected):
    from orchestration.defs.dbt_in_process import enabled

    if value is None:
        monkeypatch.delenv("IOC_DBT_IN_PROCESS", raising=False)
    else:
        monkeypatch.setenv("IOC_DBT_IN_PROCESS", value)
    assert enabled() is expected


def _interrupted_build(tmp_path):
    from orchestration.defs.dbt import IocTranslator, _manifest
    from orchestration.defs.dbt_in_process import DbtProjectPaths, InProcessInvocation
    from orchestration.settings import DBT_DIR, apply_env, paths

    apply_env(paths())
    target = tmp_path / "target"
    return InProcessInvocation(
        args=["build", "--full-refresh", "--project-dir", str(DBT_DIR), "--profiles-dir", str(DBT_DIR),
              "--target-path", str(target), "--log-path", str(target), "--no-send-anonymous-usage-stats"],
        target_path=target, manifest=_manifest(), translator=IocTranslator(),
        project_paths=DbtProjectPaths(str(DBT_DIR), str(DBT_DIR)))


def test_a_worker_that_dies_fails_the_step_with_a_reason(warehouse_env, tmp_path):
    """The kernel's OOM killer, or anything else that ends dbt's worker mid-build: the step does not hang
    on the pipe, and says what happened."""
    _, warehouse = warehouse_env
    warehouse.parent.mkdir(parents=True)
    run = _interrupted_build(tmp_path)
    events = run.stream()
    assert next(events) is not None
    os.kill(run.worker.process.pid, signal.SIGKILL)
    list(events)  # the rest, until the step sees the worker gone
    assert run.success is False
    assert "worker process ended" in run.error and "-9" in run.error, run.error
    assert not run.worker.process.is_alive()


def test_the_worker_is_forked_when_the_run_sets_up_and_ends_with_it_if_unused(warehouse_env):
    """The dbt resource forks the worker as the run sets its resources up (before the ingest), and a run
    that ends before its dbt step lets it go: no process is left waiting."""
    from orchestration.defs import dbt_in_process
    from orchestration.defs.dbt import dbt_resource

    dbt_in_process.stop_worker()  # none left by an earlier test
    with dg.build_resources({"dbt": dbt_resource}):
        worker = dbt_in_process._worker
        assert worker is not None and worker.process.is_alive() and worker.process.pid != os.getpid()
    assert dbt_in_process._worker is None
    deadline = time.monotonic() + 30
    while worker.process.is_alive() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert worker.process.exitcode == 0  # it left by itself when told to, not killed


def test_the_build_starts_from_the_workers_parse_after_a_parse_for_another_warehouse(warehouse_env, monkeypatch,
                                                                                     tmp_path, capsys):
    """dbt parses from scratch when its profile (which holds the warehouse's paths) differs from the one its
    last parse saw. The worker's warm-up pays that while the ingest runs, and the build starts from it."""
    landing, warehouse = warehouse_env
    write_csv(landing / "CA" / "1.csv", FILE)
    assert iocw(["refresh"]) == 0  # leaves its parse (this warehouse's paths) as the next run's seed
    first_seed = (DBT_DIR / "target" / "partial_parse.msgpack").read_bytes()
    monkeypatch.setenv("IOC_WAREHOUSE_PATH", str(tmp_path / "elsewhere" / "ioc.duckdb"))
    capsys.readouterr()
    assert iocw(["-v", "refresh"]) == 0
    log = (_last_run_folder() / "dbt.log").read_text()
    # the build parsed nothing: it started from the manifest the worker parsed, for this warehouse's paths
    assert "Running with dbt" in log and "Unable to do partial parsing" not in log
    out = capsys.readouterr()
    assert "the build started from the worker's parse of the project" in out.out + out.err
    # and the worker's parse (of the profile with the new paths) is the next run's seed
    assert (DBT_DIR / "target" / "partial_parse.msgpack").read_bytes() != first_seed


def _ls(tmp_path):
    from orchestration.defs.dbt import IocTranslator, _manifest
    from orchestration.defs.dbt_in_process import DbtProjectPaths, InProcessInvocation

    target = tmp_path / "ls"
    return InProcessInvocation(
        args=["ls", "--project-dir", str(DBT_DIR), "--profiles-dir", str(DBT_DIR), "--target-path", str(target),
              "--log-path", str(target), "--no-send-anonymous-usage-stats", "--quiet"],
        target_path=target, manifest=_manifest(), translator=IocTranslator(),
        project_paths=DbtProjectPaths(str(DBT_DIR), str(DBT_DIR)))


def test_a_project_changed_since_the_warm_up_is_parsed_again(warehouse_env, tmp_path):
    from orchestration.defs import dbt_in_process
    from orchestration.settings import apply_env, paths

    apply_env(paths())
    run = _ls(tmp_path)
    assert run.is_successful() and run.reused_parse  # the worker's parse, the project unchanged since
    # every macro's template was put in dbt's cache by the warm-up, from the file the runs before kept
    assert run.macro_templates["kept"] + run.macro_templates["compiled"] > 400, run.macro_templates
    again = _ls(tmp_path)
    assert again.is_successful()
    assert again.macro_templates == {"kept": run.macro_templates["kept"] + run.macro_templates["compiled"],
                                     "compiled": 0}
    model = DBT_DIR / "models" / "marts" / "dim_domain.sql"
    before = model.stat()
    dbt_in_process.start_worker(run.project_paths)
    time.sleep(0.05)
    os.utime(model, (before.st_atime, time.time() + 1))  # edited while the worker parsed
    try:
        run = _ls(tmp_path)
        assert run.is_successful() and not run.reused_parse
    finally:
        os.utime(model, ns=(before.st_atime_ns, before.st_mtime_ns))


def test_a_step_stopped_before_it_reads_dbts_results_stops_dbt(warehouse_env, tmp_path):
    """dbt starts as soon as the step has its command (the step then reports the models it keeps): a step
    stopped in between still stops dbt and waits for it to let go of the build."""
    _, warehouse = warehouse_env
    warehouse.parent.mkdir(parents=True)
    from orchestration.settings import paths

    run = _interrupted_build(tmp_path)
    run.start()
    time.sleep(1.0)  # dbt is under way
    run.close()
    assert not run.worker.process.is_alive() and run.worker.process.exitcode == 0
    assert run.success is False and "interrupted" in (run.error or "")
    con = duckdb.connect(str(paths().build), config={"threads": 1})
    assert con.execute("select 1").fetchone() == (1,)
    con.close()


def test_the_scheduled_refresh_runs_each_step_in_a_process_of_its_own_and_ends(warehouse_env, tmp_path):
    """The nightly schedule's runs use Dagster's multiprocess executor: a process per step, so the dbt
    worker is forked in the dbt step's own process, and a step's process must end when its step does (the
    landing step's reading processes once kept it waiting forever). A hang fails here, at the timeout."""
    import subprocess
    import sys
    from pathlib import Path

    landing, warehouse = warehouse_env
    for name in ("SCT/bao_cao_thang_05_2022.xlsx", "STTTT/chi_tieu_chuyen_doi_so_2022.csv",
                 "VPUBND/htttgqtthc_2022-12.json"):
        (landing / name).parent.mkdir(parents=True, exist_ok=True)
        (landing / name).write_bytes((Path(__file__).parents[1] / "fixtures" / name).read_bytes())
    env = {**os.environ, "DAGSTER_HOME": str(tmp_path / "dagster_home")}
    (tmp_path / "dagster_home").mkdir()
    done = subprocess.run([str(Path(sys.executable).with_name("dagster")), "job", "execute", "-m",
                           "orchestration.definitions", "-j", "refresh"], env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    out = done.stdout + done.stderr
    assert "Executing steps using multiprocess executor" in out and "RUN_SUCCESS" in out
    assert "Running dbt in a worker process" in out
    con = duckdb.connect(str(warehouse), read_only=True)
    assert con.execute("select count(*) from audit.load_log where outcome = 'loaded'").fetchone() == (3,)
    con.close()
