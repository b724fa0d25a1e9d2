"""The dbt project as Dagster assets; dbt tests become asset checks."""


import importlib.metadata
import json
import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
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
from orchestration.settings import DBT_DIR, apply_env, paths

progress = logging.getLogger("orchestration.progress")


def _newest_source_mtime() -> float:
    files = [p for sub in ("models", "macros", "tests") for p in (DBT_DIR / sub).rglob("*") if p.is_file()]
    files += [DBT_DIR / "dbt_project.yml", DBT_DIR / "profiles.yml"]
    return max(p.stat().st_mtime for p in files)


def ensure_manifest(project: DbtProject) -> Path:
    """Parse the dbt project when its manifest is missing or older than the models (at every code
    location load: ``dagster dev``, the command line, the tests)."""
    manifest = Path(project.manifest_path)
    if not manifest.exists() or manifest.stat().st_mtime < _newest_source_mtime():
        dbt = Path(sys.executable).with_name("dbt")
        subprocess.run(
            [str(dbt), "parse", "--project-dir", str(DBT_DIR), "--profiles-dir", str(DBT_DIR), "--quiet"],
            check=True, cwd=DBT_DIR,
        )
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


def dbt_build_args(full_refresh: bool = False) -> list[str]:
    """The dbt command of a refresh (a pure function, unit-tested)."""
    args = ["build"]
    if full_refresh:
        args.append("--full-refresh")
    else:  # a few indicators per model: dozens of small queries and tests, two at a time keep both cores busy
        args += ["--threads", "2"]
    return args




@dbt_assets(
    manifest=dbt_project().manifest_path,
    project=dbt_project(),
    dagster_dbt_translator=IocTranslator(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True)),
)
def ioc_dbt_models(context: AssetExecutionContext, dbt: DbtCliResource):
    p = paths()
    apply_env(p)
    os.environ["IOC_BUILD_PATH"] = str(p.build)  # read by profiles.yml in the dbt subprocess
    for legacy in p.legacy_builds():
        legacy.unlink(missing_ok=True)
    with build_lock(p):
        plan = build.plan(p, Lake(p.state), force_full=os.environ.get("IOC_FULL_REFRESH") == "1")
        context.log.info(f"dbt: {plan.describe()}")
        progress.info("dbt     %s", plan.describe())
        build.begin(p, plan)
        invocation = dbt.cli(dbt_build_args(full_refresh=plan.full), context=context, raise_on_error=False)
        yield from invocation.stream()
        results = invocation.get_artifact("run_results.json")
        failures = [
            f"{r['unique_id']}: {r['status']} {(r.get('message') or '')[:200]}"
            for r in results.get("results", [])
            if r.get("status") in ("error", "fail", "runtime error")
        ]
        ok = not failures and invocation.is_successful()
        build.finish(p, plan, ok)
        _keep_partial_parse(Path(invocation.target_path))
        p.build.with_suffix(".ok.json").write_text(json.dumps({"ok": ok, "failures": failures}, ensure_ascii=False))
    if not ok:
        raise dg.Failure(
            description=f"dbt build failed ({len(failures)} model/test failures); nothing will be published, "
            "and the next refresh rebuilds the warehouse in full",
            metadata={"failures": dg.MetadataValue.md("\n".join(f"- {f}" for f in failures[:50]))},
        )


def _keep_partial_parse(run_target: Path) -> None:
    """Each run parses in its own target folder, seeded from dbt_project/target/partial_parse.msgpack:
    keep this run's parse there so that the next run with the same profile skips a full parse."""
    parsed = run_target / "partial_parse.msgpack"
    if parsed.exists():
        shared = DBT_DIR / "target" / "partial_parse.msgpack"
        tmp = shared.with_name(f".{shared.name}.{os.getpid()}.tmp")
        shutil.copyfile(parsed, tmp)
        os.replace(tmp, shared)


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


dbt_resource = IocDbtCliResource(
    project_dir=dbt_project(), profiles_dir=str(DBT_DIR), dbt_executable=str(Path(sys.executable).with_name("dbt"))
)
