"""The code location loads, reads as the data flows, explains itself, and uses libraries by their public APIs."""

import json
import re
import shutil
from pathlib import Path

import dagster as dg
import pandas as pd
import pytest

from orchestration.definitions import defs, new_files_sensor, nightly, refresh_job
from orchestration.defs.dbt import dbt_build_args, dbt_project
from orchestration.resources import resolve_paths

ROOT = Path(__file__).resolve().parents[2]


def test_the_graph_flows_from_landing_to_published():
    graph = defs.resolve_asset_graph()
    keys = {k.to_user_string() for k in graph.get_all_asset_keys()}
    assert {"landing/STTTT", "landing/VPUBND", "lake/rows", "marts/fct_indicator_value", "audit/load_log",
            "warehouse/published", "reference/statuses"} <= keys
    departments = pd.read_csv(ROOT / "reference" / "departments.csv", dtype=str)["department_code"]
    assert {k for k in keys if k.startswith("landing/")} == {f"landing/{d}" for d in departments}  # ceased ones too
    upstream = graph.get(dg.AssetKey(["warehouse", "published"])).parent_keys
    assert dg.AssetKey(["marts", "fct_indicator_value"]) in upstream
    assert dg.AssetKey(["lake", "rows"]) in graph.get(dg.AssetKey(["staging", "stg_lake__observations"])).parent_keys
    assert dg.AssetKey(["reference", "statuses"]) in graph.get(
        dg.AssetKey(["staging", "stg_reference__statuses"])).parent_keys
    assert dg.AssetKey(["landing", "SCT"]) in graph.get(dg.AssetKey(["lake", "rows"])).parent_keys
    # every asset is made by this code location: no stub asset that nothing materialises
    assert all(graph.get(k).is_materializable for k in graph.get_all_asset_keys())


def test_groups_are_the_stages_of_the_flow_and_every_asset_and_check_says_what_it_is():
    graph = defs.resolve_asset_graph()
    groups = {graph.get(k).group_name for k in graph.get_all_asset_keys()}
    assert groups == {"reference", "landing", "lake", "staging", "intermediate", "marts", "audit", "warehouse"}
    for key in graph.get_all_asset_keys():
        node = graph.get(key)
        description = node.description or ""
        assert description and not re.match(r"\s*(select|with|\{\{)", description, re.I), key
        assert node.owners == ["team:data-engineering"], key
    for spec in (s for a in defs.assets for s in a.check_specs):
        assert spec.description, spec.key
    # and every column dbt declares is described, as the UI's catalog shows it
    undescribed = [f"{key.to_user_string()}.{c.name}" for key in graph.get_all_asset_keys()
                   for c in getattr((graph.get(key).metadata or {}).get("dagster/column_schema"), "columns", [])
                   if not (c.description or "").strip()]
    assert not undescribed, undescribed


def test_gx_and_dbt_checks_are_asset_checks_and_the_gates_block():
    specs = {s.name: s for a in defs.assets for s in a.check_specs}
    assert specs["gx_observation_suite"].blocking and specs["catalogue_suite"].blocking
    assert "received_on_schedule" in specs and "files_readable" in specs
    assert any(name.startswith("one_row_per_fct_indicator_value") for name in specs)
    assert any(name.startswith("values_exist_in_fct_indicator_value") for name in specs)


def test_schedule_and_sensor_run_the_refresh_job_in_one_process():
    assert nightly.cron_schedule == "0 1 * * *" and nightly.execution_timezone == "Asia/Ho_Chi_Minh"
    assert nightly.job_name == new_files_sensor.job_name == refresh_job.name
    assert nightly.description and new_files_sensor.description
    assert defs.resolve_job_def("refresh").executor_def is dg.in_process_executor


def test_dbt_args_are_the_same_whatever_the_refresh_scope(tmp_path):
    """dbt parses the project again when its vars change: the scope reaches dbt as a table of the build."""
    from orchestration.build import BuildPlan

    p = resolve_paths(str(tmp_path / "landing"), str(tmp_path / "wh" / "ioc.duckdb"))
    full = dbt_build_args(BuildPlan(True, "asked for", "fp", ["a"], ["a"]), p)
    assert full[0] == "build" and full[-1] == "--full-refresh"
    assert json.loads(full[2]) == p.dbt_vars()
    incremental = dbt_build_args(BuildPlan(False, "", "fp", ["a", "b"], ["b"], {"TM.001": ["2022", "2023"]}), p,
                                 ["dim_area", "dim_period"])
    assert incremental[:3] == full[:3]
    assert incremental[3:] == ["--exclude", "dim_area dim_period", "--exclude-resource-type", "unit_test"]
    assert json.loads(incremental[2])["build_path"] == str(tmp_path / "wh" / "ioc.work" / "build.duckdb")


def test_an_incremental_build_keeps_the_models_of_reference_data_alone():
    from orchestration.defs.dbt import KEPT

    assert {"dim_area", "dim_indicator", "dim_period", "int_periods", "stg_reference__statuses"} <= set(KEPT)
    assert not {"fct_indicator_value", "stg_lake__observations", "mart_submission_status", "load_log"} & set(KEPT)
    # the publish waits for the models every build runs; the kept ones are upstream of those
    graph = defs.resolve_asset_graph()
    published = graph.get(dg.AssetKey(["warehouse", "published"])).parent_keys
    assert dg.AssetKey(["marts", "fct_indicator_value"]) in published
    assert dg.AssetKey(["marts", "dim_area"]) not in published
    assert dg.AssetKey(["intermediate", "int_area_periods"]) in graph.get(
        dg.AssetKey(["marts", "fct_indicator_value"])).parent_keys
    assert "int_area_periods" in KEPT


def test_every_incremental_model_says_how_its_rows_are_scoped():
    nodes = json.loads(Path(dbt_project().manifest_path).read_text())["nodes"]
    incremental = {n["name"]: n["config"] for n in nodes.values()
                   if n["resource_type"] == "model" and n["config"]["materialized"] == "incremental"}
    assert {"fct_indicator_value", "int_observation_versions", "cross_checks", "mart_indicator_scorecard"} <= set(
        incremental)
    for name, config in incremental.items():
        assert config["incremental_strategy"] == "refresh_scope", name
        assert config["meta"]["refresh_scope"] in ("indicator", "indicator_year"), name


def test_no_library_is_used_through_its_private_insides():
    """Public APIs only: an upgrade of a minor version of Dagster, dagster-dbt, dbt or GX must be boring."""
    private = re.compile(r"from dagster\._|import dagster\._|dagster_dbt\.[a-z_.]*\._|template_cache|\._LOCK\b"
                         r"|\._ENV\b|_initialize_|gc\.freeze|from dbt_common\.clients\.jinja"
                         r"|from dbt\.adapters\.duckdb")
    found = [f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
             for package in ("ingestion", "expectations", "orchestration", "tools")
             for path in (ROOT / package).rglob("*.py")
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if private.search(line)]
    assert not found, found


def test_the_stack_is_pinned_by_ranges_and_locked_by_constraints():
    """pyproject.toml says what the code works with (ranges a minor upgrade can move); constraints.txt is
    the tested lock, and it lies inside every range."""
    import tomllib

    from packaging.requirements import Requirement

    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    locked = dict(line.split("==") for line in (ROOT / "constraints.txt").read_text().split()
                  if "==" in line and not line.startswith("#"))
    locked = {k.lower().replace("_", "-"): v for k, v in locked.items()}
    for dep in map(Requirement, deps):
        assert not any(s.operator in ("==", "===") for s in dep.specifier), f"{dep} is an exact pin"
        name = dep.name.lower().replace("_", "-")
        assert name in locked and dep.specifier.contains(locked[name]), f"constraints.txt locks {name} outside {dep}"


def test_the_code_location_loads_as_dagster_dev_loads_it(tmp_path):
    """`dagster dev` started from the venv without the venv on PATH (as `iocw ui` starts it) loads cleanly."""
    import os
    import subprocess
    import sys

    env = dict(os.environ, PATH="/usr/bin:/bin", DAGSTER_IS_DEV_CLI="1", DAGSTER_HOME=str(tmp_path))
    r = subprocess.run([sys.executable, "-m", "dagster", "definitions", "validate", "-m", "orchestration.definitions"],
                       env=env, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-3000:]
    assert "Validation successful" in r.stdout + r.stderr


@pytest.mark.usefixtures("warehouse_env")
def test_one_department_can_be_landed_alone(fixtures):
    """The landing assets are one step, but each can be materialised on its own (the UI's per-asset run)."""
    from ingestion.lake import Lake

    p = resolve_paths()
    for dept, name in [("STTTT", "chi_tieu_chuyen_doi_so_2022.csv"), ("VPUBND", "htttgqtthc_2022-12.json")]:
        (p.landing / dept).mkdir()
        shutil.copy(fixtures / dept / name, p.landing / dept / name)
    result = defs.resolve_implicit_global_asset_job_def().execute_in_process(
        asset_selection=[dg.AssetKey(["landing", "STTTT"])], instance=dg.DagsterInstance.ephemeral())
    assert result.success
    landed = {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}
    assert landed == {"landing/STTTT"}
    checks = {(e.asset_key.to_user_string(), e.check_name) for e in result.get_asset_check_evaluations()}
    assert checks == {("landing/STTTT", "received_on_schedule"), ("landing/STTTT", "files_readable")}
    assert {r.department_code for r in Lake(p.lake).records()} == {"STTTT"}
