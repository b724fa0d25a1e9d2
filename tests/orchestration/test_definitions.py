"""The code location loads, and reads as the data flows."""

import json
from pathlib import Path

import dagster as dg

from orchestration.definitions import defs, nightly
from orchestration.defs.dbt import (
    dbt_build_args,
    dbt_global_flags,
    dbt_project,
    indirect_selection,
    kept_models,
    prune_run_targets,
    reference_only_models,
)


def test_the_graph_flows_from_landing_to_published():
    graph = defs.resolve_asset_graph()
    keys = {k.to_user_string() for k in graph.get_all_asset_keys()}
    assert {"landing/STTTT", "landing/VPUBND", "lake/rows", "marts/fct_indicator_value", "audit/load_log",
            "warehouse/published"} <= keys
    assert len([k for k in keys if k.startswith("landing/")]) == 24
    upstream = graph.get(dg.AssetKey(["warehouse", "published"])).parent_keys
    assert dg.AssetKey(["marts", "fct_indicator_value"]) in upstream
    assert dg.AssetKey(["lake", "rows"]) in graph.get(dg.AssetKey(["staging", "stg_lake__observations"])).parent_keys
    assert dg.AssetKey(["landing", "SCT"]) in graph.get(dg.AssetKey(["lake", "rows"])).parent_keys


def test_gx_and_dbt_checks_are_asset_checks_and_the_gx_gate_blocks():
    checks = {k.name: k for k in defs.resolve_asset_graph().asset_check_keys}
    assert "gx_observation_suite" in checks and "catalogue_suite" in checks and "received_on_schedule" in checks
    assert any(name.startswith("unique_") for name in checks)
    spec = next(s for a in defs.assets if isinstance(a, dg.AssetsDefinition) for s in a.check_specs
                if s.name == "gx_observation_suite")
    assert spec.blocking


def test_nightly_schedule_is_01_00_in_vietnam():
    assert nightly.cron_schedule == "0 1 * * *"
    assert nightly.execution_timezone == "Asia/Ho_Chi_Minh"


def test_dbt_args():
    incremental = ["build", "--threads", "5", "--exclude-resource-type", "unit_test"]
    assert dbt_build_args() == incremental
    assert dbt_build_args(full_refresh=True) == ["build", "--full-refresh"]
    manifest = json.loads(Path(dbt_project().manifest_path).read_text())
    from_reference = reference_only_models(manifest)
    assert {"dim_area", "dim_indicator", "dim_period", "stg_reference__indicators"} <= set(from_reference)
    assert not {"fct_indicator_value", "stg_lake__observations", "mart_submission_status", "load_log"} & set(
        from_reference)
    kept = kept_models(manifest)
    assert set(from_reference) < set(kept)
    # the views over the lake are kept too (a query, not rows); the tables over it are rebuilt
    assert {"stg_lake__observations", "int_indicator_values_reported", "fct_indicator_value_history"} <= set(kept)
    assert not {"fct_indicator_value", "stg_lake__files", "int_observation_versions", "load_log"} & set(kept)
    assert dbt_build_args(manifest=manifest) == [*incremental, "--exclude", " ".join(kept)]
    assert dbt_build_args(full_refresh=True, manifest=manifest) == ["build", "--full-refresh"]


def test_a_test_scoped_to_a_refresh_tests_a_model_built_after_that_scope():
    """A test whose `where` names a refresh scope (macros/tests_in_scope.sql) reads the scope's table,
    which dbt does not know as its parent: the model it tests must depend on that scope, or the test could
    run before the scope of the refresh is built."""
    nodes = json.loads(Path(dbt_project().manifest_path).read_text())["nodes"]
    scoped = {"__refresh_scope_periods__": "model.ioc_warehouse.int_refresh_scope_periods",
              "__refresh_scope__": "model.ioc_warehouse.int_refresh_scope"}
    tests = [n for n in nodes.values() if n["resource_type"] == "test" and (n["config"].get("where") or "") in scoped]
    assert {n["attached_node"] for n in tests} >= {
        "model.ioc_warehouse.fct_indicator_value", "model.ioc_warehouse.fct_indicator_value_superseded"}
    for t in tests:
        model = nodes[t["attached_node"]]
        assert model["config"]["materialized"] == "incremental", t["name"]
        assert scoped[t["config"]["where"]] in model["depends_on"]["nodes"], t["name"]


def test_an_incremental_build_picks_the_tests_of_what_it_builds():
    assert indirect_selection(full_refresh=False, env={}) == "cautious"
    assert indirect_selection(full_refresh=True, env={}) is None
    assert indirect_selection(full_refresh=False, env={"DBT_INDIRECT_SELECTION": "eager"}) is None


def test_dbt_logs_to_its_file_at_info_unless_told_otherwise():
    assert dbt_global_flags({}) == ["--log-level-file", "info"]
    assert dbt_global_flags({"DBT_LOG_LEVEL_FILE": "debug"}) == []  # dbt reads the variable itself


def test_old_dbt_run_folders_are_pruned(tmp_path):
    import os
    runs = []
    for i in range(5):
        d = tmp_path / f"ioc_dbt_models-{i:07x}-abc"
        d.mkdir()
        (d / "run_results.json").write_text("{}")
        os.utime(d, (1_000_000 + i, 1_000_000 + i))
        runs.append(d)
    (tmp_path / "partial_parse.msgpack").write_text("kept")
    deleted = prune_run_targets(tmp_path, keep=2)
    assert sorted(deleted) == runs[:3]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([runs[3].name, runs[4].name, "partial_parse.msgpack"])


def test_the_code_location_loads_as_dagster_dev_loads_it(tmp_path):
    """`dagster dev` from the venv without the venv on PATH (as the README starts it) loads cleanly."""
    import os
    import subprocess
    import sys

    env = dict(os.environ, PATH="/usr/bin:/bin", DAGSTER_IS_DEV_CLI="1", DAGSTER_HOME=str(tmp_path))
    r = subprocess.run([sys.executable, "-m", "dagster", "definitions", "validate", "-m", "orchestration.definitions"],
                       env=env, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-3000:]
    assert "Validation successful" in r.stdout + r.stderr


def test_one_department_can_be_landed_alone(warehouse_env, fixtures):
    """The landing assets are one step, but each can be materialised on its own (the UI's per-asset run)."""
    import shutil

    from ingestion.lake import Lake
    from orchestration.defs.ingestion import landing, reference_catalogue
    from orchestration.settings import apply_env, paths

    landing_dir, _ = warehouse_env
    for dept, name in [("STTTT", "chi_tieu_chuyen_doi_so_2022.csv"), ("VPUBND", "htttgqtthc_2022-12.json")]:
        (landing_dir / dept).mkdir()
        shutil.copy(fixtures / dept / name, landing_dir / dept / name)
    apply_env(paths())
    result = dg.materialize([reference_catalogue, landing], selection=["landing/STTTT"],
                            instance=dg.DagsterInstance.ephemeral())
    assert result.success
    landed = {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}
    assert landed == {"landing/STTTT"}
    checks = {e.asset_key.to_user_string() for e in result.get_asset_check_evaluations()}
    assert checks == {"landing/STTTT"}
    assert {r.department_code for r in Lake(paths().state).records()} == {"STTTT"}
