"""The canonical shapes every reader produces."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd
import pyarrow as pa

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

#: The same as Arrow schemas: how rows and problems travel between the readers and the lake.
ROWS_SCHEMA = pa.schema([
    ("sheet", pa.string()), ("row_number", pa.int64()), ("indicator_code", pa.string()),
    ("area_code", pa.string()), ("period_code", pa.string()), ("value_type", pa.string()),
    ("status", pa.string()), ("value", pa.float64()), ("unit_raw", pa.string()), ("value_raw", pa.string()),
])
PROBLEMS_SCHEMA = pa.schema([
    ("sheet", pa.string()), ("row_number", pa.int64()), ("column_name", pa.string()),
    ("raw_value", pa.string()), ("reason", pa.string()), ("severity", pa.string()),
])
assert ROWS_SCHEMA.names == OBSERVATION_COLUMNS and PROBLEMS_SCHEMA.names == PROBLEM_COLUMNS


class FileRejected(Exception):
    """The file as a whole cannot be read; nothing of it loads. The message is for a clerk."""


@dataclass
class ParseResult:
    """What a reader makes of one file: observations, problems and notes on the file."""

    table: pa.Table  # the canonical rows (ROWS_SCHEMA)
    problems: pd.DataFrame
    format: str = ""
    notes: list[str] = field(default_factory=list)
    #: Report-workbook cells that are derived (Cùng kỳ, So sánh, Tỷ lệ): never loaded, compared later.
    derived: pa.Table | None = None  # ingestion.workbook.DERIVED_SCHEMA

    @cached_property
    def rows(self) -> pd.DataFrame:
        """The canonical rows as a pandas frame (the lake writes :attr:`table` itself)."""
        return self.table.to_pandas() if self.table.num_rows else empty_rows()

    @cached_property
    def refused_rows(self) -> int:
        """Rows refused (a row with several problems counts once)."""
        p = self.problems
        if p.empty:
            return 0
        err = p["severity"].to_numpy() == "error"
        if not err.any():
            return 0
        return len({(s, r) for s, r in zip(p["sheet"].to_numpy()[err], p["row_number"].to_numpy()[err], strict=True)})


_OBSERVATION_DTYPES = dict.fromkeys(OBSERVATION_COLUMNS, "str") | {"row_number": "int64", "value": "float64"}
_PROBLEM_DTYPES = dict.fromkeys(PROBLEM_COLUMNS, "str") | {"row_number": "int64"}


@dataclass
class Pending:
    """A file read as far as it can be on its own: its raw tables (each with the context it was read in),
    waiting to be interpreted together with other files' (``ingestion.readers.finish``), and how to make
    the file's result from what its tables became."""

    parts: list[tuple[pd.DataFrame, object]]  # (raw cells, ingestion.canonical.Context)
    assemble: Callable[[list], ParseResult]  # [ingestion.canonical.Interpreted per part] -> the result


_EMPTY: dict[tuple, pd.DataFrame] = {}


def _empty(dtypes: dict[str, str]) -> pd.DataFrame:
    """An empty frame with these dtypes (a copy of one made once: making one costs a millisecond)."""
    key = tuple(dtypes.items())
    if key not in _EMPTY:
        _EMPTY[key] = pd.DataFrame({c: pd.Series(dtype=t) for c, t in dtypes.items()})
    return _EMPTY[key].copy()


def empty_rows() -> pd.DataFrame:
    return _empty(_OBSERVATION_DTYPES)


def empty_problems() -> pd.DataFrame:
    return _empty(_PROBLEM_DTYPES)


def problems_frame(records: list[dict]) -> pd.DataFrame:
    """Problems from records (one dict each, PROBLEM_COLUMNS keys; a missing row number counts as 0)."""
    if not records:
        return empty_problems()
    columns = {c: [r.get(c) for r in records] for c in PROBLEM_COLUMNS}
    columns["row_number"] = [0 if v is None or v != v else int(v) for v in columns["row_number"]]
    return pd.DataFrame({c: pd.Series(v, dtype=_PROBLEM_DTYPES[c]) for c, v in columns.items()})
