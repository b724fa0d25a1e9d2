"""The canonical shapes every reader produces."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

#: Columns of a canonical observation, in order.
OBSERVATION_COLUMNS = [
    "sheet",
    "row_number",
    "indicator_code",
    "area_code",
    "period_code",
    "value_type",
    "status",
    "value",
    "unit_raw",
    "value_raw",
]

#: Columns of a problem (one per refused row or per file-level warning).
PROBLEM_COLUMNS = ["sheet", "row_number", "column_name", "raw_value", "reason", "severity"]

VALUE_TYPES = ("actual", "ytd", "plan")
STATUSES = ("estimate", "preliminary", "official")


class FileRejected(Exception):
    """The file as a whole cannot be read; nothing of it loads. The message is for a clerk."""


@dataclass
class ParseResult:
    """What a reader makes of one file: observations, problems and notes on the file."""

    rows: pd.DataFrame
    problems: pd.DataFrame
    format: str = ""
    notes: list[str] = field(default_factory=list)
    #: Report-workbook cells that are derived (Cùng kỳ, So sánh, Tỷ lệ): never loaded, compared later.
    derived: pd.DataFrame | None = None

    @property
    def refused_rows(self) -> int:
        p = self.problems
        if p.empty:
            return 0
        err = p[p["severity"] == "error"]
        return int(err[["sheet", "row_number"]].drop_duplicates().shape[0])


_OBSERVATION_DTYPES = dict.fromkeys(OBSERVATION_COLUMNS, "str") | {"row_number": "int64", "value": "float64"}
_PROBLEM_DTYPES = dict.fromkeys(PROBLEM_COLUMNS, "str") | {"row_number": "int64"}


def _empty(dtypes: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in dtypes.items()})


def empty_rows() -> pd.DataFrame:
    return _empty(_OBSERVATION_DTYPES)


def empty_problems() -> pd.DataFrame:
    return _empty(_PROBLEM_DTYPES)


def problems_frame(records: list[dict]) -> pd.DataFrame:
    if not records:
        return empty_problems()
    df = pd.DataFrame.from_records(records)
    for c in PROBLEM_COLUMNS:
        if c not in df:
            df[c] = None
    df = df[PROBLEM_COLUMNS]
    df["row_number"] = df["row_number"].astype("Int64").fillna(0).astype("int64")
    return df
