"""A column heading of a statistics-office table, as text, -> what its figures are.

The office writes a column's meaning only in its heading, split word by word over several rows and under
group headings ("Tháng 02 năm 2025 so với:" over "Kỳ gốc (2019)"); :mod:`layout` joins those parts, this
module reads the joined text. A heading says some of:

- a status: *Thực hiện* / *Chính thức* (official), *Sơ bộ* (preliminary), *Ước tính* (estimate);
- a period: a month (*tháng 02 năm 2025*, *tháng 02/2008*, *thời điểm 01/02/2025*), a quarter (*quý III*),
  a season (*vụ đông xuân năm 2024*, read as its year), a year (*năm 2023*, *cả năm*), or a span from the
  start of the year (*2 tháng*, *Cộng dồn 6 tháng*, *Bình quân 02 tháng*): a year to date, value type
  ``ytd`` at its last month. *Kỳ này* is the period the table's title names;
- a comparison: *A so với B (%)*, where B is the same period a year before (*cùng kỳ năm trước*,
  *cùng thời điểm năm trước*, or that period named), the previous period (*tháng trước*, *quý trước*,
  or the month before named), December of the year before (*tháng 12 năm 2024* under February 2025), a base
  year (*kỳ gốc (2019)*) or the year's plan (*kế hoạch năm*); a share (*Cơ cấu (%)*) or a difference (+/-);
- a measure (*Lượng*, *Trị giá*, *Số dự án*, *Vốn đăng ký*, *Diện tích*...): the words left over, which
  pick the indicator family a column goes to (config/statistics_office.yml);
- a unit in parentheses, and an area (*Cả nước*, *Miền Bắc*).

Matching is on :func:`ingestion.text.ascii_key` (no case, no diacritics), so "Quý", "quy" and a decoded
TCVN3 "Quý" read alike. Years written as numbers (2025.0) arrive as text ("2025").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ingestion.periods import Period, parse_period
from ingestion.text import ascii_key

#: comparison bases (also the catalogue's ``comparison_base`` values)
SAME_PERIOD = "same_period_previous_year"
PREVIOUS = "previous_period"
DECEMBER = "december_previous_year"
PLAN = "plan"
BASE_YEAR = "base_year"  # written base_year:2019

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_YEAR = r"((?:19|20)\d{2})"

_STATUS = [
    ("estimate", re.compile(r"\b(?:uoc tinh|uoc thuc hien|uoc th|uoc)\b")),
    ("preliminary", re.compile(r"\bso bo\b")),
    ("official", re.compile(r"\b(?:chinh thuc|thuc hien)\b")),
]
_YTD_WORDS = re.compile(r"\b(?:cong don|luy ke|tinh tu dau nam|tu dau nam)\b")
_AVERAGE = re.compile(r"\bbinh quan\b")
_SHARE = re.compile(r"\bco cau\b|\bty trong\b")
_DIFFERENCE = re.compile(r"\+ ?/ ?-|\btang ?/ ?giam\b|\bchenh lech\b")
_COMPARE = re.compile(r"\bso voi\b|\bso cung ky\b")
_PARENS = re.compile(r"\(([^()]*)\)")

# periods, tried on the ascii key in this order; each match is removed from the text
_P_DATE = re.compile(r"\b(?:thoi diem\s*)?(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*" + _YEAR)
_P_SPAN = re.compile(r"\b(?:tu )?(?:ngay )?0?1\s*/\s*0?1\s*[-–]\s*(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*" + _YEAR)
_P_TO_DAY = re.compile(r"\bden ngay (\d{1,2}) thang (\d{1,2})(?: nam)?\s*" + _YEAR)
_P_MONTHS = re.compile(r"\b(\d{1,2}) thang(?: dau nam| dau| nam)?(?:\s*(?:nam\s*)?" + _YEAR + r")?")
_P_MONTH = re.compile(r"\b(?:thang|t)\s*(\d{1,2})(?:\s*(?:/|-|nam)\s*" + _YEAR + r"|\s+" + _YEAR + r")?(?!\s*/)")
_P_MONTH_NUM = re.compile(r"(?<![\d/])(\d{1,2})\s*/\s*" + _YEAR + r"\b")
_P_QUARTER = re.compile(r"\bquy\s*(iv|iii|ii|i|[1-4])\b(?:\s*(?:/|-|nam)?\s*" + _YEAR + r")?")
_P_SEASON = re.compile(
    r"\bvu (?:dong xuan|he thu|thu dong|mua|lua mua|lua dong xuan)\b(?:\s*nam)?(?:\s*" + _YEAR + r")?")
_P_WHOLE_YEAR = re.compile(r"\bca nam\b(?:\s*" + _YEAR + r")?")
_P_YEAR = re.compile(r"\b(?:nam\s*)?" + _YEAR + r"\b")
_P_THIS = re.compile(r"\bky (?:nay|bao cao)\b|\bthang nay\b")
_P_SAME_PERIOD = re.compile(r"\bcung (?:ky|thoi diem)(?: nam (?:truoc|ngoai))?(?:\s*" + _YEAR + r")?\b")
_P_PREVIOUS = re.compile(r"\b(?:cung thoi diem )?(?:thang|quy|ky|nam) truoc\b")
_P_BASE_YEAR = re.compile(r"\b(?:ky|nam) goc\b(?:\s*\(?\s*" + _YEAR + r"\s*\)?)?")
_P_PLAN = re.compile(r"\bke hoach(?: nam)?(?:\s*" + _YEAR + r")?\b|\bkh\b")

# words that carry no meaning of their own in a heading
_FILLER = re.compile(
    r"\b(?:nam|trong do|chia ra|trong|tong so|so|voi|den|ngay|thang|cua|va|theo|dau|tinh|luc|thoi diem|thuc hien)\b"
    r"|[:;,.%*()/=+-]|\d+"
)
_AREA_WORDS = re.compile(r"\b(ca nuoc|mien bac|mien nam|mien trung)\b")


@dataclass(frozen=True)
class Meaning:
    """What a column's figures are.

    ``role``: ``level`` (a figure of the period: an observation), ``comparison`` (this period against a base,
    in %), ``share`` (Cơ cấu: a part of the total, in %), ``difference`` (+/-), ``unit`` (the Đơn vị tính
    column), or ``unknown`` (``reason`` says why)."""

    role: str
    period: str = ""  # canonical period code of the figure (of the numerator for a comparison)
    value_type: str = "actual"  # actual | ytd
    status: str = ""  # estimate | preliminary | official; '' when the heading names none
    base: str = ""  # comparison base (SAME_PERIOD, PREVIOUS, DECEMBER, PLAN, 'base_year:2019')
    base_period: str = ""  # the base's own period code, when the heading names it
    measure: str = ""  # leftover words (ascii key): which family of indicators
    unit: str = ""  # a unit in the heading's parentheses, as written
    area: str = ""  # an area the heading names ('ca nuoc', 'mien bac')
    average: bool = False  # Bình quân: an average over the span
    reason: str = ""
    text: str = ""  # the heading as joined

    def describe(self) -> str:
        """A short English description for `iocw check`."""
        if self.role in ("unknown", "unit"):
            return self.role if not self.reason else f"{self.role}: {self.reason}"
        what = {"level": "value", "comparison": "index", "share": "share of total", "difference": "difference"}[
            self.role]
        vt = " year to date" if self.value_type == "ytd" else ""
        st = f" {self.status}" if self.status else ""
        base = f" against {self.base}" + (f" ({self.base_period})" if self.base_period else "") if self.base else ""
        extra = "".join(f" [{x}]" for x in (self.measure, self.area) if x)
        return f"{what} {self.period}{vt}{st}{base}{extra}"


@dataclass
class Context:
    """What a heading may leave out: the year and period the table's title names, and the file's latest month."""

    title_period: Period | None = None
    year: int | None = None
    units: list[str] = field(default_factory=list)


def _month(y: int, m: int, ytd: bool = False) -> Period | None:
    return Period(f"{y:04d}-{m:02d}", "month", ytd) if 1 <= m <= 12 else None


def _find_period(k: str, year: int | None) -> tuple[Period | None, str, bool]:
    """(period, text left, whether it was a span from the start of the year) of the first period in ``k``."""
    for pattern, kind in ((_P_SPAN, "span"), (_P_TO_DAY, "today"), (_P_DATE, "date"), (_P_MONTHS, "months"),
                          (_P_QUARTER, "quarter"), (_P_MONTH, "month"), (_P_MONTH_NUM, "month_num"),
                          (_P_SEASON, "season"), (_P_WHOLE_YEAR, "whole"), (_P_YEAR, "year")):
        m = pattern.search(k)
        if not m:
            continue
        g = m.groups()
        rest = (k[:m.start()] + " " + k[m.end():]).strip()
        if kind == "span":
            p = _month(int(g[2]), int(g[1]), ytd=True)
        elif kind == "today":
            p = _month(int(g[2]), int(g[1]))
        elif kind == "date":
            p = _month(int(g[2]), int(g[1]))
        elif kind == "months":
            n = int(g[0])
            y = int(g[1]) if g[1] else (_year_in(rest) or year)
            if y is None or not 1 <= n <= 12:
                continue
            if n == 12 and not _YTD_WORDS.search(k):
                return Period(f"{y}", "year"), _strip_year(rest, y), False
            return _month(y, n, ytd=True), _strip_year(rest, y) if not g[1] else rest, True
        elif kind == "quarter":
            y = int(g[1]) if g[1] else (_year_in(rest) or year)
            if y is None:
                continue
            q = _ROMAN.get(g[0]) or int(g[0])
            return Period(f"{y}-Q{q}", "quarter"), _strip_year(rest, y) if not g[1] else rest, False
        elif kind == "month":
            y = int(g[1] or g[2]) if (g[1] or g[2]) else (_year_in(rest) or year)
            if y is None:
                continue
            p = _month(y, int(g[0]))
            return p, _strip_year(rest, y) if not (g[1] or g[2]) else rest, False
        elif kind == "month_num":
            p = _month(int(g[1]), int(g[0]))
        elif kind in ("season", "whole"):
            y = int(g[0]) if g[0] else (_year_in(rest) or year)
            if y is None:
                continue
            return Period(f"{y}", "year"), _strip_year(rest, y) if not g[0] else rest, False
        else:
            p = Period(g[0], "year")
        if p is not None:
            return p, rest, kind == "span"
    return None, k, False


def _year_in(k: str) -> int | None:
    m = _P_YEAR.search(k)
    return int(m.group(1)) if m else None


def _strip_year(k: str, y: int) -> str:
    """The text without the year a period took from it (written apart: 'tháng 01 / năm / 2025')."""
    return re.sub(r"\b(?:nam\s*)?" + str(y) + r"\b", " ", k, count=1)


def _shift(code: str, years: int) -> str:
    return f"{int(code[:4]) + years:04d}{code[4:]}"


def _previous(p: Period) -> str:
    if p.kind == "month":
        y, m = int(p.code[:4]), int(p.code[5:])
        return f"{y - 1:04d}-12" if m == 1 else f"{y:04d}-{m - 1:02d}"
    if p.kind == "quarter":
        y, q = int(p.code[:4]), int(p.code[6])
        return f"{y - 1:04d}-Q4" if q == 1 else f"{y:04d}-Q{q - 1}"
    return _shift(p.code, -1)


def _classify_base(numerator: Period | None, base_text: str, year: int | None) -> tuple[str, str, str]:
    """(base kind, base period code, text left) of the part of a heading after 'so với'."""
    k = base_text
    m = _P_BASE_YEAR.search(k)
    if m:
        y = m.group(1) or _year_in(k[m.end():])
        rest = k[:m.start()] + " " + k[m.end():]
        if y:
            rest = _strip_year(rest, int(y))
        return (f"{BASE_YEAR}:{y}" if y else BASE_YEAR), "", rest
    m = _P_PLAN.search(k)
    if m:
        y = m.group(1) or (numerator.code[:4] if numerator else "")
        return PLAN, str(y or ""), k[:m.start()] + " " + k[m.end():]
    m = _P_PREVIOUS.search(k)
    if m and re.fullmatch(r"nam truoc", m.group(0)):  # 'so với (cùng kỳ) năm trước': the year before
        rest = re.sub(r"\bcung (?:ky|thoi diem)\b", " ", k[:m.start()] + " " + k[m.end():])
        return SAME_PERIOD, _shift(numerator.code, -1) if numerator else "", rest
    if m and "nam truoc" not in m.group(0):
        rest = k[:m.start()] + " " + k[m.end():]
        return PREVIOUS, _previous(numerator) if numerator else "", rest
    m = _P_SAME_PERIOD.search(k)
    if m:
        rest = k[:m.start()] + " " + k[m.end():]
        if m.group(1):
            rest = rest
        return SAME_PERIOD, _shift(numerator.code, -1) if numerator else "", rest
    base, rest, _span = _find_period(k, (numerator.year if numerator else year))
    if base is None:
        return "", "", k
    if numerator is None:
        return SAME_PERIOD if base.kind != "month" else "", base.code, rest
    if base.code == _shift(numerator.code, -1) or (base.kind == "year" and numerator.year - 1 == base.year):
        return SAME_PERIOD, _shift(numerator.code, -1), rest
    if base.code == _previous(numerator):
        return PREVIOUS, base.code, rest
    if base.kind == "month" and base.code == f"{numerator.year - 1:04d}-12":
        return DECEMBER, base.code, rest
    return "", base.code, rest


def _clean_measure(k: str) -> str:
    k = _FILLER.sub(" ", k)
    return " ".join(k.split())


def parse_heading(text: str, ctx: Context | None = None) -> Meaning:
    """The meaning of a column from its joined heading ``text`` (see the module's docstring)."""
    ctx = ctx or Context()
    raw = " ".join(str(text).split())
    k = ascii_key(raw).replace("–", "-")
    if not k:
        return Meaning("unknown", reason="cột không có tiêu đề — column without a heading", text=raw)
    if re.fullmatch(r"(?:don vi tinh|don vi|dvt|d\.v\.t\.?)\s*:?", k.strip(" .:")):
        return Meaning("unit", text=raw)
    year = ctx.year or (ctx.title_period.year if ctx.title_period else None)
    # units in parentheses: '(Tỷ đồng)', '(%)'; a year in parentheses is a base year, '(*)' a footnote mark
    unit = ""
    for m in _PARENS.finditer(raw):
        inner = m.group(1).strip()
        if inner and not re.fullmatch(r"\*+|(?:19|20)\d{2}|%", inner) and len(inner) <= 20:
            unit = unit or inner
    k = _PARENS.sub(lambda m: " " + m.group(1) + " " if re.fullmatch(
        r"\s*(?:19|20)\d{2}\s*", m.group(1)) else " ", k)
    area = ""
    am = _AREA_WORDS.search(k)
    if am:
        area, k = am.group(1), k[:am.start()] + " " + k[am.end():]
    status = ""
    for name, pattern in _STATUS:
        if pattern.search(k):
            status = status or name
            k = pattern.sub(" ", k)
    average = bool(_AVERAGE.search(k))
    k = _AVERAGE.sub(" ", k)
    ytd_word = bool(_YTD_WORDS.search(k))
    k = _YTD_WORDS.sub(" ", k)

    share = bool(_SHARE.search(k))
    difference = bool(_DIFFERENCE.search(k))
    cmp = _COMPARE.search(k)
    head, tail = (k[:cmp.start()], k[cmp.end():]) if cmp else (k, "")
    this = bool(_P_THIS.search(head))
    head = _P_THIS.sub(" ", head)
    same_level = None
    if not cmp:  # 'Thực hiện cùng kỳ năm trước': a level of the same period a year before
        sm = _P_SAME_PERIOD.search(head)
        if sm:
            same_level = sm
            head = head[:sm.start()] + " " + head[sm.end():]
    period, head, span = _find_period(head, year)
    if period is None and (this or same_level is not None or not cmp) and ctx.title_period is not None:
        period = ctx.title_period
        span = span or ctx.title_period.ytd
    if period is not None and same_level is not None:
        period = replace(period, code=_shift(period.code, -1))
    ytd = bool(period and (span or period.ytd or (ytd_word and period.kind == "month")))
    base = base_period = ""
    if cmp:
        base, base_period, tail = _classify_base(period, tail, year)
        if period is None or period is ctx.title_period:
            # 'Thực hiện so với kế hoạch năm 2008 (%)' over 'Tháng 2/2008': the period comes after the base
            later, tail2, span2 = _find_period(tail, year)
            if later is not None:
                period, tail, span = later, tail2, span2
                ytd = bool(span or later.ytd)
                if base == PLAN:
                    base_period = str(later.year)
        if period is None and ctx.title_period is not None:  # 'Tỷ lệ so với cùng kỳ năm trước (%)'
            period, span = ctx.title_period, ctx.title_period.ytd
            ytd = bool(span or (ytd_word and period.kind == "month"))
            if base == SAME_PERIOD and not base_period:
                base_period = _shift(period.code, -1)
        if not base and period is not None and not base_period and "cung ky" in k:
            base, base_period = SAME_PERIOD, _shift(period.code, -1)
    measure = _clean_measure(head + " " + tail)
    share_words = re.compile(r"\b(?:co cau|ty trong)\b")
    measure = " ".join(share_words.sub(" ", measure).split())
    meaning = Meaning(
        role="level", period=period.code if period else "", value_type="ytd" if ytd else "actual",
        status=status, base=base, base_period=base_period, measure=measure, unit=unit, area=area,
        average=average, text=raw,
    )
    if share:
        meaning = replace(meaning, role="share", unit="%")
    elif difference:
        meaning = replace(meaning, role="difference")
    elif cmp:
        if not base:
            return replace(meaning, role="unknown", reason=(
                f"không nhận ra kỳ gốc so sánh trong tiêu đề '{raw}' — comparison base not recognised"))
        meaning = replace(meaning, role="comparison", unit=meaning.unit or "%")
    if not meaning.period and meaning.role != "unknown":
        return replace(meaning, role="unknown", reason=(
            f"không nhận ra kỳ báo cáo trong tiêu đề cột '{raw}' và tiêu đề bảng không ghi kỳ "
            f"— no period in the column heading or the table title"))
    return meaning


def _title_periods(k: str, year: int | None) -> tuple[list[Period], str]:
    """Up to four periods a title's ascii key names, in order (``year`` for those that name none), and the
    text left once they are taken out."""
    periods: list[Period] = []
    for _ in range(4):
        p, rest, _span = _find_period(k, year)
        if p is None:
            break
        periods.append(p)
        k = rest
    return periods, k


def parse_title(text: str) -> tuple[Period | None, str]:
    """(the period a table's title names, its subject as an ascii key without numbering and periods).

    '2. Chỉ số sản xuất công nghiệp tháng 6 và 6 tháng năm 2024' -> (2024-06, 'chi so san xuat cong nghiep');
    '12. Đầu tư nước ngoài ... được cấp phép từ 01/01- 28/02/2025' -> (2025-02 year to date, ...)."""
    k = ascii_key(" ".join(str(text).split())).replace("–", "-")
    k = re.sub(r"^\s*(?:\d+|[ivx]+)\s*[.)]\s*", "", k)
    k = re.sub(r"\(\s*tiep theo\s*\)", " ", k)
    periods, rest = _title_periods(k, None)
    year = next((p.year for p in periods), None)
    if year is not None:  # 'tháng 02 và 2 tháng đầu năm 2008': the year named once serves both
        again, rest = _title_periods(k, year)
        periods = again or periods
    specific = [p for p in periods if p.kind == "month" and not p.ytd] or [p for p in periods if p.kind != "year"]
    chosen = (specific or periods or [None])[0]
    subject = re.sub(r"\b(?:va|cac|tren dia ban|cua mot so tinh, thanh pho)\b\s*$", "", rest)
    subject = re.sub(r"\b(?:phan theo|chia theo)\b.*$", "", subject)
    subject = re.sub(r"\b(?:duoc cap phep|cac quy)\b.*$|\btu\s+\d.*$", "", subject)
    subject = re.sub(r"[^a-z0-9 ]", " ", subject)
    season = re.search(r"\bvu (?:dong xuan|he thu|thu dong|mua)\b", k)  # a season names what, not only when
    if season and season.group(0) not in subject:
        subject += " " + season.group(0)
    return chosen, " ".join(subject.split())


def period_of(code: str) -> Period | None:
    """A canonical period code as a Period."""
    return parse_period(code)
