"""Reporting-period labels -> canonical period codes ('2022', '2022-S1', '2022-Q1', '2022-05').

Labels are parsed once per distinct label (a file has a handful), never once per row.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from ingestion.text import ascii_key

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_YEAR = r"((?:19|20)\d{2})"
_SEP = r"\s*(?:/|-|\.|nam|\s)\s*"


@dataclass(frozen=True)
class Period:
    code: str
    kind: str  # year | half | quarter | month
    ytd: bool = False  # a year-to-date label ('Lũy kế 5 tháng năm 2022'): value type ytd, period = its last month

    @property
    def year(self) -> int:
        return int(self.code[:4])

    @property
    def start(self) -> date:
        return period_bounds(self.code)[0]

    @property
    def end(self) -> date:
        return period_bounds(self.code)[1]


def _month(year: int, month: int, ytd: bool = False) -> Period | None:
    if 1 <= month <= 12:
        return Period(f"{year:04d}-{month:02d}", "month", ytd)
    return None


_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    # half years, before the year-to-date rule so that '6 tháng đầu năm' is S1
    (re.compile(r"^6 thang (dau|cuoi)(?: nam)?" + _SEP + _YEAR + r"$"), "half_words"),
    (re.compile(r"^" + _YEAR + r"\s*-?\s*[sh]([12])$"), "half_ys"),
    (re.compile(r"^(?:[sh]|nua nam|ban nien)\s*([12])" + _SEP + _YEAR + r"$"), "half_sy"),
    # year to date
    (re.compile(r"^(?:luy ke\s*)?(\d{1,2}) thang(?: dau)?(?: nam)?" + _SEP + _YEAR + r"$"), "ytd"),
    (re.compile(r"^luy ke(?: den)?(?: het)? (?:thang|t)\s*(\d{1,2})" + _SEP + _YEAR + r"$"), "ytd"),
    # quarters
    (re.compile(r"^(?:quy|q)\s*(iv|iii|ii|i|[1-4])" + _SEP + _YEAR + r"$"), "quarter_qy"),
    (re.compile(r"^" + _YEAR + r"\s*-?\s*q\s*([1-4])$"), "quarter_yq"),
    # months
    (re.compile(r"^(?:thang|t)\s*(\d{1,2})" + _SEP + _YEAR + r"$"), "month_my"),
    (re.compile(r"^(\d{1,2})\s*[/.-]\s*" + _YEAR + r"$"), "month_my"),
    (re.compile(r"^" + _YEAR + r"\s*[/.-]\s*(\d{1,2})$"), "month_ym"),
    # years
    (re.compile(r"^(?:nam\s*)?" + _YEAR + r"$"), "year"),
]


@lru_cache(maxsize=65536)
def parse_period(label: object) -> Period | None:
    """Parse a period label; ``None`` when it is not one of the accepted forms."""
    if label is None:
        return None
    s = ascii_key(label)
    s = re.sub(r"\s*([/-])\s*", r"\1", s)
    if not s:
        return None
    for pattern, kind in _PATTERNS:
        m = pattern.match(s)
        if not m:
            continue
        g = m.groups()
        if kind == "half_words":
            return Period(f"{g[1]}-S{1 if g[0] == 'dau' else 2}", "half")
        if kind == "half_ys":
            return Period(f"{g[0]}-S{g[1]}", "half")
        if kind == "half_sy":
            return Period(f"{g[1]}-S{g[0]}", "half")
        if kind == "ytd":
            return _month(int(g[1]), int(g[0]), ytd=True)
        if kind == "quarter_qy":
            q = _ROMAN.get(g[0]) or int(g[0])
            return Period(f"{g[1]}-Q{q}", "quarter")
        if kind == "quarter_yq":
            return Period(f"{g[0]}-Q{g[1]}", "quarter")
        if kind == "month_my":
            return _month(int(g[1]), int(g[0]))
        if kind == "month_ym":
            return _month(int(g[0]), int(g[1]))
        if kind == "year":
            return Period(g[0], "year")
    return None


@lru_cache(maxsize=65536)
def period_bounds(code: str) -> tuple[date, date]:
    """First and last day of a canonical period code."""
    year = int(code[:4])
    if len(code) == 4:
        return date(year, 1, 1), date(year, 12, 31)
    tail = code[5:]
    if tail.startswith("S"):
        h = int(tail[1])
        first, last = 6 * h - 5, 6 * h
    elif tail.startswith("Q"):
        q = int(tail[1])
        first, last = 3 * q - 2, 3 * q
    else:
        first = last = int(tail)
    return date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1])


def last_month(code: str) -> str:
    """The month code that closes a period ('2022-Q1' -> '2022-03')."""
    end = period_bounds(code)[1]
    return f"{end.year:04d}-{end.month:02d}"
