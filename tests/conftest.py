"""Shared fixtures: small real files, and paths for a throw-away warehouse."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


def pytest_configure(config):
    """Under pytest-xdist (scripts/dev.sh test runs two workers), parse the dbt project once, before the
    workers start, so that they do not both write its manifest at once."""
    if config.getoption("numprocesses", None) and not hasattr(config, "workerinput"):
        from orchestration.defs.dbt import dbt_project

        dbt_project()


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def warehouse_env(tmp_path, monkeypatch):
    """IOC_LANDING_DIR and IOC_WAREHOUSE_PATH in a temporary folder (the working folder beside the
    published file); returns (landing, warehouse)."""
    landing = tmp_path / "landing"
    warehouse = tmp_path / "warehouse" / "ioc.duckdb"
    landing.mkdir()
    monkeypatch.setenv("IOC_LANDING_DIR", str(landing))
    monkeypatch.setenv("IOC_WAREHOUSE_PATH", str(warehouse))
    for name in ("IOC_WORK_DIR", "IOC_FULL_REBUILD_DAYS", "DAGSTER_HOME"):  # a refresh sets DAGSTER_HOME
        monkeypatch.delenv(name, raising=False)
    return landing, warehouse


#: DuckDB 1.4, which BI tools' drivers ship, installed beside the venv from PyPI (once), never imported here.
DUCKDB_14 = Path(sys.prefix) / "compat" / "duckdb-1.4"
READ_14 = "import duckdb, sys; print(duckdb.__version__); con = duckdb.connect(sys.argv[1], read_only=True); " \
          "print(con.execute(sys.argv[2]).fetchone()[0])"


@pytest.fixture(scope="session")
def duckdb_14() -> Path:
    if not (DUCKDB_14 / "duckdb").is_dir():
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                        "--no-deps", "--target", str(DUCKDB_14), "duckdb==1.4.*"], check=True)
    return DUCKDB_14


def read_with_duckdb_14(compat: Path, path: Path, query: str) -> subprocess.CompletedProcess:
    """``query``'s first value, read from ``path`` by DuckDB 1.4 in a process of its own (stdout: version, value)."""
    env = dict(os.environ, PYTHONPATH=str(compat))
    return subprocess.run([sys.executable, "-c", READ_14, str(path), query], env=env, capture_output=True, text=True)


def materialize(selection: list[str] | None = None):
    """The refresh job (or some of its assets) in this process, in a throw-away Dagster instance."""
    import dagster as dg

    from orchestration.definitions import defs

    if selection is None:
        return defs.resolve_job_def("refresh").execute_in_process(instance=dg.DagsterInstance.ephemeral(),
                                                                  raise_on_error=False)
    return defs.resolve_implicit_global_asset_job_def().execute_in_process(
        asset_selection=[dg.AssetKey.from_user_string(k) for k in selection],
        instance=dg.DagsterInstance.ephemeral(), raise_on_error=False)


def write_csv(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def windows_1258_form(text: str) -> str:
    """How Windows-1258 writes Vietnamese: letters with circumflex, breve or horn precomposed, the five
    tone marks as separate combining characters."""
    import unicodedata

    out = []
    for ch in unicodedata.normalize("NFC", text):
        d = unicodedata.normalize("NFD", ch)
        tones = [c for c in d if c in TONE_MARKS]
        if tones:
            out.append(unicodedata.normalize("NFC", "".join(c for c in d if c not in TONE_MARKS)) + "".join(tones))
        else:
            out.append(ch)
    return "".join(out)
