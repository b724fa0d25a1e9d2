"""The Dagster instance of a refresh run from the command line (``iocw refresh``, ``iocw bench``) when no
DAGSTER_HOME is set: Dagster's ephemeral instance, with an event log that keeps one connection.

A refresh writes about 530 events to its event log (an output, a materialization and a planned event per
asset, three per check, the log lines), more than half of them from the dbt models and their tests. Dagster's
in-memory event log opens a new SQLite connection for each write and sets two pragmas on it: at size M, 1.97 s
of a 9.1 s incremental refresh went to storing events, 0.85-1.04 s with one connection held (measured on
2026-12-04; the writes overlap dbt's threads, so the refresh gains less than that). The events, their order
and what is stored are Dagster's own.
"""

from collections.abc import Iterator
from contextlib import contextmanager

import dagster as dg
import sqlalchemy as db
from dagster._core.instance import InstanceType
from dagster._core.launcher.sync_in_memory_run_launcher import SyncInMemoryRunLauncher
from dagster._core.run_coordinator import DefaultRunCoordinator
from dagster._core.storage.event_log import InMemoryEventLogStorage
from dagster._core.storage.event_log.schema import AssetKeyTable
from dagster._core.storage.noop_compute_log_manager import NoOpComputeLogManager
from dagster._core.storage.root import TemporaryLocalArtifactStorage
from dagster._core.storage.runs import InMemoryRunStorage
from sqlalchemy.engine import Connection


class HeldConnectionEventLogStorage(InMemoryEventLogStorage):
    """Dagster's in-memory event log, each write in a transaction on the connection it holds for its
    life (the database lives as long as that connection), serialized by the lock it already takes; and
    the tables and the asset-key columns it has known from the start, where Dagster's opens a connection
    to look at every asset event and check, and reads the asset keys' columns from SQLite at every asset
    record it looks up (each step looks up the records of the assets it depends on)."""

    def __init__(self) -> None:
        super().__init__()
        with self._held_conn.begin():
            self._held_conn.execute(db.text("PRAGMA foreign_keys=ON;")).close()
            # made once, above, and never migrated (upgrade() does nothing): asked at every asset event
            inspector = db.inspect(self._held_conn)
            self._tables = frozenset(inspector.get_table_names())
            self._asset_key_columns = frozenset(c["name"] for c in inspector.get_columns(AssetKeyTable.name))

    def has_table(self, table_name: str) -> bool:
        return table_name in self._tables

    def _has_asset_key_col_on_connection(self, conn: Connection, column_name: str) -> bool:
        return column_name in self._asset_key_columns

    @contextmanager
    def _connect(self) -> Iterator[Connection]:
        with self._db_lock, self._held_conn.begin():
            yield self._held_conn


def ephemeral_instance() -> dg.DagsterInstance:
    """An ephemeral instance (nothing kept after the process), made as ``DagsterInstance.ephemeral()``
    makes one, with the event log above."""
    return dg.DagsterInstance(
        instance_type=InstanceType.EPHEMERAL,
        local_artifact_storage=TemporaryLocalArtifactStorage(),
        run_storage=InMemoryRunStorage(),
        event_storage=HeldConnectionEventLogStorage(),
        compute_log_manager=NoOpComputeLogManager(),
        run_coordinator=DefaultRunCoordinator(),
        run_launcher=SyncInMemoryRunLauncher(),
    )
