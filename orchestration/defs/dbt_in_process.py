"""dbt through its programmatic API (``dbtRunner``) in a worker forked from the run's process.

dagster-dbt runs dbt as a subprocess: a new Python that imports dbt (`import dbt.cli.main` 3.3 s here),
reads its project and writes JSON events that the step parses back. The run's process has already
imported dbt (dagster-dbt imports most of it, this module its runner, 0.16 s of loading the definitions),
so a fork of it has dbt at hand; the worker imported the runner itself before, 0.15 s of a warm-up the
dbt step waited for. Two more costs go when dbt runs in a worker forked early:

- dbt's first command in a process pays ~0.7 s that later ones do not (the JSON schemas of its project
  and profile contracts, its dataclasses' (de)serialisers, its Jinja environment): the worker is forked
  when a run sets up its dbt resource, before its first step, and has dbt parse the project while the
  ingest and the checks run; the build then starts in ~0.15 s instead of ~0.8 s;
- dbt compiles each macro's Jinja the first time a process calls it: the warm-up puts them in dbt's
  cache compiled, from a file the runs before kept (``dbt_templates``);
- dbt's Python (Jinja, its threads' bookkeeping) and Dagster's handling of dbt's results (an output,
  a materialization or a check evaluation per node, stored in the event log) no longer take turns on
  one interpreter lock: the worker has its own, on the other core.

An incremental refresh at size M took 4.6-5.8 s against 5.8-6.9 s with dbt in a thread of the run's
process (pairs alternated in the same minutes). The Dagster side is unchanged: the same selection (a
subset of the dbt assets selected in the UI), the same target folder per run with the partial parse
seeded, and the same events, converted by dagster-dbt's own ``DbtCoreCliEventMessage`` from dbt's
structured events (the dictionaries dbt writes as JSON log lines), sent over a pipe as each node ends.
A run whose steps each run in a process of their own (Dagster's multiprocess executor) forks the worker
when the dbt step starts: no warm-up then, but the separate interpreter still.

``IOC_DBT_IN_PROCESS=0`` goes back to dagster-dbt's subprocess.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import shutil
import signal
import tempfile
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
from dbt.adapters.duckdb.connections import DuckDBConnectionManager
from dbt.cli.main import dbtRunner
from dbt_common.events.functions import msg_to_dict

from orchestration.build import dbt_sources
from orchestration.defs import dbt_templates

logger = get_dagster_logger()

#: The dbt events that become Dagster events (a model built, a test run); the rest stay in dbt's log.
RESULT_EVENTS = frozenset({"LogModelResult", "LogTestResult", "LogSeedResult", "LogSnapshotResult"})

#: How long an interrupted step waits for dbt to stop after its running queries were cancelled.
STOP_TIMEOUT_S = 30.0


def enabled() -> bool:
    """dbt's API in a forked worker unless IOC_DBT_IN_PROCESS is 0 / false / no (then dagster-dbt's CLI)."""
    return os.environ.get("IOC_DBT_IN_PROCESS", "1").strip().lower() not in ("0", "false", "no", "off")


@dataclass(frozen=True)
class DbtProjectPaths:
    """What the worker needs to warm dbt up: the project, its profiles and dbt's global flags."""

    project_dir: str
    profiles_dir: str
    global_flags: tuple[str, ...] = ()

    @classmethod
    def of(cls, resource) -> DbtProjectPaths:
        project_dir = str(resource.project_dir)
        return cls(project_dir, str(resource.profiles_dir or project_dir), tuple(resource.global_config_flags))


@dataclass
class Worker:
    """A forked process that warms dbt up, then runs one dbt command sent to it over ``conn``."""

    process: Any  # multiprocessing's Process (fork context)
    conn: Any  # this side of the pipe


_worker: Worker | None = None
_worker_lock = threading.Lock()


def start_worker(project: DbtProjectPaths) -> None:
    """Fork the worker that runs this process's next dbt command (once: a second call while one waits does
    nothing). Called when a run sets up its dbt resource, so that dbt warms up while the earlier steps run."""
    global _worker
    with _worker_lock:
        if _worker is not None and _worker.process.is_alive():
            return
        ctx = multiprocessing.get_context("fork")
        ours, theirs = ctx.Pipe()
        # daemonic: ended with this process if it dies; dbt itself starts no processes
        process = ctx.Process(target=_serve, args=(theirs, ours, project), name="dbt-worker", daemon=True)
        # What this process holds goes to the worker as it is, garbage included: a DuckDB connection that
        # an earlier run dropped, collected in the worker, runs DuckDB's destructor against threads the fork
        # did not copy (the worker crashed so, once in the test suite). As Python's documentation has it
        # for a fork without exec: collect, then freeze what is left before forking, so that the worker's
        # collector never looks at what it inherited.
        gc.collect()
        gc.freeze()
        process.start()
        theirs.close()
        _worker = Worker(process, ours)


def stop_worker() -> None:
    """Let a worker that ran nothing go (the run ended before its dbt step)."""
    global _worker
    with _worker_lock:
        worker, _worker = _worker, None
    if worker is not None:
        try:
            worker.conn.send(None)
        except OSError:
            pass
        worker.conn.close()
        # it reads the message once its warm-up parse is over: a full parse takes ~5 s on 2 cores, more on a
        # busy machine, so it is given that long before it is killed
        worker.process.join(30)
        if worker.process.is_alive():
            worker.process.kill()


def _take_worker(project: DbtProjectPaths) -> Worker:
    global _worker
    start_worker(project)  # none was started for this run (a direct call, a test), or it died
    with _worker_lock:
        worker, _worker = _worker, None
    assert worker is not None
    return worker


def _serve(conn, parents_end, project: DbtProjectPaths) -> None:
    """The worker: warm dbt up, wait for one command, run it, send its results as they come and the outcome
    last. SIGINT stops dbt as Ctrl-C does: dbt cancels its running queries and writes its run results."""
    parents_end.close()
    stop = threading.Event()  # a SIGINT came: dbt may swallow the KeyboardInterrupt (its parse does)

    def on_sigint(signum, frame):
        stop.set()
        signal.default_int_handler(signum, frame)

    signal.signal(signal.SIGINT, on_sigint)
    outcome: dict[str, Any] = {"success": False, "error": None, "seconds": {}}
    send_lock = threading.Lock()

    def send(message) -> None:
        with send_lock:  # dbt calls back from its threads
            conn.send(message)

    warm = Path(tempfile.mkdtemp(prefix="dbt-warm-up-"))
    try:
        started, parsed_at = time.monotonic(), time.time()
        manifest = _warm_up(project, warm)
        outcome["seconds"]["warm_up"] = round(time.monotonic() - started, 2)
        if manifest is not None:
            started = time.monotonic()
            try:
                outcome["macro_templates"] = dbt_templates.load(manifest.macros.values(), Path(project.project_dir))
            except Exception as exc:  # noqa: BLE001 - a cache: dbt compiles the templates itself, as without it
                outcome["macro_templates"] = {"error": f"{type(exc).__name__}: {exc}"}
            outcome["seconds"]["macro_templates"] = round(time.monotonic() - started, 2)
        command = conn.recv()
        if command is None:
            return
        if stop.is_set():  # the step was stopped while dbt warmed up: no build
            raise KeyboardInterrupt
        args, env, target_path = command
        os.environ.clear()
        os.environ.update(env)
        # the warm-up's parse is the newest (the seed the step copied may be of another profile, whose
        # paths differ, which means a full parse): the build starts from it
        if (warm / "partial_parse.msgpack").exists():
            Path(target_path).mkdir(parents=True, exist_ok=True)
            shutil.copyfile(warm / "partial_parse.msgpack", Path(target_path) / "partial_parse.msgpack")

        def on_event(msg) -> None:
            if msg.info.name in RESULT_EVENTS:
                send(("event", msg_to_dict(msg)))

        if manifest is not None and newest_source_mtime(Path(project.project_dir)) >= parsed_at:
            manifest = None  # the project changed since the warm-up parsed it: dbt parses it again
        outcome["reused_parse"] = manifest is not None
        started = time.monotonic()
        try:
            result = dbtRunner(manifest=manifest, callbacks=[on_event]).invoke(args)
            if hasattr(result.result, "write"):  # run_results.json, as dbt writes it (see invocation)
                result.result.write(str(Path(target_path) / "run_results.json"))
            outcome["success"] = bool(result.success) and result.exception is None
            if isinstance(result.exception, KeyboardInterrupt):
                outcome["error"] = "interrupted: the Dagster step stopped while dbt was running"
            elif result.exception is not None:
                outcome["error"] = f"{type(result.exception).__name__}: {result.exception}"
        finally:
            ran = time.monotonic()
            close_dbt_duckdb()
            outcome["seconds"].update(dbt=round(ran - started, 2), closing_duckdb=round(time.monotonic() - ran, 2))
    except EOFError:  # the run's process went away
        return
    except KeyboardInterrupt:
        outcome["success"], outcome["error"] = False, "interrupted: the Dagster step stopped while dbt was running"
    except BaseException as exc:  # noqa: BLE001 - reported as the run's failure, never lost in the worker
        outcome["success"], outcome["error"] = False, f"{type(exc).__name__}: {exc}"
    finally:
        shutil.rmtree(warm, ignore_errors=True)
    try:
        send(("done", outcome))
    except OSError:
        pass
    conn.close()


def newest_source_mtime(project_dir: Path) -> float:
    """When the dbt project's sources (``build.dbt_sources``) last changed."""
    return max(p.stat().st_mtime for p in dbt_sources(project_dir))


def _warm_up(project: DbtProjectPaths, target: Path) -> Any:
    """dbt parses the project once (quietly, into ``target``, seeded with the last partial parse):
    afterwards its next command in this process starts warm. Returns the parsed manifest, for the build to
    start from (dbt's documented reuse of a `dbt parse`); None if the parse failed: a cold start then."""
    try:
        seed = Path(project.project_dir) / "target" / "partial_parse.msgpack"
        if seed.exists():
            shutil.copy(seed, target / seed.name)
        result = dbtRunner().invoke([
            *project.global_flags, "parse", "--quiet", "--project-dir", project.project_dir,
            "--profiles-dir", project.profiles_dir, "--target-path", str(target), "--log-path", str(target),
            "--no-send-anonymous-usage-stats", "--no-use-colors", "--no-write-json"])
    except Exception:  # noqa: BLE001 - see the docstring
        return None
    if isinstance(result.exception, KeyboardInterrupt):  # dbt hands it back: the step was stopped meanwhile
        raise result.exception
    return result.result if result.success and result.exception is None else None


@dataclass
class InProcessInvocation:
    """One dbt command run by the worker: ``stream()`` yields the Dagster events, then ``is_successful()``,
    ``get_artifact()`` and ``target_path`` work as dagster-dbt's invocation's do."""

    args: list[str]
    target_path: Path
    manifest: Mapping[str, Any]
    translator: DagsterDbtTranslator
    project_paths: DbtProjectPaths
    context: AssetExecutionContext | None = None
    project: DbtProject | None = None
    success: bool | None = field(default=None, init=False)
    error: str | None = field(default=None, init=False)
    seconds: dict[str, float] = field(default_factory=dict, init=False)
    reused_parse: bool = field(default=False, init=False)  # the build started from the warm-up's manifest
    macro_templates: dict[str, Any] = field(default_factory=dict, init=False)  # dbt_templates.load's counts
    worker: Worker | None = field(default=None, init=False, repr=False)

    @property
    def dbt_command(self) -> str:
        return "dbt " + " ".join(self.args)

    def start(self) -> None:
        """Hand the command to the worker (once): dbt runs from now on, while this process does other
        things (the step reports the models it keeps) before it reads dbt's results in ``stream()``."""
        if self.worker is not None:
            return
        self.worker = worker = _take_worker(self.project_paths)
        logger.info(f"Running dbt in a worker process (pid {worker.process.pid}): `{self.dbt_command}`.")
        worker.conn.send((self.args, dict(os.environ), str(self.target_path)))

    def stream(self) -> Iterator[Any]:
        """Run dbt (``start()``, unless it was) and yield a Dagster event (Output, AssetCheckResult, ...)
        for each model and test as it finishes. If the step is interrupted while dbt runs, dbt's running
        queries are cancelled and the step waits for the worker to end before it goes on (the build is
        then rebuilt in full next time)."""
        done = False
        try:
            self.start()
            worker = self.worker
            while not done:
                if not worker.conn.poll(1.0):
                    if not worker.process.is_alive():
                        raise EOFError
                    continue
                kind, payload = worker.conn.recv()
                if kind == "event":
                    message = DbtCoreCliEventMessage(raw_event=payload, event_history_metadata={})
                    yield from message.to_default_asset_events(
                        manifest=self.manifest, dagster_dbt_translator=self.translator, context=self.context,
                        target_path=self.target_path, project=self.project)
                else:
                    self.success, self.error, self.seconds = payload["success"], payload["error"], payload["seconds"]
                    self.reused_parse = bool(payload.get("reused_parse"))
                    self.macro_templates = payload.get("macro_templates") or {}
                    done = True
        except EOFError:  # the pipe closed: the worker is gone (killed, out of memory...)
            worker.process.join(5)
            self.success, self.error = False, (f"dbt's worker process ended (exit code {worker.process.exitcode}; "
                                               "negative: killed by that signal) before dbt finished")
            done = True
        finally:
            self.close(interrupted=not done)  # not done: the step was stopped, or an event could not be handled

    def close(self, interrupted: bool = True) -> None:
        """Let go of the worker once dbt is over; while dbt still runs (the step stopped before or while
        reading its results), stop dbt first. Does nothing a second time."""
        worker = self.worker
        if worker is None or worker.conn.closed:
            return
        if interrupted and self.success is None:
            self._stop()
        worker.conn.close()
        worker.process.join(STOP_TIMEOUT_S)
        if worker.process.is_alive():
            worker.process.kill()
            worker.process.join()

    def _stop(self) -> None:
        """Stop dbt as Ctrl-C stops it: SIGINT makes dbt cancel its running queries and write its run
        results; then wait for the worker to say so (it lets go of the build's files on its way out)."""
        worker = self.worker
        self.success, self.error = False, "interrupted: the Dagster step stopped while dbt was running"
        if worker is None or not worker.process.is_alive():
            return
        os.kill(worker.process.pid, signal.SIGINT)
        deadline = time.monotonic() + STOP_TIMEOUT_S
        try:
            while time.monotonic() < deadline and worker.process.is_alive():
                if worker.conn.poll(0.2) and worker.conn.recv()[0] == "done":
                    break
        except (EOFError, OSError):
            pass

    def is_successful(self) -> bool:
        if self.worker is None:
            for _ in self.stream():
                pass
        return bool(self.success)

    def get_artifact(self, artifact: str) -> dict[str, Any]:
        """A dbt artifact of this run (run_results.json: dbt is told to write no manifest); empty when dbt
        wrote none (it failed before running anything: ``error`` says why)."""
        path = self.target_path / artifact
        return orjson.loads(path.read_bytes()) if path.exists() else {}


def close_dbt_duckdb() -> None:
    """Close the DuckDB database dbt-duckdb keeps open for the process after a run (checkpointed, its files
    let go of before the worker says it is done): the publish opens and copies the build's files next."""
    with DuckDBConnectionManager._LOCK:
        env = DuckDBConnectionManager._ENV
        DuckDBConnectionManager.close_all_connections()
        if env is not None:
            env.close()


def invocation(resource, args: Sequence[str], context: AssetExecutionContext) -> InProcessInvocation:
    """The dbt command ``args`` as dagster-dbt's ``DbtCliResource.cli`` would run it for ``context`` (the
    same selection, profile, target folder and partial parse), to be run by the worker.

    dbt is told not to write its JSON artifacts: it would write the whole manifest twice per run (0.8 s
    at every refresh; the step already has the project's manifest), and the run's results the worker
    writes instead (``_serve``), as ``dbt build`` writes them."""
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
                               translator=params.dagster_dbt_translator, project_paths=DbtProjectPaths.of(resource),
                               context=context, project=params.dbt_project)
