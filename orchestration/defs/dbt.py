"""The dbt project as Dagster assets: each model an asset, each dbt test an asset check.

dbt runs the stock way: dagster-dbt's ``DbtCliResource`` starts ``dbt build`` and streams its events.
What this step adds is the refresh's plan: a full rebuild or an incremental one, and then what the
incremental one rebuilds (orchestration/build.py), handed to dbt as the build's table ``refresh_scope``.
"""


import json
import logging
import os
import sys
from collections.abc import Mapping
from datetime import timedelta
from functools import cache
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtCliResource, DbtProject, dbt_assets
from pydantic import Field

from ingestion.lake import Lake
from orchestration import build
from orchestration.resources import DBT_DIR, Paths, Warehouse

progress = logging.getLogger("orchestration.progress")  # what `iocw refresh` shows while it runs
#: The venv's own dbt (a venv used without being activated has no `dbt` on PATH).
DBT_EXECUTABLE = str(Path(sys.executable).with_name("dbt"))


def dbt_resource() -> DbtCliResource:
    """dbt as dagster-dbt runs it. Its log file (the working folder's dbt/dbt.log) keeps what ran and how it
    ended; `DBT_LOG_LEVEL_FILE=debug` adds every statement dbt sent."""
    log_level = [] if os.environ.get("DBT_LOG_LEVEL_FILE") else ["--log-level-file", "info"]
    return DbtCliResource(project_dir=str(DBT_DIR), profiles_dir=str(DBT_DIR), dbt_executable=DBT_EXECUTABLE,
                          global_config_flags=log_level)


def _manifest_is_stale(project: DbtProject) -> bool:
    manifest = project.manifest_path
    if not manifest.exists():
        return True
    newest = max(q.stat().st_mtime for q in build.dbt_sources(project.project_dir))
    return manifest.stat().st_mtime < newest


@cache
def dbt_project() -> DbtProject:
    """The dbt project, with its manifest parsed when missing or older than the project's files (by
    ``dagster dev``, the command line and the tests alike). Not dagster-dbt's ``prepare_if_dev()``: it runs
    the ``dbt`` found on PATH, which a venv used without being activated does not have."""
    project = DbtProject(project_dir=DBT_DIR, profiles_dir=DBT_DIR)
    if _manifest_is_stale(project):
        dbt_resource().cli(["parse", "--quiet"], target_path=project.target_path).wait()
    return project


class IocTranslator(DagsterDbtTranslator):
    """Models keyed by schema and name (marts/fct_indicator_value) and grouped by schema; sources keyed as
    the Python assets that write them (reference/<table>, lake/<table>), so that the graph is one lineage."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        if dbt_resource_props["resource_type"] == "source":
            return dg.AssetKey(dbt_resource_props["meta"]["dagster"]["asset_key"])
        return dg.AssetKey([dbt_resource_props["config"]["schema"], dbt_resource_props["name"]])

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        return dbt_resource_props["config"].get("schema") if dbt_resource_props["resource_type"] == "model" else None


TRANSLATOR = IocTranslator(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True))


class DbtBuildConfig(dg.Config):
    full_refresh: bool = Field(
        default=False,
        description="Rebuild every dbt model from the lake, instead of only what the new files touched.",
    )


def reference_only_models(manifest: Mapping[str, Any]) -> list[str]:
    """The models computed from reference data alone (the vocabulary, the calendar, the dimensions). An
    incremental build has the same inputs for them as the build before it (a change of reference data or
    of the dbt project means a full rebuild), so it leaves them, and their tests, as they are."""
    nodes, sources = manifest["nodes"], manifest["sources"]
    from_lake: dict[str, bool] = {}

    def reads_lake(uid: str) -> bool:
        if uid not in from_lake:
            parents = nodes[uid]["depends_on"]["nodes"]
            from_lake[uid] = any((u in sources and sources[u]["source_name"] != "reference")
                                 or (u in nodes and reads_lake(u)) for u in parents)
        return from_lake[uid]

    return sorted(n["name"] for uid, n in nodes.items() if n["resource_type"] == "model" and not reads_lake(uid))


def dbt_build_args(build_plan: build.BuildPlan, paths: Paths, kept: list[str] = ()) -> list[str]:
    """The dbt command of a refresh. An incremental build leaves the models ``kept`` (reference data alone)
    and the unit tests (they check the models' SQL, unchanged since the last full rebuild) as they are."""
    args = ["build", "--vars", json.dumps(paths.dbt_vars(), sort_keys=True, ensure_ascii=False)]
    if build_plan.full:
        return [*args, "--full-refresh"]
    return [*args, *(["--exclude", " ".join(kept)] if kept else []), "--exclude-resource-type", "unit_test"]


def row_counts(paths: Paths, relations: Mapping[dg.AssetKey, str]) -> dict[dg.AssetKey, int]:
    """The rows of each table dbt built (``relations``: asset key -> relation), counted in one read-only
    look at the build once dbt has let go of it."""
    con = duckdb.connect(str(paths.build), read_only=True)
    try:
        con.execute(f"attach '{paths.build_published}' as published (read_only)")
        return {key: con.execute(f"select count(*) from {relation}").fetchone()[0]
                for key, relation in relations.items()}
    finally:
        con.close()


def _failures(run_results: Mapping[str, Any]) -> list[str]:
    return [f"{r['unique_id']}: {r['status']} {(r.get('message') or '').strip()[:300]}"
            for r in run_results.get("results", []) if r.get("status") in ("error", "fail", "runtime error")]


MANIFEST = json.loads(dbt_project().manifest_path.read_text(encoding="utf-8"))
KEPT = reference_only_models(MANIFEST)
#: Asset key -> relation of every model that is a table (a view's rows are counted by running its query).
TABLES = {TRANSLATOR.get_asset_key(n): n["relation_name"] for n in MANIFEST["nodes"].values()
          if n["resource_type"] == "model" and n["config"]["materialized"] != "view"}


@dbt_assets(manifest=dbt_project().manifest_path, project=dbt_project(), dagster_dbt_translator=TRANSLATOR)
def dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: Warehouse,
               config: DbtBuildConfig):
    """dbt build of the warehouse: in full, or what the new files touched (the refresh scope)."""
    p = warehouse.paths()
    p.make_work()
    with build.build_lock(p):
        plan = build.plan(p, Lake(p.lake), full=config.full_refresh,
                          full_every=timedelta(days=warehouse.full_rebuild_after_days()))
        context.log.info(f"dbt: {plan.describe()}")
        progress.info("dbt     %s", plan.describe())
        scope_metadata = {
            "refresh": plan.describe(),
            "refresh_scope": dg.MetadataValue.json(plan.refresh_scope or {}),
        }
        build.begin(p, plan)
        args = dbt_build_args(plan, p, [] if plan.full else KEPT)
        invocation = dbt.cli(args, context=context, target_path=p.dbt_target, raise_on_error=False)
        # dbt holds the build's databases until it ends (DuckDB lets one process write a file): the row
        # counts are read then, and the events handed on with them, as dagster-dbt does for DuckDB
        events = list(invocation.stream())
        ok = invocation.is_successful()
        built = {context.assets_def.keys_by_output_name[e.output_name] for e in events if isinstance(e, dg.Output)}
        counts = row_counts(p, {key: TABLES[key] for key in built if key in TABLES}) if ok else {}
        for event in events:
            if isinstance(event, dg.Output):
                key = context.assets_def.keys_by_output_name[event.output_name]
                rows = {"dagster/row_count": counts[key]} if key in counts else {}
                event = event.with_metadata({**event.metadata, **scope_metadata, **rows})
            yield event
        build.finish(p, plan, ok)
    if not ok:
        results = p.dbt_target / "run_results.json"
        failures = _failures(json.loads(results.read_text())) if results.exists() else []
        raise dg.Failure(
            description=(f"dbt build failed ({len(failures)} model or test failure(s))" if failures else
                         "dbt stopped with an error (its log above, and dbt.log in the working folder's dbt/)")
            + "; nothing will be published, and the next refresh rebuilds the warehouse in full",
            metadata={"failures": dg.MetadataValue.md("\n".join(f"- {f}" for f in failures[:50]) or "see the log")},
        )
