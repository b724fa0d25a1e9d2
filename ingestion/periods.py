"""Reporting-period labels -> canonical period codes ('2022', '2022-S1', '2022-Q1', '2022-05').

How a code is written and how many months a period type spans are reference data
(reference/period_types.csv, which dbt's calendar reads too). Labels are parsed once per distinct label
(a file has a handful), never once per row.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from ingestion.text import ascii_key
from ingestion.vocabulary import period_formats, period_months

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_YEAR = r"((?:19|20)\d{2})"
_SEP = r"\s*(?:/|-|\.|nam|\s)\s*"


@dataclass(frozen=True)
class Period:
    code: str
    kind: str  # year | half | quarter | month
    ytd: bool = False  # a year to date ('Lũy kế 5 tháng năm 2022'): value type ytd, period = its last month

    @property
    def year(self) -> int:
        return int(self.code[:4])

    @property
    def start(self) -> date:
        return period_bounds(self.code)[0]

    @property
    def end(self) -> date:
        return period_bounds(self.code)[1]


def period_code(kind: str, year: int, n: int = 1) -> str:
    """The code of the ``n``-th period of type ``kind`` in ``year`` ('quarter', 2022, 1 -> '2022-Q1')."""
    return period_formats()[kind].format(year=f"{year:04d}", n=n, nn=f"{n:02d}")


@lru_cache(maxsize=1)
def _code_patterns() -> list[tuple[re.Pattern[str], str]]:
    """A pattern per period type that reads its codes back: year and number."""
    out = []
    for kind, fmt in period_formats().items():
        pattern = re.escape(fmt).replace(r"\{year\}", r"(?P<year>\d{4})").replace(r"\{nn\}", r"(?P<n>\d{2})")
        pattern = pattern.replace(r"\{n\}", r"(?P<n>\d{1,2})")
        out.append((re.compile(f"^{pattern}$"), kind))
    return out


def split_code(code: str) -> tuple[str, int, int]:
    """(period type, year, number within the year) of a canonical code: '2022-Q3' -> ('quarter', 2022, 3)."""
    for pattern, kind in _code_patterns():
        m = pattern.match(code)
        if m:
            return kind, int(m["year"]), int(m.groupdict().get("n") or 1)
    raise ValueError(f"not a period code: {code!r}")


def _month(year: int, month: int) -> Period | None:
    if 1 <= month <= 12:
        return Period(period_code("month", year, month), "month")
    return None


def first_months(year: int, months: int) -> Period | None:
    """The figure of the first ``months`` months of ``year`` ('6 tháng đầu năm 2022', 'Lũy kế 6 tháng năm
    2022', '6 tháng 2022'), in its one canonical form: the actual of the month, quarter, half or year those
    months make (1, 3, 6 or 12 months: '2022-S1'), otherwise the year to date at its last month ('2022-09',
    value type ytd). A quarter, half or year derived from months follows the indicator's aggregation rule
    (the sum of a flow, the last month of a stock, the mean of an average), which is what such a figure is:
    so the same figure always lands under the same key, however it was labelled."""
    if not 1 <= months <= 12:
        return None
    for kind, span in period_months().items():
        if span == months:
            return Period(period_code(kind, year, 1), kind)
    return Period(period_code("month", year, months), "month", ytd=True)


def year_to_date(code: str) -> Period:
    """The canonical form of a year-to-date figure through the month that closes ``code`` (see
    :func:`first_months`)."""
    end = period_bounds(code)[1]
    return first_months(end.year, end.month)


_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    # the second half ('6 tháng đầu năm' is the first six months, below)
    (re.compile(r"^6 thang cuoi(?: nam)?" + _SEP + _YEAR + r"$"), "second_half"),
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
        if kind == "second_half":
            return Period(period_code("half", int(g[0]), 2), "half")
        if kind == "half_ys":
            return Period(period_code("half", int(g[0]), int(g[1])), "half")
        if kind == "half_sy":
            return Period(period_code("half", int(g[1]), int(g[0])), "half")
        if kind == "ytd":
            return first_months(int(g[1]), int(g[0]))
        if kind == "quarter_qy":
            q = _ROMAN.get(g[0]) or int(g[0])
            return Period(period_code("quarter", int(g[1]), q), "quarter")
        if kind == "quarter_yq":
            return Period(period_code("quarter", int(g[0]), int(g[1])), "quarter")
        if kind == "month_my":
            return _month(int(g[1]), int(g[0]))
        if kind == "month_ym":
            return _month(int(g[0]), int(g[1]))
        if kind == "year":
            return Period(period_code("year", int(g[0])), "year")
    return None


@lru_cache(maxsize=65536)
def period_bounds(code: str) -> tuple[date, date]:
    """First and last day of a canonical period code."""
    kind, year, n = split_code(code)
    months = period_months()[kind]
    first, last = (n - 1) * months + 1, n * months
    return date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1])


def last_month(code: str) -> str:
    """The month code that closes a period ('2022-Q1' -> '2022-03')."""
    end = period_bounds(code)[1]
    return period_code("month", end.year, end.month)
