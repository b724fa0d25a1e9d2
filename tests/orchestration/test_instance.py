"""The command line's ephemeral instance stores what Dagster's own stores, on one connection."""

import dagster as dg
import sqlalchemy as db

from orchestration.instance import HeldConnectionEventLogStorage, ephemeral_instance


@dg.asset(check_specs=[dg.AssetCheckSpec("positive", asset="numbers")])
def numbers(context: dg.AssetExecutionContext):
    context.log.info("three numbers")
    yield dg.Output([1, 2, 3], metadata={"count": 3})
    yield dg.AssetCheckResult(check_name="positive", passed=True)


@dg.asset
def total(numbers: list[int]) -> int:
    return sum(numbers)


def _events(instance: dg.DagsterInstance, run_id: str) -> list[tuple[str, str]]:
    return [(e.dagster_event.event_type_value, e.step_key or "") if e.dagster_event else ("LOG", e.user_message)
            for e in instance.all_logs(run_id)]


def test_it_stores_the_events_of_a_run_as_dagsters_ephemeral_instance_does():
    ours, theirs = ephemeral_instance(), dg.DagsterInstance.ephemeral()
    assert isinstance(ours.event_log_storage, HeldConnectionEventLogStorage) and ours.is_ephemeral
    connects = []
    db.event.listen(ours.event_log_storage._engine, "connect", lambda *_: connects.append(1))
    runs = [dg.materialize([numbers, total], instance=i) for i in (ours, theirs)]
    assert all(r.success for r in runs)
    mine, reference = (_events(i, r.run_id) for i, r in zip((ours, theirs), runs, strict=True))
    assert [e for e, _ in mine] == [e for e, _ in reference]
    assert ("ASSET_CHECK_EVALUATION", "numbers") in mine and ("LOG", "three numbers") in mine
    # what the UI and the publish gate read: the latest materialization and the check's verdict
    latest = ours.get_latest_materialization_event(dg.AssetKey("numbers"))
    assert latest is not None and latest.asset_materialization.metadata["count"].value == 3
    check = ours.event_log_storage.get_asset_check_execution_history(
        dg.AssetCheckKey(dg.AssetKey("numbers"), "positive"), limit=1)
    assert check and check[0].status.value == "SUCCEEDED"
    # the asset-key columns it knew from the start are those Dagster reads from SQLite at each lookup
    for column in ("last_materialization_timestamp", "cached_status_data", "no_such_column"):
        assert ours.event_log_storage.has_asset_key_col(column) is theirs.event_log_storage.has_asset_key_col(column)
    [record] = ours.get_asset_records([dg.AssetKey("numbers")])
    assert record.asset_entry.last_materialization_record is not None
    assert connects == []  # every event on the connection the storage holds, none opened for it


def test_a_failed_write_leaves_the_connection_usable():
    instance = ephemeral_instance()
    storage = instance.event_log_storage
    try:
        with storage.index_connection() as conn:
            conn.execute(db.text("select * from a_table_that_does_not_exist"))
    except db.exc.OperationalError:
        pass
    else:
        raise AssertionError("the query should have failed")
    assert dg.materialize([numbers, total], instance=instance).success
