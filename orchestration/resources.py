"""Where the warehouse's files live, as a Dagster resource.

Three places matter, and they are kept apart on purpose:

- the **landing folder**, where departments drop their exports (``<landing>/<DEPARTMENT_CODE>/<file>``);
- the **published file**, the one DuckDB file BI tools open read-only;
- the **working folder**, everything else a refresh keeps: the lake (every original file and what was
  read from it), the build databases dbt writes, the build's state and the Dagster instance's history.
  It is created readable by its owner only, and BI tools are never pointed at it.

Every field may be set in the run's configuration (the Dagster UI's launchpad); left empty, it takes the
environment variable named in its description, then the default under the project's ``data/`` folder.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
from pydantic import Field

from ingestion.config import PROJECT_DIR, reference_dir

DBT_DIR = PROJECT_DIR / "dbt_project"
DATA_DIR = PROJECT_DIR / "data"


@dataclass(frozen=True)
class Paths:
    """The files of one warehouse."""

    landing: Path
    warehouse: Path  # the published DuckDB file
    work: Path  # the working folder (owner-only)
    reference: Path

    @property
    def lake(self) -> Path:
        """Archived originals and what was read from them (ingestion.lake.Lake)."""
        return self.work / "lake"

    @property
    def build(self) -> Path:
        """The database dbt builds staging and intermediate models in, kept between refreshes."""
        return self.work / "build.duckdb"

    @property
    def build_published(self) -> Path:
        """The database dbt builds the published schemas (marts, audit) in: a publish copies it."""
        return self.work / "published.duckdb"

    @property
    def build_state(self) -> Path:
        """What the build incorporates and whether it is clean (orchestration.build.BuildState)."""
        return self.work / "build.json"

    @property
    def dbt_target(self) -> Path:
        """dbt's target folder for this warehouse's builds (compiled SQL, logs, artifacts)."""
        return self.work / "dbt"

    @property
    def dagster_home(self) -> Path:
        """The Dagster instance of this warehouse: `iocw` runs and the UI share it."""
        return Path(os.environ["DAGSTER_HOME"]) if os.environ.get("DAGSTER_HOME") else self.work / "dagster"

    def make_work(self) -> None:
        """Create the working folder readable by its owner only (and tighten one made before)."""
        self.work.mkdir(parents=True, exist_ok=True)
        os.chmod(self.work, 0o700)

    def dbt_vars(self) -> dict[str, str]:
        """Where dbt finds its inputs and writes its databases (dbt_project/profiles.yml, the sources)."""
        return {
            "build_path": str(self.build),
            "published_path": str(self.build_published),
            "reference_dir": str(self.reference),
            "lake_dir": str(self.lake),
        }


class Warehouse(dg.ConfigurableResource):
    """The warehouse's folders and files. Each field left empty takes its environment variable, then its
    default."""

    landing_dir: str | None = Field(
        default=None,
        description="Where departments drop their exports, one folder per department code "
        "(IOC_LANDING_DIR; default data/landing).",
    )
    warehouse_path: str | None = Field(
        default=None,
        description="The published DuckDB file BI tools read (IOC_WAREHOUSE_PATH; default "
        "data/warehouse/ioc.duckdb).",
    )
    work_dir: str | None = Field(
        default=None,
        description="The working folder (lake, build databases, state), owner-only (IOC_WORK_DIR; default "
        "the published file's name with .work beside it: data/warehouse/ioc.work).",
    )
    full_rebuild_days: float | None = Field(
        default=None,
        description="Rebuild every dbt model from the lake when the last full rebuild is older than this "
        "(IOC_FULL_REBUILD_DAYS; default 7).",
    )

    def paths(self) -> Paths:
        return resolve_paths(self.landing_dir, self.warehouse_path, self.work_dir)

    def full_rebuild_after_days(self) -> float:
        if self.full_rebuild_days is not None:
            return self.full_rebuild_days
        return float(os.environ.get("IOC_FULL_REBUILD_DAYS") or 7)


def resolve_paths(landing: str | None = None, warehouse: str | None = None, work: str | None = None) -> Paths:
    """The paths from explicit values, else the environment, else the defaults."""
    landing_path = Path(landing or os.environ.get("IOC_LANDING_DIR") or DATA_DIR / "landing").resolve()
    warehouse_path = Path(warehouse or os.environ.get("IOC_WAREHOUSE_PATH")
                          or DATA_DIR / "warehouse" / "ioc.duckdb").resolve()
    work_path = Path(work or os.environ.get("IOC_WORK_DIR")
                     or warehouse_path.with_name(f"{warehouse_path.stem}.work")).resolve()
    return Paths(landing_path, warehouse_path, work_path, reference_dir().resolve())
