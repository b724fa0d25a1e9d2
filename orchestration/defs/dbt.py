"""The dbt project as Dagster assets; dbt tests become asset checks."""


import importlib.metadata
import json
import logging
import os
import shutil
import sys
import time
from collections.abc import Mapping, Sequence
from contextlib import contextmanager
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import dagster as dg
from dagster import AssetExecutionContext
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtCliResource, DbtProject, dbt_assets
from packaging import version

from ingestion.lake import Lake
from orchestration import build
from orchestration.build import build_lock
from orchestration.defs import dbt_in_process
from orchestration.settings import DBT_DIR, apply_env, paths

progress = logging.getLogger("orchestration.progress")


def ensure_manifest(project: DbtProject) -> Path:
    """Parse the dbt project when its manifest is missing or older than the models (at every code
    location load: ``dagster dev``, the command line, the tests), for the warehouse the refreshes build."""
    manifest = Path(project.manifest_path)
    if not manifest.exists() or manifest.stat().st_mtime < dbt_in_process.newest_source_mtime(DBT_DIR):
        build.parse_project(paths())
    return manifest


@cache
def dbt_project() -> DbtProject:
    project = DbtProject(project_dir=DBT_DIR, profiles_dir=DBT_DIR)
    # Not prepare_if_dev(): it looks for `dbt` on PATH, which a venv started as .venv/bin/dagster lacks,
    # and it does nothing outside `dagster dev`. ensure_manifest() serves both, with this venv's dbt.
    ensure_manifest(project)
    return project


class IocTranslator(DagsterDbtTranslator):
    """Models keyed by schema and name (marts/fct_indicator_value); sources by the Python asset that
    writes them (reference/<table>, lake/<table>), so the graph is one connected lineage."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        if dbt_resource_props["resource_type"] == "source":
            prefix = "reference" if dbt_resource_props["source_name"] == "reference" else "lake"
            return dg.AssetKey([prefix, dbt_resource_props["name"]])
        return dg.AssetKey([dbt_resource_props["config"].get("schema") or "main", dbt_resource_props["name"]])

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        return dbt_resource_props["config"].get("schema") or "dbt"


#: The dbt sources written by ingestion and the orchestration (everything else is reference data).
LAKE_SOURCES = ("lake", "lake_records", "refresh")


def reference_only_models(manifest: Mapping[str, Any]) -> list[str]:
    """Models computed from reference data and the project's variables alone (dimensions, the calendar).

    An incremental build has the same inputs for them as the build before it (a change of either changes
    the fingerprint, which means a full rebuild), so it leaves their tables as they are."""
    nodes = manifest["nodes"]
    from_lake: dict[str, bool] = {}

    def reads_lake(uid: str) -> bool:
        if uid not in from_lake:
            parents = nodes[uid]["depends_on"]["nodes"]
            from_lake[uid] = any(
                (u.startswith("source.") and u.split(".")[2] in LAKE_SOURCES)
                or (u.startswith("model.") and reads_lake(u)) for u in parents)
        return from_lake[uid]

    return sorted(n["name"] for uid, n in nodes.items() if n["resource_type"] == "model" and not reads_lake(uid))


#: Why an incremental build keeps a model as the last build made it (shown on the asset in the UI).
KEPT_FROM_REFERENCE = ("computed from reference data alone: kept from the previous build (a change of reference "
                       "data or of the dbt project rebuilds it)")
KEPT_VIEW = ("a view: its query is kept from the previous build and reads what its parents hold now (a change "
             "of the dbt project rebuilds it)")


def kept_models(manifest: Mapping[str, Any]) -> dict[str, str]:
    """The models an incremental build leaves as they are, each with the reason: those computed from
    reference data alone, and the views. A view stores a query, not rows: re-creating it in every
    refresh re-runs the same CREATE VIEW (0.05-0.1 s of dbt each, some of them between the staging
    tables and the facts); its query changes only with the dbt project, which means a full rebuild."""
    kept = dict.fromkeys(reference_only_models(manifest), KEPT_FROM_REFERENCE)
    for n in manifest["nodes"].values():
        if n["resource_type"] == "model" and n["config"].get("materialized") == "view":
            kept.setdefault(n["name"], KEPT_VIEW)
    return dict(sorted(kept.items()))


def dbt_build_args(full_refresh: bool = False, manifest: Mapping[str, Any] | None = None) -> list[str]:
    """The dbt command of a refresh (a pure function, unit-tested). An incremental run skips the models it
    keeps as they are (``kept_models``: computed from reference data alone, and the views) with their tests,
    and the unit tests (they test the models' SQL, which an incremental build runs unchanged: every change of
    a model means a full rebuild, which runs them), and runs five small queries at a time: it has a few
    indicators per model, so short queries whose start-up costs more than their work. dbt hands each node
    to its thread pool as soon as it is ready, and the pool runs them first in, first out: with two
    threads the facts waited behind shallower models' tests while the cross-checks held the other thread
    (four: 2.1-2.4 s of node time at M against 2.4-2.7 s). Five against four let the facts start sooner
    (1.35-1.66 s into dbt's run against 1.48-2.03 s) but made no difference end to end (BENCHMARKS.md,
    fifteenth round). The tests between a rebuilt model and a skipped one (the facts' keys against the
    dimensions) still run: see ``indirect_selection``."""
    if full_refresh:
        return ["build", "--full-refresh"]
    args = ["build", "--threads", "5", "--exclude-resource-type", "unit_test"]
    skip = list(kept_models(manifest)) if manifest else []
    return args + (["--exclude", " ".join(skip)] if skip else [])


def indirect_selection(full_refresh: bool, env: Mapping[str, str] = os.environ) -> str | None:
    """How dbt picks the tests of an incremental build: 'cautious', the tests whose models it builds,
    among them those between a rebuilt model and a skipped one (the facts' keys against the dimensions),
    which dbt's default, 'eager', leaves out with the skipped dimensions. Given to dagster-dbt as the
    DBT_INDIRECT_SELECTION it reads, so that a run of a few assets or checks from the UI still gets
    dagster-dbt's own selection; a DBT_INDIRECT_SELECTION set by the user wins."""
    return None if full_refresh or env.get("DBT_INDIRECT_SELECTION") else "cautious"


@contextmanager
def _environ(name: str, value: str | None):
    saved = os.environ.get(name)
    if value is not None:
        os.environ[name] = value
    try:
        yield
    finally:
        if value is not None:
            if saved is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = saved


@dbt_assets(
    manifest=dbt_project().manifest_path,
    project=dbt_project(),
    dagster_dbt_translator=IocTranslator(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True)),
)
def ioc_dbt_models(context: AssetExecutionContext, dbt: DbtCliResource):
    p = paths()
    apply_env(p)  # IOC_BUILD_PATH and IOC_BUILD_PUBLISHED_PATH are read by profiles.yml when dbt starts
    for legacy in p.legacy_builds():
        legacy.unlink(missing_ok=True)
    started = time.monotonic()
    with build_lock(p):
        plan = build.plan(p, Lake(p.state), force_full=os.environ.get("IOC_FULL_REFRESH") == "1")
        context.log.info(f"dbt: {plan.describe()}")
        progress.info("dbt     %s", plan.describe())
        build.begin(p, plan)
        args = dbt_build_args(full_refresh=plan.full, manifest=_manifest())
        planned = time.monotonic()
        in_process = dbt_in_process.enabled()
        with _environ("DBT_INDIRECT_SELECTION", indirect_selection(plan.full)):
            if in_process:
                invocation = dbt_in_process.invocation(dbt, args, context)
                invocation.start()  # dbt runs while the models the build keeps are reported
            else:
                invocation = dbt.cli(args, context=context, raise_on_error=False)
        try:
            yield from (invocation.stream() if plan.full else
                        _with_unchanged(context, invocation.stream(), kept_models(_manifest())))
        finally:
            if in_process:
                invocation.close()  # dbt stopped if the step was, even before it read dbt's results
        ran = time.monotonic()
        results = invocation.get_artifact("run_results.json")
        failures = [
            f"{r['unique_id']}: {r['status']} {(r.get('message') or '')[:200]}"
            for r in results.get("results", [])
            if r.get("status") in ("error", "fail", "runtime error")
        ]
        if in_process:
            context.log.info(f"dbt in its worker process: {invocation.seconds} seconds; macro templates "
                             f"{invocation.macro_templates or 'not loaded'}; the build "
                             + ("started from the worker's parse of the project" if invocation.reused_parse
                                else "parsed the project itself"))
            if invocation.error:
                failures.append(f"dbt: {invocation.error[:500]}")
        ok = not failures and invocation.is_successful()
        build.finish(p, plan, ok)
        _keep_partial_parse(Path(invocation.target_path))
        prune_run_targets(Path(invocation.target_path).parent)
        p.build.with_suffix(".ok.json").write_text(json.dumps({"ok": ok, "failures": failures}, ensure_ascii=False))
    inside = results.get("elapsed_time") or 0.0
    nodes = len(results.get("results", []))
    context.log.info(
        f"dbt: {nodes} nodes, {'ok' if ok else 'FAILED'}; {time.monotonic() - started:.1f}s in all: "
        f"planning {planned - started:.1f}s, dbt {ran - planned:.1f}s "
        f"{'in its worker process' if in_process else 'as a subprocess'} ({inside:.1f}s running nodes, the rest "
        f"starting dbt and reading its events), bookkeeping {time.monotonic() - ran:.1f}s")
    if not ok:
        raise dg.Failure(
            description=f"dbt build failed ({len(failures)} model/test failures); nothing will be published, "
            "and the next refresh rebuilds the warehouse in full",
            metadata={"failures": dg.MetadataValue.md("\n".join(f"- {f}" for f in failures[:50]))},
        )


def _with_unchanged(context: AssetExecutionContext, events, models: Mapping[str, str]):
    """dbt's events, with the models an incremental build skipped (``kept_models``) reported among them:
    each is still in the working build, as the last build made it. Say so, so that the assets downstream
    (the publish) run and the UI shows why it did not change, right after the last of its parents this
    build made (Dagster wants a multi-asset's outputs in the order of the graph: the models from
    reference data before anything, a view after the tables it reads)."""
    translator = IocTranslator()
    nodes = _manifest()["nodes"]
    keys = {uid: translator.get_asset_key(n) for uid, n in nodes.items() if n["resource_type"] == "model"}
    todo = {uid for uid, n in nodes.items() if uid in keys and n["name"] in models}
    # the models this run does not report (not selected) need not come first
    done = {k for k in keys.values() if k not in context.selected_asset_keys}

    def ready():
        while now := next((uid for uid in sorted(todo) if all(
                keys[p] in done for p in nodes[uid]["depends_on"]["nodes"] if p in keys)), None):
            todo.discard(now)
            key = keys[now]
            done.add(key)
            if key in context.selected_asset_keys:
                yield dg.Output(None, output_name=context.assets_def.get_output_name_for_asset_key(key),
                                metadata={"unchanged": models[nodes[now]["name"]]})
                yield from _carried_checks(context, key)

    yield from ready()
    for event in events:
        yield event
        if isinstance(event, dg.Output):
            done.add(context.assets_def.keys_by_output_name[event.output_name])
            yield from ready()
    done.update(k for uid, k in keys.items() if uid not in todo)  # a parent dbt did not build (it failed)
    yield from ready()


def _carried_checks(context: AssetExecutionContext, key: dg.AssetKey):
    """The checks of a model an incremental build kept as it was: the table is the one the previous build
    checked, and a build is incremental only after a clean one (every dbt test is an error), so each
    check passed on exactly these rows. Saying so keeps the check's history in the UI and lets the
    publish know the check is not missing (Dagster warns of a blocking check with no result)."""
    for spec in context.assets_def.check_specs:
        if spec.asset_key == key and spec.key in context.selected_asset_check_keys:
            yield dg.AssetCheckResult(
                asset_key=key, check_name=spec.name, passed=True,
                metadata={"carried": "not re-run: the table is unchanged since the previous build, where "
                                     "this check passed"})


@cache
def _manifest() -> dict[str, Any]:
    return json.loads(Path(dbt_project().manifest_path).read_text())


def _keep_partial_parse(run_target: Path) -> None:
    """Each run parses in its own target folder, seeded from dbt_project/target/partial_parse.msgpack:
    keep this run's parse there so that the next run with the same profile skips a full parse."""
    parsed = run_target / "partial_parse.msgpack"
    if parsed.exists():
        shared = DBT_DIR / "target" / "partial_parse.msgpack"
        tmp = shared.with_name(f".{shared.name}.{os.getpid()}.tmp")
        shutil.copyfile(parsed, tmp)
        os.replace(tmp, shared)


def prune_run_targets(target: Path, keep: int | None = None) -> list[Path]:
    """Each dbt run writes its compiled SQL, logs and artifacts to its own folder under dbt's target
    (about 6 MB at size M): keep the newest ``keep`` (IOC_DBT_KEEP_RUNS, default 30) and delete the rest,
    so that years of nightly runs do not fill the disk. Returns what was deleted."""
    keep = int(os.environ.get("IOC_DBT_KEEP_RUNS", "30")) if keep is None else keep
    runs = sorted((d for d in target.glob("ioc_dbt_models-*") if d.is_dir()), key=lambda d: d.stat().st_mtime,
                  reverse=True)
    for old in runs[keep:]:
        shutil.rmtree(old, ignore_errors=True)
    return runs[keep:]


class IocDbtCliResource(DbtCliResource):
    """dagster-dbt's dbt CLI resource without two start-up costs that buy this project nothing, about 3 s
    of every refresh: it runs `dbt --version` in a subprocess to learn the version of the dbt it starts
    (the dbt of this virtualenv, whose version the installed package says), and loads a dbt adapter
    in-process, which it only uses to fetch column metadata this project does not ask for."""

    @cached_property
    def _cli_version(self) -> version.Version:
        return version.parse(importlib.metadata.version("dbt-core"))

    def _initialize_dbt_core_adapter(self, args: Sequence[str]) -> None:  # type: ignore[override]
        return None

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        """A run sets its resources up before its first step: fork dbt's worker now, so that it warms dbt
        up while the ingest and the checks run (see ``dbt_in_process``)."""
        if dbt_in_process.enabled():
            apply_env(paths())  # the profile reads the warehouse's paths from the environment
            dbt_in_process.start_worker(dbt_in_process.DbtProjectPaths.of(self))

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        dbt_in_process.stop_worker()  # a run that ended before its dbt step


def dbt_global_flags(env: Mapping[str, str] = os.environ) -> list[str]:
    """dbt's log file (target/<run>/dbt.log) at info level: the nodes that ran and how they ended. At dbt's
    default, debug, it also takes every statement, and writing those lines cost 1-3 s of the ~7 s an
    incremental dbt build took at size M (two threads contend for the file's lock). DBT_LOG_LEVEL_FILE=debug
    gets the statements back."""
    return [] if env.get("DBT_LOG_LEVEL_FILE") else ["--log-level-file", "info"]


dbt_resource = IocDbtCliResource(
    project_dir=dbt_project(), profiles_dir=str(DBT_DIR), dbt_executable=str(Path(sys.executable).with_name("dbt")),
    global_config_flags=dbt_global_flags(),
)
