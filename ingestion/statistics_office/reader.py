"""The statistics office's monthly workbook ("Biểu số liệu") -> canonical rows, derived cells and problems.

Every numeric cell of every table gets one of these meanings (:class:`Cell.outcome`):

- ``observation``: a figure of an indicator, area, period, value type and status, loaded;
- ``index``: a figure that is itself the statistic (the IIP against the same period, the CPI against
  2019), loaded as an indicator of that kind (``<family>.<BASE>``, catalogue ``comparison_base``);
- ``derived``: a comparison (so với cùng kỳ / tháng trước / kế hoạch / kỳ gốc), a share (Cơ cấu), a
  difference (+/-), last year's figure (Thực hiện cùng kỳ năm trước) or the same figure printed twice:
  not loaded, handed over in the ``derived`` table (ingestion.workbook.DERIVED_SCHEMA) with its kind, and
  recomputed from the figures of its row where the file has them (``formula`` says how, and whether it
  agreed);
- ``unmapped``: no meaning could be given: a problem of the file (quarantined with sheet, cell, label and
  the catalogue's nearest rows as suggestions), never dropped silently.

Derived kinds (the ``kind`` of a derived cell): ``same_period_last_year`` (a level of the period a year
before: compared with the warehouse by dbt's cross-checks), ``vs_same_period``, ``vs_previous_period``,
``vs_december``, ``vs_base_year``, ``vs_plan`` (this period in % of that one), ``structure_share``
(in % of the table's total), ``difference`` (+/-), ``repeat`` (the same figure printed twice in the file).

Status and value type of a figure come from its column heading (:mod:`headings`). Two rules fill what a
heading leaves out: a year-to-date column without a status word ('Cộng dồn 2 tháng') takes the lowest
status of the months it adds up (an estimate for February makes the two months an estimate); a column
without one otherwise is official. '6 tháng' / '9 tháng' / 'Cộng dồn' are year-to-date figures (value type
``ytd`` at month 6, 9...), for flows and indices alike: the warehouse derives halves and quarters from
months itself, and a reported half would compete with that derivation.

Areas: a row naming the country, a region or a province ('CẢ NƯỚC', 'Bình Dương', 'TP. Hồ Chí Minh') is
that area (provinces as valid at the end of the file's latest period: 63 until 2025-06-30, 34 after), and
so are the rows under it; a column naming one ('Miền Bắc') is that area; otherwise the country (``VN``).
Partner countries and markets are members of an indicator (FDI by partner, visitors by market), not areas:
the warehouse's areas are administrative units a figure is *about*, and a partner is a breakdown of a
Vietnamese figure.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from ingestion.areas import areas
from ingestion.canonical import LABEL_PREFIX, Interpreted
from ingestion.canonical import Context as CanonicalContext
from ingestion.model import PROBLEM_COLUMNS, PROBLEMS_SCHEMA, ROWS_SCHEMA, ParseResult, Pending, problems_frame
from ingestion.periods import Period, parse_period, year_to_date
from ingestion.reference import Profile
from ingestion.spreadsheet import Grid, column_letter
from ingestion.statistics_office.catalogue import Topic, Vocabulary, label_key, vocabulary
from ingestion.statistics_office.headings import (
    BASE_YEAR,
    DECEMBER,
    PLAN,
    PREVIOUS,
    SAME_PERIOD,
    Context,
    Meaning,
    parse_heading,
    parse_title,
)
from ingestion.statistics_office.layout import Block, Row, SheetLayout, analyse
from ingestion.text import ascii_key

_GLOSS = " — "
_RANK = {"estimate": 0, "preliminary": 1, "official": 2}
_KIND_OF_BASE = {SAME_PERIOD: "vs_same_period", PREVIOUS: "vs_previous_period", DECEMBER: "vs_december",
                 PLAN: "vs_plan"}
OUTCOMES = ("observation", "index", "derived", "unmapped")


@dataclass
class Cell:
    """One numeric cell and what it was read as."""

    sheet: str
    row: int
    col: int
    value: float
    label: str
    heading: str
    outcome: str = "unmapped"
    indicator: str = ""
    area: str = ""
    period: str = ""
    value_type: str = ""
    status: str = ""
    unit: str = ""
    kind: str = ""  # derived kind
    formula: str = ""
    reason: str = ""
    suggestions: list[tuple[str, str]] = field(default_factory=list)
    #: for tools/catalogue/draft_national_catalogue.py: the family, member and unit a cell would have had
    draft: dict | None = None

    @property
    def ref(self) -> str:
        return f"{column_letter(self.col)}{self.row}"


@dataclass
class SheetReading:
    """What became of one sheet: its cells, and for `iocw check` its rows' and columns' meanings."""

    sheet: str
    cells: list[Cell] = field(default_factory=list)
    reason: str = ""  # the sheet could not be read at all (empty, no table): why
    columns: list[tuple[str, str, str]] = field(default_factory=list)  # (column, heading, meaning)
    rows: list[tuple[int, str, str, str]] = field(default_factory=list)  # (row, label, indicator, area)
    notes: list[dict] = field(default_factory=list)  # problems other than unmapped cells
    hidden: int = 0  # numeric cells in hidden sheets, columns or rows: not published, not counted

    def counts(self) -> dict[str, int]:
        c = {o: 0 for o in OUTCOMES}
        for x in self.cells:
            c[x.outcome] += 1
        c["total"] = len(self.cells)
        c["hidden"] = self.hidden
        return c


@dataclass
class Reading:
    """A whole workbook as the statistics-office reader sees it."""

    sheets: list[SheetReading]
    reference_period: str = ""

    @property
    def cells(self) -> list[Cell]:
        return [c for s in self.sheets for c in s.cells]

    def counts(self) -> dict[str, int]:
        total = {o: 0 for o in (*OUTCOMES, "total", "hidden")}
        for s in self.sheets:
            for k, v in s.counts().items():
                total[k] += v
        return total


# ======================================================================================================
# reading
# ======================================================================================================


def _reference_period(layouts: list[SheetLayout]) -> Period | None:
    """The file's latest month (or quarter, year) named by a table title or a column heading."""
    best: Period | None = None
    for lay in layouts:
        for b in lay.blocks:
            tp, _ = parse_title(b.title)
            cands = [tp] if tp else []
            year = tp.year if tp else None
            for c in b.columns:
                m = parse_heading(c.heading, Context(title_period=tp, year=year))
                if m.period:
                    cands.append(parse_period(m.period))
            for p in cands:
                if p is None:
                    continue
                # a month or quarter says when the file is from; a year ('các quý năm 2024') only if nothing does
                if best is None or (p.kind != "year", p.end, p.kind == "month") > (
                        best.kind != "year", best.end, best.kind == "month"):
                    best = p
    return best


def read_grids(grids: list[Grid]) -> Reading:
    """Every sheet of a workbook (layout, headings, rows -> a meaning for each numeric cell)."""
    layouts = [analyse(g) for g in grids]
    ref = _reference_period(layouts)
    vocab = vocabulary()
    reading = Reading([], ref.code if ref else "")
    for lay in layouts:
        reading.sheets.append(_read_sheet(lay, ref, vocab))
    _dedupe(reading)
    return reading


def _status_rank(s: str) -> int:
    return _RANK.get(s, 2)


def _fill_statuses(metas: list[Meaning]) -> list[Meaning]:
    """A year-to-date column without a status word takes the lowest status of the months it adds up."""
    from dataclasses import replace

    out = []
    for m in metas:
        if m.role == "level" and not m.status and m.value_type == "ytd" and parse_period(m.period):
            end = parse_period(m.period).end
            parts = [x.status or "official" for x in metas if x.role == "level" and x.measure == m.measure
                     and x.value_type == "actual" and parse_period(x.period) is not None
                     and parse_period(x.period).end.year == end.year and parse_period(x.period).end <= end]
            status = min(parts, key=_status_rank) if parts else "official"
            m = replace(m, status=status)
        elif m.role == "level" and not m.status:
            m = replace(m, status="official")
        out.append(m)
    return out


def _shift_year(code: str, years: int) -> str:
    return f"{int(code[:4]) + years:04d}{code[4:]}"


def _column_units(block: Block, metas: list[Meaning]) -> list[str]:
    """Each column's unit: its heading's, else the table's unit line (one per paired measure, in order)."""
    units = block.units
    level_measures: list[str] = []
    for m in metas:
        if m.role == "level" and m.measure not in level_measures:
            level_measures.append(m.measure)
    out = []
    for m in metas:
        if m.role in ("comparison", "share"):
            out.append("%")
        elif m.unit and not re.fullmatch(r"\*+", m.unit):
            out.append(m.unit)
        elif len(units) == 1:
            out.append(units[0])
        elif len(units) > 1 and m.measure in level_measures:
            i = level_measures.index(m.measure)
            out.append(units[i] if i < len(units) else "")
        elif len(units) > 1:
            out.append(units[-1] if re.search(r"\btri gia\b", m.measure) else units[0])
        else:
            out.append("")
    return out


def _row_area(label: str, on: str) -> str | None:
    code, _ = areas().resolve_national(label, on)
    return code


def _read_sheet(lay: SheetLayout, ref: Period | None, vocab: Vocabulary) -> SheetReading:
    out = SheetReading(lay.sheet, hidden=lay.hidden_numbers)
    heading_years: set[tuple[int, int]] = set()
    for b in lay.blocks:
        for (r, c) in lay.numbers:
            if b.band[0] <= r <= b.band[1] and 1990 <= lay.numbers[(r, c)] <= 2100 and \
                    float(lay.numbers[(r, c)]).is_integer():
                heading_years.add((r, c))
    covered: set[tuple[int, int]] = set()
    on = ref.end.isoformat() if ref else None
    prev_topic: Topic | None = None
    prev_headings: dict[int, str] = {}
    for b in lay.blocks:
        tp, subject = parse_title(b.title)
        topic = vocab.topic_of(subject) or (prev_topic if not subject or "tiep theo" in ascii_key(b.title) else None)
        year = tp.year if tp else (ref.year if ref else None)
        ctx = Context(title_period=tp or (ref if ref and ref.kind == "year" else None), year=year)
        metas = []
        for col in b.columns:
            m = parse_heading(col.heading, ctx)
            if m.role == "unknown" and col.index in prev_headings and col.heading:
                m2 = parse_heading(prev_headings[col.index] + " " + col.heading, ctx)
                m = m2 if m2.role != "unknown" else m
            metas.append(m)
        metas = _fill_statuses(metas)
        units = _column_units(b, metas)
        level_keys = {(m.measure, m.value_type, m.period, m.area) for m in metas if m.role == "level"}
        last_year = [m.role == "level" and (m.measure, m.value_type, _shift_year(m.period, 1), m.area) in level_keys
                     for m in metas]
        col_area = [(_row_area(m.area, on) if m.area else None) for m in metas]
        by_index = {col.index: i for i, col in enumerate(b.columns)}
        for col, m, lyr in zip(b.columns, metas, last_year, strict=True):
            what = ("last year's figure (same_period_last_year)" if lyr else m.describe())
            out.columns.append((column_letter(col.index), col.heading, what))
        prev_headings = {col.index: col.heading for col in b.columns}
        prev_topic = topic
        title_member = _title_member(subject, topic, vocab)
        if topic is None:
            out.notes.append(_note(lay.sheet, b.title_row, "tiêu đề bảng", b.title,
                                   f"không nhận ra chủ đề của bảng '{b.title}' trong cấu hình "
                                   f"(config/statistics_office.yml, topics){_GLOSS}table subject not recognised"))
        used: dict[tuple, Row] = {}
        for row in b.rows:
            if row.kind != "data":
                continue
            ident = _identify_row(row, topic, vocab, on, title_member)
            # a label the table uses again under another heading ('Số người chết' under 'Tai nạn giao thông'
            # and under 'Cháy, nổ'): the later row is qualified by its heading ('Cháy, nổ > Số người chết')
            k = (ident.measure, ident.member, ident.area)
            if not ident.reason and ident.member and k in used and not row.qualifier and topic is not None:
                heading = next((p for p in reversed(row.path) if label_key(p.label) and not _GROUPING.match(
                    label_key(p.label)) and not _pure_measure(label_key(p.label), topic)
                    and _row_area(p.label, on) is None), None)
                if heading is not None and [x.label for x in used[k].path] != [x.label for x in row.path]:
                    row.qualifier = heading.label
                    ident = _identify_row(row, topic, vocab, on, title_member)
            if not ident.reason:
                used.setdefault((ident.measure, ident.member, ident.area), row)
            out.rows.append((row.number, row.label or row.written, ident.describe(vocab, topic), ident.area or ""))
            for c, v in row.values.items():
                if not isinstance(v, float) or (row.number, c) in heading_years:
                    continue
                i = by_index.get(c)
                if i is None:
                    continue
                covered.add((row.number, c))
                cell = Cell(lay.sheet, row.number, c, v, row.label or row.written, b.columns[i].heading)
                _interpret(cell, row, ident, topic, metas[i], last_year[i], units[i], col_area[i], vocab, b)
                out.cells.append(cell)
            _recompute(out.cells, row, b, metas, by_index)
    # numbers outside any table's body (scratch figures in a heading band, a page number): unmapped
    for (r, c), v in sorted(lay.numbers.items()):
        if (r, c) in covered or (r, c) in heading_years:
            continue
        cell = Cell(lay.sheet, r, c, v, "", "")
        cell.reason = ("ô số nằm ngoài phần số liệu của bảng (trong dòng tiêu đề cột hoặc ngoài bảng)"
                       f"{_GLOSS}number outside a table's body") if lay.blocks else (lay.reason or "")
        out.cells.append(cell)
    if lay.reason:
        out.reason = lay.reason
        out.notes.append(_note(lay.sheet, 0, "", lay.sheet, lay.reason))
    return out


@dataclass
class RowIdentity:
    """What a body row is: its area, its member of the topic's families, a measure it names, or why not."""

    area: str | None = None
    member: str | None = None  # '' = the family itself (a total row)
    measure: str | None = None  # a measure suffix the row label selects
    topic: Topic | None = None
    reason: str = ""
    suggestions: list[tuple[str, str]] = field(default_factory=list)
    member_label: str = ""  # the label that should name the member, when it is not the row's own
    former: bool = False  # a province that no longer exists (config/areas.yml former_provinces)

    def describe(self, vocab: Vocabulary, topic: Topic | None) -> str:
        if self.reason:
            return "unmapped: " + self.reason
        t = self.topic or topic
        fam = vocab.family(t, self.measure or "") if t else "?"
        return fam + (f".{self.member}" if self.member else "") + (" (+ column measure/base)" if t else "")


def _title_member(subject: str, topic: Topic | None, vocab: Vocabulary) -> str | None:
    """A member the title names ('... lúa đông xuân phân theo địa phương': the rows are provinces)."""
    if topic is None:
        return None
    rest = subject
    for phrase in topic.titles:
        rest = rest.replace(phrase, " ")
    for pattern, _suffix in topic.measures:
        rest = pattern.sub(" ", rest)
    rest = re.sub(r"\b(?:va|nam|cua|mot so)\b", " ", rest)
    rest = " ".join(rest.split())
    if not rest:
        return None
    own = [c for c in vocab.aliases.get(label_key(rest), []) if vocab.member_of(c, topic)]
    return vocab.member_of(own[0], topic) if own else None  # only a member of the topic's own


@lru_cache(maxsize=1)
def _former_provinces() -> dict[str, str]:
    from ingestion.config import load_yaml

    return {label_key(k): str(v) for k, v in (load_yaml("areas.yml").get("former_provinces") or {}).items()}


_GROUPING = re.compile(r"^(?:phan theo|chia theo|chia ra|trong do|mat hang chu yeu|mot so)\b")


def _pure_measure(key: str, topic: Topic) -> bool:
    """Whether a label only names a measure of the topic ('Diện tích (Nghìn ha)', 'II. Luân chuyển')."""
    if not topic.measures or topic.measure_of(key) is None:
        return False
    rest = key
    for pattern, _s in topic.measures:
        rest = pattern.sub(" ", rest)
    return not re.sub(r"\b(?:khoi luong|tong so|tong)\b", " ", rest).split()


def _identify_row(row: Row, topic: Topic | None, vocab: Vocabulary, on: str | None,
                  title_member: str | None) -> RowIdentity:
    ident = RowIdentity(topic=topic)
    if topic is None:
        ident.reason = "bảng không rõ chủ đề — table subject not recognised"
        return ident
    # a switch: a section ('A. HÀNH KHÁCH') that turns the table to another topic
    for pattern, code in topic.switch:
        for r in [*row.path, row]:
            if pattern.search(label_key(r.label)):
                other = next((t for t in vocab.topics if t.code == code), None)
                if other is not None:
                    topic = other
                    ident.topic = other
    label = row.label
    key = label_key(label)
    former = _former_provinces().get(key)
    if former is not None:
        ident.reason, ident.former = f"{former}{_GLOSS}a former province the area register has no code for", True
        return ident
    as_period = parse_heading(label, Context()) if label else None
    if as_period is not None and as_period.role == "level" and as_period.period and not as_period.measure:
        ident.reason, ident.former = (f"dòng '{label}' là một kỳ báo cáo: bảng xếp kỳ theo dòng chưa được hỗ trợ"
                                      f"{_GLOSS}periods as rows are not supported yet"), True
        return ident
    own_area = _row_area(label, on) if label else None
    if own_area is not None:
        ident.area = own_area
    else:
        for p in reversed(row.path):
            a = _row_area(p.label, on) if p.kind == "data" else None
            if a is not None:
                ident.area = a
                break
    measure = topic.measure_of(key) if topic.measures else None
    if measure is not None:
        ident.measure = measure
    else:
        for p in reversed(row.path):
            pm = topic.measure_of(label_key(p.label)) if topic.measures else None
            if pm is not None:
                ident.measure = pm
                break
    candidates: list[str] = []
    if own_area is None and key:
        rest = key
        if measure is not None:  # 'Diện tích (Nghìn ha)' under 'Lúa đông xuân': the member is the parent's
            for pattern, _s in topic.measures:
                rest = pattern.sub(" ", rest)
            rest = " ".join(re.sub(r"\b(?:khoi luong|tong so|tong)\b", " ", rest).split())
        if rest and row.qualifier:  # a repeated label: only as qualified by the row it breaks down
            candidates.append(f"{row.qualifier} > {label}")
        elif rest:
            candidates.append(label)
            if rest != key:
                candidates.append(rest)
    for cand in candidates:
        ck = label_key(cand)
        if ck in vocab.totals or ck in topic.titles or any(ck == t.split(" va ")[0] for t in topic.titles):
            ident.member = ""
            return ident
        found = vocab.members(cand, topic)
        if found:
            ident.member = found[0]
            return ident
    # the row names no member itself: a province row (the family at that area), a measure row under a member
    if own_area is not None or (measure is not None and not candidates):
        for p in reversed(row.path):
            pk = label_key(p.label)
            if not pk or _row_area(p.label, on) is not None or _pure_measure(pk, topic):
                continue
            if pk in vocab.totals or _GROUPING.match(pk):
                break
            found = vocab.members(p.label, topic)
            if found:
                ident.member = found[0]
                return ident
            if own_area is None:  # 'Diện tích' under 'Lúa cả năm': the parent is the member, not yet known
                ident.reason = (f"tên dòng '{p.written or p.label}' (dòng {p.number}, bao dòng '{row.label}') không "
                                f"khớp tên gọi nào của các chỉ tiêu '{topic.code}' (reference/indicator_aliases.csv)"
                                f"{_GLOSS}row label not in the catalogue's aliases")
                ident.suggestions = vocab.suggest(p.label, topic)
                ident.member_label = p.label
                return ident
            break
        ident.member = title_member or ""
        return ident
    if title_member is not None and not key:
        ident.member = title_member
        return ident
    ident.reason = (f"tên dòng '{row.written or label}' không khớp tên gọi nào của các chỉ tiêu '{topic.code}' "
                    f"(reference/indicator_aliases.csv){_GLOSS}row label not in the catalogue's aliases")
    ident.suggestions = vocab.suggest(label, topic)
    return ident


def _interpret(cell: Cell, row: Row, ident: RowIdentity, topic: Topic | None, m: Meaning, last_year: bool,
               unit: str, col_area: str | None, vocab: Vocabulary, block: Block) -> None:
    """Give one numeric cell its meaning (see the module's docstring)."""
    if m.role == "unknown":
        cell.reason = f"{m.reason}"
        return
    if m.role == "unit":
        cell.reason = f"số trong cột đơn vị tính{_GLOSS}a number in the unit column"
        return
    topic = ident.topic or topic
    if topic is None or ident.former:
        cell.reason, cell.suggestions = ident.reason, ident.suggestions
        return
    col_measure = topic.measure_of(m.measure) if (topic.measures and m.measure) else None
    measure = col_measure if col_measure not in (None, "") else (ident.measure or col_measure or "")
    member = ident.member or ""
    cell.area = ident.area or col_area or "VN"
    cell.period, cell.value_type = m.period, m.value_type
    unit = row.unit or unit if m.role == "level" else unit
    if m.role == "level" and row.paired_units:
        unit = row.paired_units[0] if measure == "LUONG" else row.paired_units[-1]
    if m.role == "level" and row.units.get(cell.col):
        unit = row.units[cell.col]
    cell.unit = _normalise_unit(unit)
    index = m.role == "comparison" and (topic.index or vocab.family(topic, measure, m.base) + (
        f".{member}" if member else "") in vocab.indicators)
    cell.draft = {"topic": topic.code, "family": vocab.family(topic, measure, m.base if index else ""),
                  "measure": measure, "base": m.base if index else "", "member": None if ident.reason else member,
                  "label": ident.member_label or (f"{row.qualifier} > {row.label}" if row.qualifier else row.label),
                  "unit": "%" if index else cell.unit, "period": m.period,
                  "loaded": m.role == "level" and not last_year or bool(index)}
    if ident.reason:
        cell.reason, cell.suggestions = ident.reason, ident.suggestions
        return
    level_code = vocab.family(topic, measure) + (f".{member}" if member else "")
    if m.role == "level":
        if last_year:
            cell.outcome, cell.kind, cell.indicator = "derived", "same_period_last_year", level_code
            return
        if level_code not in vocab.indicators:
            cell.indicator = level_code
            cell.reason = (f"chỉ tiêu '{level_code}' (dòng '{row.written or row.label}', cột '{m.text}') chưa có "
                           f"trong danh mục (reference/indicators_national.csv){_GLOSS}indicator not in the catalogue")
            cell.suggestions = vocab.suggest(row.label, topic, vocab.family(topic, measure))
            return
        cell.outcome, cell.indicator, cell.status = "observation", level_code, m.status or "official"
        return
    if m.role == "comparison":
        index_code = vocab.family(topic, measure, m.base) + (f".{member}" if member else "")
        if topic.index or index_code in vocab.indicators:
            if index_code not in vocab.indicators:
                cell.indicator = index_code
                cell.reason = (f"chỉ số '{index_code}' (dòng '{row.written or row.label}', cột '{m.text}') chưa có "
                               f"trong danh mục{_GLOSS}index indicator not in the catalogue")
                cell.suggestions = vocab.suggest(row.label, topic, vocab.family(topic, measure, m.base))
                return
            cell.outcome, cell.indicator, cell.status = "index", index_code, m.status or "official"
            cell.unit = "%"
            return
        kind = _KIND_OF_BASE.get(m.base) or ("vs_base_year" if m.base.startswith(BASE_YEAR) else "vs_same_period")
        cell.outcome, cell.kind, cell.indicator = "derived", kind, level_code
        return
    cell.outcome = "derived"
    cell.kind = "structure_share" if m.role == "share" else "difference"
    cell.indicator = level_code


def _normalise_unit(unit: str) -> str:
    """'1000 tấn' -> 'nghìn tấn', 'Nghìn \\ntỷ đồng' -> 'Nghìn tỷ đồng' (the scale words units.yml knows)."""
    u = " ".join(str(unit or "").split())
    u = re.sub(r"^\s*1[.,]?000\s+", "nghìn ", u)
    u = re.sub(r"(?i)^(?:đơn vị tính|đvt)\s*:\s*", "", u)
    return u.strip(" .")


def _recompute(cells: list[Cell], row: Row, block: Block, metas: list[Meaning], by_index: dict[int, int]) -> None:
    """Recompute a row's comparisons from its own figures where it has both ends ('=D9/C9*100')."""
    mine = [c for c in cells if c.row == row.number and c.sheet == cells[-1].sheet] if cells else []
    levels = {}
    for c in mine:
        m = metas[by_index[c.col]]
        if m.role == "level":
            levels[(m.measure, m.value_type, m.period)] = c
    for c in mine:
        if c.outcome != "derived" or not c.kind.startswith("vs_"):
            continue
        m = metas[by_index[c.col]]
        num = levels.get((m.measure, m.value_type, m.period))
        base_period = m.base_period or (_shift_year(m.period, -1) if m.base == SAME_PERIOD else "")
        den = levels.get((m.measure, m.value_type, base_period)) if base_period else None
        if num is None or den is None or not den.value:
            continue
        expected = num.value / den.value * 100
        ok = math.isclose(expected, c.value, rel_tol=0.005, abs_tol=0.15)
        c.formula = f"={num.ref}/{den.ref}*100 = {expected:.2f} ({'ok' if ok else 'differs'})"


def _same_figure(a: float, b: float) -> bool:
    """The same figure printed twice, possibly rounded once (35.2564 and 35)."""
    if math.isclose(a, b, rel_tol=1e-3, abs_tol=1e-9):
        return True
    for rounded, precise in ((a, b), (b, a)):
        for digits in (0, 1, 2):
            if round(rounded, digits) == rounded and round(precise, digits) == rounded:
                return True
    return False


def _dedupe(reading: Reading) -> None:
    """The same key twice in a file (a figure repeated: 'Dầu thô' as a sector and as a product): the first
    is loaded, a later equal one is a derived 'repeat', a later different one is unmapped."""
    first: dict[tuple, Cell] = {}
    for c in reading.cells:
        if c.outcome not in ("observation", "index"):
            continue
        k = (c.indicator, c.area, c.period, c.value_type)
        if k not in first:
            first[k] = c
            continue
        f = first[k]
        if _same_figure(f.value, c.value):  # printed twice, rounded once
            c.outcome, c.kind, c.formula = "derived", "repeat", f"={f.sheet}!{f.ref}"
        else:
            c.outcome = "unmapped"
            c.reason = (f"cùng chỉ tiêu {c.indicator}, địa bàn {c.area}, kỳ {c.period} đã có ở ô {f.sheet}!{f.ref} "
                        f"với giá trị khác ({f.value:g} và {c.value:g}){_GLOSS}the same figure twice with different "
                        "values")


# ======================================================================================================
# the pipeline's shapes: canonical rows (through ingestion.canonical), derived cells, problems
# ======================================================================================================


def _note(sheet: str, row: int, column: str, raw: str, reason: str, severity: str = "warning") -> dict:
    return {"sheet": sheet, "row_number": int(row), "column_name": column, "raw_value": raw, "reason": reason,
            "severity": severity}


def _raw_frame(reading: Reading) -> pd.DataFrame:
    loaded = [c for c in reading.cells if c.outcome in ("observation", "index")]
    if not loaded:
        return pd.DataFrame()
    fields = {
        "code": [c.indicator for c in loaded],
        "area_code": [c.area for c in loaded],
        "period": [c.period for c in loaded],
        "value_type": [c.value_type for c in loaded],
        "status": [c.status for c in loaded],
        "value": [c.value for c in loaded],
        "unit": [c.unit or None for c in loaded],
        "sheet": [c.sheet for c in loaded],
        "row_number": [c.row for c in loaded],
    }
    cell_label = [f"{c.ref} ({c.heading})" if c.heading else c.ref for c in loaded]
    row_label = [c.label for c in loaded]
    fields.update({LABEL_PREFIX + f: cell_label for f in ("value", "period", "value_type", "status", "unit")})
    fields.update({LABEL_PREFIX + f: row_label for f in ("code", "name", "area_code", "area_name")})
    block = np.empty((len(loaded), len(fields)), dtype=object)
    for i, values in enumerate(fields.values()):
        block[:, i] = values
    return pd.DataFrame(block, columns=list(fields), dtype=object, copy=False)


def _stored_key(value_type: str, period: str) -> tuple[str, str]:
    if value_type != "ytd" or not parse_period(period):
        return value_type, period
    to_date = year_to_date(parse_period(period).code)
    return ("ytd" if to_date.ytd else "actual"), to_date.code


def derived_table(reading: Reading) -> pa.Table:
    from ingestion.workbook import DERIVED_SCHEMA

    d = [c for c in reading.cells if c.outcome == "derived"]
    # the key each cell's figure is stored under: a year to date through March, June or December is the
    # quarter's, half's or year's own figure (ingestion/periods.py, first_months)
    keys = [_stored_key(c.value_type, c.period) for c in d]
    return pa.table({
        "sheet": [c.sheet for c in d], "row_number": [c.row for c in d],
        "column_name": [c.heading for c in d], "cell": [c.ref for c in d],
        "indicator_code": [c.indicator for c in d], "area_code": [c.area for c in d], "kind": [c.kind for c in d],
        "period_code": [k[1] for k in keys], "value_type": [k[0] for k in keys],
        "formula": [c.formula for c in d], "value": pa.array([c.value for c in d], pa.float64()),
        "raw_value": [repr(c.value) if not float(c.value).is_integer() else str(int(c.value)) for c in d],
    }, schema=DERIVED_SCHEMA)


def problems(reading: Reading) -> list[dict]:
    """The file's problems: per sheet its notes, one error per row whose figures got no meaning (the cells,
    the label, suggestions), a warning per column whose heading was not understood."""
    out: list[dict] = []
    for s in reading.sheets:
        out.extend(s.notes)
        by_row: dict[tuple[int, str], list[Cell]] = defaultdict(list)
        for c in s.cells:
            if c.outcome == "unmapped":
                by_row[(c.row, c.reason)].append(c)
        for (row, reason), cells in by_row.items():
            refs = cells[0].ref if len(cells) == 1 else f"{cells[0].ref}:{cells[-1].ref}"
            hint = ""
            if cells[0].suggestions:
                sug = "; ".join(f"{code} ({name})" for code, name in cells[0].suggestions)
                hint = f" Gợi ý: {sug}. Thêm dòng vào reference/indicator_aliases.csv: " \
                       f"\"{cells[0].label}\",{cells[0].suggestions[0][0]}"
            out.append(_note(s.sheet, row, refs, cells[0].label or ", ".join(str(c.value) for c in cells[:3]),
                             f"{reason}{hint} ({len(cells)} ô số)", "error"))
    return out


def prepare(grids: list[Grid], profile: Profile) -> Pending | None:
    """The statistics-office sheets of a file as far as they can be read alone: None when none of them
    holds a table (the caller then refuses the file); ``Pending.assemble`` makes the ParseResult."""
    reading = read_grids(grids)
    if not any(s.cells for s in reading.sheets) or not any(c.outcome != "unmapped" for c in reading.cells):
        return None
    raw = _raw_frame(reading)
    derived = derived_table(reading)
    notes = problems(reading)
    ctx = CanonicalContext(profile=profile, columns={}, empty_value_is_missing=False)
    order = {s.sheet: i for i, s in enumerate(reading.sheets)}

    def assemble(done: list[Interpreted]) -> ParseResult:
        table = done[0].rows if done else ROWS_SCHEMA.empty_table()
        found = done[0].problems if done else PROBLEMS_SCHEMA.empty_table()
        frame = found.to_pandas() if found.num_rows else problems_frame([])
        allp = pd.concat([problems_frame(notes), frame], ignore_index=True) if notes else frame
        if len(allp) > 1:
            allp = allp.assign(_o=allp["sheet"].map(order)).sort_values(["_o", "row_number"], kind="stable").drop(
                columns="_o")
        result = ParseResult(table, allp[PROBLEM_COLUMNS].reset_index(drop=True), "GSO", derived=derived)
        result.notes.append(f"statistics office workbook, reference period {reading.reference_period}")
        return result

    return Pending([(raw, ctx)] if len(raw) else [], assemble)


# ======================================================================================================
# what `iocw check` shows, and the coverage figures
# ======================================================================================================


def read_file(path: Path) -> Reading:
    """A workbook file read by this reader alone (for `iocw check` and coverage figures)."""
    from ingestion.files import sniff
    from ingestion.spreadsheet import load_excel

    with open(path, "rb") as fh:
        head = fh.read(65536)
    kind = sniff(Path(path), head)
    return read_grids(load_excel(Path(path), "xlsx" if kind == "xlsx" else "ole2"))


def coverage_lines(reading: Reading, name: str = "") -> list[str]:
    """Per sheet: numeric cells, loaded, index, derived, unmapped, and the share with a meaning."""
    lines = [f"{name}  (reference period {reading.reference_period})",
             f"  {'sheet':32} {'numeric':>7} {'loaded':>7} {'index':>6} {'derived':>7} {'unmapped':>8} {'meaning':>7}"
             f" {'hidden':>6}"]
    for s in reading.sheets:
        c = s.counts()
        share = 100 * (c["total"] - c["unmapped"]) / c["total"] if c["total"] else 100.0
        lines.append(f"  {s.sheet[:32]:32} {c['total']:7d} {c['observation']:7d} {c['index']:6d} {c['derived']:7d} "
                     f"{c['unmapped']:8d} {share:6.1f}% {c['hidden']:6d}"
                     + (f"  ({s.reason})" if s.reason and c["total"] else ""))
    c = reading.counts()
    share = 100 * (c["total"] - c["unmapped"]) / c["total"] if c["total"] else 100.0
    lines.append(f"  {'TOTAL':32} {c['total']:7d} {c['observation']:7d} {c['index']:6d} {c['derived']:7d} "
                 f"{c['unmapped']:8d} {share:6.1f}% {c['hidden']:6d}")
    return lines


def explain_lines(reading: Reading, max_rows: int = 200) -> list[str]:
    """Per sheet: which columns are which period, value type, status or comparison; which rows became which
    indicator and area; what was left unmapped and why, with an alias line to paste."""
    lines: list[str] = []
    for s in reading.sheets:
        c = s.counts()
        lines.append(f"sheet '{s.sheet}': {c['total']} numeric cells, {c['observation']} loaded, {c['index']} index, "
                     f"{c['derived']} derived, {c['unmapped']} unmapped" + (f" — {s.reason}" if s.reason else ""))
        for letter, heading, meaning in s.columns:
            lines.append(f"  column {letter}: {heading!r} -> {meaning}")
        for row, label, indicator, area in s.rows[:max_rows]:
            lines.append(f"  row {row}: {label!r} -> {indicator}" + (f" @ {area}" if area else ""))
        unmapped: dict[tuple[int, str], list[Cell]] = defaultdict(list)
        for cell in s.cells:
            if cell.outcome == "unmapped":
                unmapped[(cell.row, cell.reason)].append(cell)
        for (_row, reason), cells in unmapped.items():
            refs = ",".join(x.ref for x in cells[:6]) + ("…" if len(cells) > 6 else "")
            lines.append(f"  UNMAPPED {refs} {cells[0].label!r}: {reason}")
            if cells[0].suggestions:
                code, name = cells[0].suggestions[0]
                lines.append(f"    suggestion: {code} ({name}); paste into reference/indicator_aliases.csv:")
                lines.append(f'    "{cells[0].label}",{code},')
    return lines


def check_report(path: Path) -> dict:
    """What `iocw check` adds for a statistics-office workbook: per sheet the coverage counts, and the lines
    explaining columns, rows and what was left unmapped (with alias lines to paste)."""
    reading = read_file(Path(path))
    return {
        "reference_period": reading.reference_period,
        "sheets": [{"sheet": s.sheet, **s.counts(), "reason": s.reason} for s in reading.sheets],
        "lines": coverage_lines(reading, Path(path).name) + explain_lines(reading),
    }
