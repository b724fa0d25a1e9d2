"""Vectorised parsing of numbers written the Vietnamese way ('1.234.567', '12,5', '52,0 %') or plainly.

In Vietnamese form a dot groups thousands in threes, so '58.16' is not a number: it is refused,
never guessed. Whole columns are parsed at once with pandas string kernels.
"""

from __future__ import annotations

import pandas as pd

from ingestion.text import key, replace_whitespace

#: Cell contents that mean "no value" (never zero).
EMPTY_MARKERS = frozenset(
    key(m)
    for m in ["", "-", "--", "---", "x", "…", "...", "..", "kph", "k.phát sinh", "không phát sinh", "k.ps", "n/a"]
)

_VI = r"[+-]?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?"
_PLAIN = r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][+-]?\d+)?"

NUMBER_FORMS = ("vi", "plain")


def is_empty_marker(series: pd.Series) -> pd.Series:
    """True where a cell holds nothing or one of the 'no value' markers ('-', 'x', '…', 'KPH')."""
    s = series.astype("str").where(series.notna(), "")
    folded = replace_whitespace(s, " ").str.strip().str.lower()
    return folded.isin(EMPTY_MARKERS) | series.isna()


def parse_numbers(raw: pd.Series, form: str = "vi") -> tuple[pd.Series, pd.Series, pd.Series]:
    """Parse a column of raw text.

    Returns ``(values, ok, percent)``: the float values (NaN where not a number), a mask of cells
    that parsed, and a mask of cells that carried a '%' sign. Numeric (non-text) cells are taken
    as they are, whatever the form.
    """
    if form not in NUMBER_FORMS:
        raise ValueError(f"unknown number form {form!r}; expected one of {NUMBER_FORMS}")
    values = pd.Series(float("nan"), index=raw.index, dtype="float64")
    ok = pd.Series(False, index=raw.index)
    numeric = raw.map(lambda v: isinstance(v, (int, float)) and not isinstance(v, bool)) if raw.dtype == object else (
        pd.Series(pd.api.types.is_numeric_dtype(raw.dtype), index=raw.index)
    )
    if numeric.any():
        values[numeric] = pd.to_numeric(raw[numeric], errors="coerce").astype("float64")
        ok[numeric] = values[numeric].notna()
    text_mask = ~numeric & raw.notna()
    if not text_mask.any():
        return values, ok, pd.Series(False, index=raw.index)
    s = replace_whitespace(raw[text_mask].astype("str"), "")
    pct = s.str.endswith("%")
    s = s.str.rstrip("%")
    if form == "vi":
        good = s.str.fullmatch(_VI)
        cleaned = s.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    else:
        good = s.str.fullmatch(_PLAIN)
        cleaned = s.str.replace(",", "", regex=False)
    good = good.fillna(False).astype(bool)
    parsed = pd.to_numeric(cleaned.where(good), errors="coerce")
    values[text_mask] = parsed.astype("float64")
    ok[text_mask] = good & parsed.notna()
    percent = pd.Series(False, index=raw.index)
    percent[text_mask] = pct
    return values, ok, percent
