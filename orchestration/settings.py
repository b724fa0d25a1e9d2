"""Where everything lives. Two variables are the contract (IOC_LANDING_DIR, IOC_WAREHOUSE_PATH);
the rest is derived from them so that a warehouse and its state always travel together."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ingestion.config import PROJECT_DIR, reference_dir

DBT_DIR = PROJECT_DIR / "dbt_project"


@dataclass(frozen=True)
class Paths:
    landing: Path
    warehouse: Path  # the published DuckDB file readers open
    state: Path  # archive + lake (ingestion state)
    reference: Path

    @property
    def build(self) -> Path:
        """The working warehouse dbt builds into, kept between refreshes (see orchestration/build.py):
        staging and intermediate models. Readers never open it."""
        return self.warehouse.with_name(f"{self.warehouse.stem}.build.duckdb")

    @property
    def build_published(self) -> Path:
        """The working warehouse's published schemas (marts, audit), in a file of their own written in a
        storage format DuckDB 1.4+ drivers read: a publish is a copy of it. Readers never open it."""
        return self.warehouse.with_name(f"{self.warehouse.stem}.build.published.duckdb")

    def legacy_builds(self) -> list[Path]:
        """Per-run build files left by earlier versions, which built each refresh from scratch."""
        return sorted(q for q in self.warehouse.parent.glob(f"{self.warehouse.stem}.build.*.duckdb")
                      if q not in (self.build, self.build_published))

    def export_env(self) -> dict[str, str]:
        """The environment dbt needs to find the reference data and the lake."""
        return {
            "IOC_REFERENCE_DIR": str(self.reference),
            "IOC_STATE_DIR": str(self.state),
            "IOC_WAREHOUSE_PATH": str(self.warehouse),
            "IOC_LANDING_DIR": str(self.landing),
            "IOC_BUILD_PATH": str(self.build),
            "IOC_BUILD_PUBLISHED_PATH": str(self.build_published),
        }


def paths() -> Paths:
    data = PROJECT_DIR / "data"
    landing = Path(os.environ.get("IOC_LANDING_DIR", data / "landing")).resolve()
    warehouse = Path(os.environ.get("IOC_WAREHOUSE_PATH", data / "warehouse" / "ioc.duckdb")).resolve()
    state = Path(os.environ.get("IOC_STATE_DIR", warehouse.with_suffix(".state"))).resolve()
    return Paths(landing, warehouse, state, reference_dir().resolve())


def apply_env(p: Paths) -> None:
    """Make the derived paths visible to dbt (its worker, forked from this process, or its subprocess)."""
    os.environ.update(p.export_env())
