"""The warehouse's vocabulary, as reference data that Python and dbt both read (reference/*.csv).

- ``statuses.csv``: estimate < preliminary < official, with their rank (a lower status never replaces a
  higher one) and the words departments write for them;
- ``value_types.csv``: actual, year to date, plan, and their written forms;
- ``period_types.csv``: month, quarter, half and year: how many months each spans and how its code is
  written ('2022-05', '2022-Q1', '2022-S1', '2022');
- ``value_kinds.csv``, ``time_aggregations.csv``, ``directions.csv``: the catalogue's enumerations (a
  value kind says whether values add up across areas).

Format A's column headers (config/vocabulary.yml) are a reading rule of the exports, not vocabulary of the
warehouse, and stay with the readers.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd
import yaml

from ingestion.config import PROJECT_DIR, load_yaml, reference_table
from ingestion.text import ascii_key


def table(name: str) -> pd.DataFrame:
    """A vocabulary table (reference/<name>.csv), as text, in file order."""
    return reference_table(name)


def codes(name: str) -> tuple[str, ...]:
    """The codes of a vocabulary table, in file order (statuses lowest rank first)."""
    t = table(name)
    return tuple(t[t.columns[0]])


def _written(name: str) -> dict[str, str]:
    """ascii_key of every written form (and of the code itself) -> the code."""
    t = table(name)
    out: dict[str, str] = {}
    for code, written in zip(t[t.columns[0]], t["written_as"], strict=True):
        out[ascii_key(code)] = code
        for w in filter(None, written.split("|")):
            out.setdefault(ascii_key(w), code)
    return out


@lru_cache(maxsize=1)
def value_types() -> dict[str, str]:
    """A value type as written (ascii_key) -> its code."""
    return _written("value_types")


@lru_cache(maxsize=1)
def statuses() -> dict[str, str]:
    """A status as written (ascii_key) -> its code."""
    return _written("statuses")


@lru_cache(maxsize=1)
def status_rank() -> dict[str, int]:
    t = table("statuses")
    return dict(zip(t["status"], t["rank"].astype(int), strict=True))


@lru_cache(maxsize=1)
def period_months() -> dict[str, int]:
    """Period type -> the months it spans."""
    t = table("period_types")
    return dict(zip(t["period_type"], t["months"].astype(int), strict=True))


@lru_cache(maxsize=1)
def period_formats() -> dict[str, str]:
    """Period type -> how its code is written: {year}, {n} (its number in the year) and {nn} (two digits)."""
    t = table("period_types")
    return dict(zip(t["period_type"], t["code_format"], strict=True))


@lru_cache(maxsize=1)
def _dbt_vars() -> dict:
    """The dbt project's vars: the rules both the readers and the models apply are written there once."""
    with open(PROJECT_DIR / "dbt_project" / "dbt_project.yml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)["vars"]


def calendar_years() -> tuple[int, int]:
    """The first and last year of the warehouse's calendar (dbt_project.yml's vars first_year and
    last_year): a value of another year has no period to be published under."""
    v = _dbt_vars()
    return int(v["first_year"]), int(v["last_year"])


def value_decimals() -> int:
    """How many decimal places a value keeps (dbt_project.yml's var value_decimals): what a unit
    conversion or an average adds beyond them is floating-point noise, not information."""
    return int(_dbt_vars()["value_decimals"])


def headers(extra: dict[str, str] | None = None) -> dict[str, str]:
    """Format A column header (ascii_key) -> canonical column, with a profile's synonyms on top."""
    return _headers(tuple(sorted((extra or {}).items())))


@lru_cache(maxsize=64)
def _headers(extra: tuple[tuple[str, str], ...]) -> dict[str, str]:
    table_: dict[str, str] = {}
    for canonical, words in load_yaml("vocabulary.yml")["headers"].items():
        table_[ascii_key(canonical)] = canonical
        for w in words:
            table_[ascii_key(w)] = canonical
    for written, canonical in extra:
        table_[ascii_key(written)] = canonical
    return table_
