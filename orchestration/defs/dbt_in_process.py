"""dbt run inside the Dagster step's process, through dbt's programmatic API (``dbtRunner``).

dagster-dbt runs dbt as a subprocess: a new Python that imports dbt (`import dbt.cli.main` 3.3 s here),
reads its project and writes JSON events that the step parses back. The step's process has already
imported nearly all of dbt (dagster-dbt imports it; the rest takes 0.3 s), so running dbt in it saves
that start-up: one incremental refresh at size M, the same lake minutes apart, took 14.3 s in the dbt
step as a subprocess (7.2 s of it running nodes) and 11.5-11.9 s in the process (6.9-7.4 s).

The Dagster side is unchanged: the same selection (a subset of the dbt assets selected in the UI), the same
target folder per run with the partial parse seeded, and the same events, converted by dagster-dbt's own
``DbtCoreCliEventMessage`` from dbt's structured events (the dictionaries dbt writes as JSON log lines).
dbt runs in a worker thread and its results are yielded as they arrive, so the UI shows models finishing.

``IOC_DBT_IN_PROCESS=0`` goes back to dagster-dbt's subprocess.
"""

from __future__ import annotations

import ctypes
import os
import queue
import shutil
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
from dagster import AssetExecutionContext, get_dagster_logger
from dagster_dbt import DagsterDbtTranslator, DbtProject
from dagster_dbt.asset_utils import extract_runtime_selection_from_args, get_updated_cli_invocation_params_for_context
from dagster_dbt.core.dbt_cli_event import DbtCoreCliEventMessage

logger = get_dagster_logger()

#: The dbt events that become Dagster events (a model built, a test run); the rest stay in dbt's log.
RESULT_EVENTS = frozenset({"LogModelResult", "LogTestResult", "LogSeedResult", "LogSnapshotResult"})

#: How long an interrupted step waits for dbt to stop after its running queries were cancelled.
STOP_TIMEOUT_S = 30.0

_DONE = object()


def enabled() -> bool:
    """In-process unless IOC_DBT_IN_PROCESS is 0 / false / no."""
    return os.environ.get("IOC_DBT_IN_PROCESS", "1").strip().lower() not in ("0", "false", "no", "off")


@dataclass
class InProcessInvocation:
    """One dbt command run in this process: ``stream()`` yields the Dagster events, then
    ``is_successful()``, ``get_artifact()`` and ``target_path`` work as dagster-dbt's invocation's do."""

    args: list[str]
    target_path: Path
    manifest: Mapping[str, Any]
    translator: DagsterDbtTranslator
    context: AssetExecutionContext | None = None
    project: DbtProject | None = None
    success: bool | None = field(default=None, init=False)
    error: str | None = field(default=None, init=False)
    seconds: dict[str, float] = field(default_factory=dict, init=False)
    _thread: threading.Thread | None = field(default=None, init=False, repr=False)
    _stopping: threading.Event = field(default_factory=threading.Event, init=False, repr=False)
    _in_dbt: bool = field(default=False, init=False, repr=False)  # dbt's thread is inside dbt (see _stop)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    @property
    def dbt_command(self) -> str:
        return "dbt " + " ".join(self.args)

    def stream(self) -> Iterator[Any]:
        """Run dbt and yield a Dagster event (Output, AssetCheckResult, ...) for each model and test as
        it finishes. If the step is interrupted while dbt runs, dbt's running queries are cancelled and
        the step waits for dbt to stop before it goes on (the build is then rebuilt in full next time)."""
        events: queue.Queue = queue.Queue()
        self._thread = threading.Thread(target=self._run, args=(events,), name="dbt", daemon=True)
        logger.info(f"Running dbt in this process: `{self.dbt_command}`.")
        cwd = os.getcwd()  # dbt moves the process to its project folder while it runs, and back after
        self._thread.start()
        try:
            while (raw := events.get()) is not _DONE:
                yield from DbtCoreCliEventMessage(raw_event=raw, event_history_metadata={}).to_default_asset_events(
                    manifest=self.manifest, dagster_dbt_translator=self.translator, context=self.context,
                    target_path=self.target_path, project=self.project)
        finally:
            if self._thread.is_alive():
                self._stop()
            self._thread.join(STOP_TIMEOUT_S)
            os.chdir(cwd)

    def _run(self, events: queue.Queue) -> None:
        from dbt.cli.main import dbtRunner
        from dbt_common.events.functions import msg_to_dict

        def on_event(msg) -> None:
            if msg.info.name in RESULT_EVENTS and not self._stopping.is_set():
                events.put(msg_to_dict(msg))

        started = time.monotonic()
        try:
            with self._lock:
                self._in_dbt = True
            try:
                result = dbtRunner(callbacks=[on_event]).invoke(self.args)
            finally:
                with self._lock:
                    self._in_dbt = False
            if hasattr(result.result, "write"):  # run_results.json, as dbt writes it (see invocation)
                result.result.write(str(self.target_path / "run_results.json"))
            self.success = bool(result.success) and result.exception is None
            if self._stopping.is_set():
                self.success, self.error = False, "interrupted: the Dagster step stopped while dbt was running"
            elif result.exception is not None:
                self.error = f"{type(result.exception).__name__}: {result.exception}"
        except BaseException as exc:  # noqa: BLE001 - reported as the run's failure, never lost in a thread
            self.success, self.error = False, f"{type(exc).__name__}: {exc}"
        finally:
            ran = time.monotonic()
            close_dbt_duckdb()
            self.seconds = {"dbt": round(ran - started, 2), "closing_duckdb": round(time.monotonic() - ran, 2)}
            events.put(_DONE)

    def _stop(self) -> None:
        """Stop dbt as Ctrl-C stops it: a KeyboardInterrupt in dbt's thread (raised when that thread next runs
        Python, at the latest when a node finishes), on which dbt writes its run results and cancels its
        connections; and the queries running now cancelled, so that their nodes finish at once."""
        self._stopping.set()
        with self._lock:  # only while dbt runs: never into this module's closing of dbt's database
            if self._in_dbt and self._thread is not None and self._thread.ident is not None:
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(self._thread.ident),
                                                           ctypes.py_object(KeyboardInterrupt))
        try:
            from dbt.adapters.factory import get_adapter_by_type

            get_adapter_by_type("duckdb").cancel_open_connections()
        except Exception as exc:  # noqa: BLE001 - no adapter yet: the interrupt alone stops dbt
            logger.debug(f"no dbt query to cancel: {exc}")

    def is_successful(self) -> bool:
        if self._thread is None:
            list(self.stream())
        return bool(self.success)

    def get_artifact(self, artifact: str) -> dict[str, Any]:
        """A dbt artifact of this run (run_results.json: in the process dbt writes no manifest); empty when
        dbt wrote none (it failed before running anything: ``error`` says why)."""
        path = self.target_path / artifact
        return orjson.loads(path.read_bytes()) if path.exists() else {}


def close_dbt_duckdb() -> None:
    """Close the DuckDB database dbt-duckdb keeps open for the process after a run: the publish copies
    the build's files next, and the memory it holds (up to its memory_limit) goes back to the process."""
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager

    with DuckDBConnectionManager._LOCK:
        env = DuckDBConnectionManager._ENV
        DuckDBConnectionManager.close_all_connections()
        if env is not None:
            env.close()


def invocation(resource, args: Sequence[str], context: AssetExecutionContext) -> InProcessInvocation:
    """The dbt command ``args`` as dagster-dbt's ``DbtCliResource.cli`` would run it for ``context`` (the
    same selection, profile, target folder and partial parse), to be run in this process.

    dbt is told not to write its JSON artifacts: it would write the whole manifest twice per run (0.8 s
    at every refresh; the step already has the project's manifest), and the run's results it writes
    from here instead (``_run``), as ``dbt build`` writes them."""
    cleaned, selects, excludes = extract_runtime_selection_from_args(list(args))
    params = get_updated_cli_invocation_params_for_context(
        context=context, manifest={}, dagster_dbt_translator=DagsterDbtTranslator(),
        runtime_selects=selects, runtime_excludes=excludes)
    project_dir = Path(params.dbt_project.project_dir if params.dbt_project else resource.project_dir)
    target = resource._get_unique_target_path(context=context)
    target = target if target.is_absolute() else project_dir / target
    target.mkdir(parents=True, exist_ok=True)
    seed = project_dir / "target" / "partial_parse.msgpack"
    if seed.exists():
        shutil.copy(seed, target / seed.name)
    profile = (["--profile", resource.profile] if resource.profile else []) + (
        ["--target", resource.target] if resource.target else [])
    full = [*resource.global_config_flags, *cleaned, *profile, *params.selection_args,
            *(["--indirect-selection", params.indirect_selection] if params.indirect_selection else []),
            "--project-dir", str(project_dir), "--profiles-dir", str(resource.profiles_dir or project_dir),
            "--target-path", str(target), "--log-path", str(target),
            "--no-send-anonymous-usage-stats", "--no-use-colors", "--no-write-json"]
    return InProcessInvocation(args=full, target_path=target, manifest=params.manifest,
                               translator=params.dagster_dbt_translator, context=context,
                               project=params.dbt_project)
