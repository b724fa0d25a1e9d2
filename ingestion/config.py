"""Where the configuration lives and how it is read. Configuration is data (YAML and CSV)."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

PACKAGE_DIR = Path(__file__).resolve().parent
CONFIG_DIR = PACKAGE_DIR / "config"
PROJECT_DIR = PACKAGE_DIR.parent


def reference_dir() -> Path:
    """The reference data folder (domains, departments, areas, the indicator catalogue)."""
    return Path(os.environ.get("IOC_REFERENCE_DIR", PROJECT_DIR / "reference"))


def config_dir() -> Path:
    return Path(os.environ.get("IOC_CONFIG_DIR", CONFIG_DIR))


@lru_cache(maxsize=32)
def _load_yaml(path: str) -> dict[str, Any]:
    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh) or {}


def load_yaml(name: str) -> dict[str, Any]:
    return _load_yaml(str(config_dir() / name))


@lru_cache(maxsize=64)
def _read_reference(path: str) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


def reference_table(name: str) -> pd.DataFrame:
    """A reference table (reference/<name>.csv) as text, in file order. The same files are dbt's sources."""
    return _read_reference(str(reference_dir() / f"{name}.csv"))
