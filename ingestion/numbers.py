"""Vectorised parsing of numbers written the Vietnamese way ('1.234.567', '12,5', '52,0 %') or plainly.

In Vietnamese form a dot groups thousands in threes, so '58.16' is not a number: it is refused,
never guessed. Whole columns are parsed at once with Arrow compute kernels (:func:`parse_text_numbers`);
:func:`parse_numbers` is the same on a pandas column of mixed cells.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ingestion.text import WHITESPACE_RE2, key

#: Cell contents that mean "no value" (never zero).
EMPTY_MARKERS = frozenset(
    key(m)
    for m in ["", "-", "--", "---", "x", "…", "...", "..", "kph", "k.phát sinh", "không phát sinh", "k.ps", "n/a"]
)

_VI = r"[+-]?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?"
_PLAIN = r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][+-]?\d+)?"

NUMBER_FORMS = ("vi", "plain")


def empty_markers(text: pa.Array) -> np.ndarray:
    """True where a cell of an Arrow text array holds nothing (null, blank) or one of the 'no value'
    markers ('-', 'x', '…', 'KPH'), whatever its case and spacing."""
    folded = pc.utf8_lower(pc.utf8_trim(pc.replace_substring_regex(text, WHITESPACE_RE2, " "), " "))
    hit = pc.fill_null(pc.is_in(folded, value_set=pa.array(sorted(EMPTY_MARKERS))), False)
    return np.asarray(pc.or_(hit, pc.is_null(text)), dtype=bool)


def parse_text_numbers(text: pa.Array, vi: np.ndarray | bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Parse an Arrow text array, each cell in Vietnamese form where ``vi`` is true, else plain.

    Returns ``(values, ok, percent)`` as numpy arrays: float values (NaN where not a number), cells that
    parsed, cells that carried a '%' sign. Whitespace anywhere in a cell is ignored ('1 234', '52 %')."""
    n = len(text)
    vi = np.broadcast_to(np.asarray(vi, dtype=bool), (n,))
    s = pc.replace_substring_regex(text, WHITESPACE_RE2, "")
    percent = np.asarray(pc.fill_null(pc.ends_with(s, "%"), False), dtype=bool)
    s = pc.utf8_rtrim(s, "%")
    values = np.full(n, np.nan)
    ok = np.zeros(n, dtype=bool)
    for form, mask in (("vi", vi), ("plain", ~vi)):
        if not mask.any():
            continue
        sub = s if mask.all() else pc.filter(s, pa.array(mask))
        good = np.asarray(pc.fill_null(pc.match_substring_regex(sub, f"^(?:{_VI if form == 'vi' else _PLAIN})$"),
                                       False), dtype=bool)
        if form == "vi":
            cleaned = pc.replace_substring(pc.replace_substring(sub, ".", ""), ",", ".")
        else:
            cleaned = pc.replace_substring(sub, ",", "")
        parsed = pc.cast(pc.if_else(pa.array(good), cleaned, None), pa.float64())
        v = np.asarray(pc.fill_null(parsed, np.nan), dtype="float64")
        ok[mask] = good & ~np.isnan(v)
        values[mask] = v
    return values, ok, percent


def _is_number(v: object) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def written_text(v: object) -> str | None:
    """A cell as written: None when blank (None or NaN), else its text."""
    return None if v is None or (isinstance(v, float) and v != v) else str(v)


def split_cells(cells: pd.Series) -> tuple[pa.Array, np.ndarray, pa.Array]:
    """A column of raw cells -> (its text cells as Arrow text, null elsewhere; its numeric cells as floats,
    NaN elsewhere; every cell as written). Spreadsheet and JSON cells mix numbers and text; booleans
    count as text."""
    if cells.dtype != object:
        if pd.api.types.is_numeric_dtype(cells.dtype) and not pd.api.types.is_bool_dtype(cells.dtype):
            return split_cells(cells.astype(object))
        arr = pa.array(cells.array) if hasattr(cells.array, "__arrow_array__") else pa.array(
            cells.astype("str").where(cells.notna(), None).to_numpy(dtype=object))
        text = pc.cast(arr, pa.string())
        return text, np.full(len(cells), np.nan), text
    return split_values(cells.to_numpy(dtype=object))


def split_values(values: np.ndarray) -> tuple[pa.Array, np.ndarray, pa.Array]:
    """:func:`split_cells` of an object array of raw cells."""
    try:  # text and blanks only (machine exports): Arrow converts them as they are
        text = pa.array(values, pa.string())
        return text, np.full(len(values), np.nan), text
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        pass
    try:  # numbers and blanks only (JSON from a system): Arrow sees doubles or integers
        inferred = pa.array(values, from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        inferred = None
    if inferred is not None and (pa.types.is_floating(inferred.type) or pa.types.is_integer(inferred.type)):
        nums = np.asarray(pc.fill_null(inferred.cast(pa.float64()), np.nan), dtype="float64")
        return pa.nulls(len(values), pa.string()), nums, pa.array([written_text(v) for v in values], pa.string())
    numeric = np.fromiter((_is_number(v) for v in values), bool, len(values))
    written = pa.array([written_text(v) for v in values], pa.string())
    if not numeric.any():
        return written, np.full(len(values), np.nan), written
    nums = np.full(len(values), np.nan)
    nums[numeric] = values[numeric].astype("float64")
    text = pa.array([None if num else written_text(v) for v, num in zip(values, numeric, strict=True)], pa.string())
    return text, nums, written


def cell_numbers(values: list[object], form: str = "vi") -> np.ndarray:
    """A few raw cells (numbers, text, blanks) -> float values, NaN where not a number: what
    :func:`parse_numbers` gives, for a list of a workbook's cells, without a pandas Series around it."""
    if form not in NUMBER_FORMS:
        raise ValueError(f"unknown number form {form!r}; expected one of {NUMBER_FORMS}")
    numeric = np.fromiter((_is_number(v) for v in values), bool, len(values))
    out = np.full(len(values), np.nan)
    if numeric.any():
        out[numeric] = [v for v, num in zip(values, numeric, strict=True) if num]
    if not numeric.all():
        text = pa.array([None if num else written_text(v) for v, num in zip(values, numeric, strict=True)],
                        pa.string())
        out = np.where(numeric, out, parse_text_numbers(text, form == "vi")[0])
    return out


def parse_numbers(raw: pd.Series, form: str = "vi") -> tuple[pd.Series, pd.Series, pd.Series]:
    """Parse a column of raw cells.

    Returns ``(values, ok, percent)``: the float values (NaN where not a number), a mask of cells
    that parsed, and a mask of cells that carried a '%' sign. Numeric (non-text) cells are taken
    as they are, whatever the form.
    """
    if form not in NUMBER_FORMS:
        raise ValueError(f"unknown number form {form!r}; expected one of {NUMBER_FORMS}")
    text, nums, _ = split_cells(raw)
    values, ok, percent = parse_text_numbers(text, form == "vi")
    numeric = ~np.isnan(nums)
    values = np.where(numeric, nums, values)
    ok = np.where(numeric, True, ok)
    return (pd.Series(values, index=raw.index), pd.Series(ok, index=raw.index),
            pd.Series(percent & ~numeric, index=raw.index))
