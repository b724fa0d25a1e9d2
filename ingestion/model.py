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


def empty_rows() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "sheet": pd.Series(dtype="str"),
            "row_number": pd.Series(dtype="int64"),
            "indicator_code": pd.Series(dtype="str"),
            "area_code": pd.Series(dtype="str"),
            "period_code": pd.Series(dtype="str"),
            "value_type": pd.Series(dtype="str"),
            "status": pd.Series(dtype="str"),
            "value": pd.Series(dtype="float64"),
            "unit_raw": pd.Series(dtype="str"),
            "value_raw": pd.Series(dtype="str"),
        }
    )


def empty_problems() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "sheet": pd.Series(dtype="str"),
            "row_number": pd.Series(dtype="int64"),
            "column_name": pd.Series(dtype="str"),
            "raw_value": pd.Series(dtype="str"),
            "reason": pd.Series(dtype="str"),
            "severity": pd.Series(dtype="str"),
        }
    )


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
