"""The layout of a statistics-office sheet, inferred from its cells: its tables, their headings, rows, units.

A sheet of the office's monthly workbook holds one table or a table and its continuation ("(Tiếp theo)"),
none of them with a 'Chỉ tiêu' header row:

    A1  2. Chỉ số sản xuất công nghiệp phân theo ngành công nghiệp       <- title (the table's subject)
    E2                                                            %     <- unit, top right
    B3..E7  Tháng 01 | Tháng 02 | ... split word by word over rows      <- header band
    A9  Toàn ngành công nghiepp | 99.04 | 97.77 | ...                    <- body: label columns, value columns
    A10 Khai khoáng ...

Nothing is at a fixed place. What is inferred, in order:

1. text cells decoded from TCVN3/VNI where they were typed in a legacy font (:mod:`legacy_text`);
2. the *value columns*: those where numbers outnumber words; the columns left of the first of them hold
   the row labels (indentation = which of them, and leading spaces), one of them possibly the unit
   (its heading 'Đơn vị tính', or ditto marks '"');
3. each row's kind: ``data`` (a label and figures), ``section`` (a label only: 'Phân theo địa phương',
   'MẶT HÀNG CHỦ YẾU'), ``header`` (words or years in the value columns, no label), ``blank``;
4. *tables* (blocks): title lines, a header band, then body rows until the next header band; the
   heading of each value column joined from the band top to bottom, a merged cell or a group heading
   ('Tháng 02 năm 2025 so với:') standing over each column below it;
5. units: a line 'Đơn vị tính: X' or a lone unit in the top-right cell (two units 'Nghìn tấn; Triệu USD'
   for paired columns), a unit column with ditto marks, '(Tỷ đồng)' at the end of a label or in a heading,
   a parent row's unit ('I. Vận chuyển (Nghìn HK)'), unit cells on a section row ('A. HÀNH KHÁCH' |
   'Nghìn HK' | 'Triệu HK.km'), a footnote '(*) Nghìn chiếc, triệu USD' for the rows marked (*).

The layout is geometry and words only; what the figures mean is for :mod:`headings` and :mod:`reader`.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field

from ingestion.spreadsheet import Grid
from ingestion.statistics_office.legacy_text import _EVIDENCE, decode_legacy
from ingestion.text import ascii_key

_EMPTY_MARKERS = {"-", "--", "---", "x", "…", "...", "..", ".", "kph", "k.ps", "n/a", "*"}
_UNIT_WORDS = re.compile(
    r"^(?:don vi tinh\s*:?\s*)?(?:%|‰|(?:(?:nghin|ngan|trieu|ty|ti|tram|1000|1\.000)\s+)*(?:ty dong|dong|usd|"
    r"nghin usd|trieu usd|tan|ha|luot nguoi|luot khach|luot|nguoi|doanh nghiep|dn|du an|chiec|cai|con|m3|m2|"
    r"lit|kwh|bao|doi|vien|qua|cay|hk|hk\.km|tan\.km|ta/ha|lao dong|ho|km|tau|diem|so|hoc sinh|ca|vu|m|"
    r"ty kwh|trieu kwh|tr\.d|trd|lan|%/nam))\s*$"
)
_UNIT_PREFIX = re.compile(r"^\s*(?:đơn vị tính|don vi tinh|đvt|dvt)\s*[:：]\s*", re.IGNORECASE)
_TRAILING_UNIT = re.compile(r"\(([^()]{1,30})\)\s*$")
_NUMBERING = re.compile(r"^\s*(?:(?:[IVX]+|[A-Za-z]|\d+(?:\.\d+)*)\s*[.)/-]\s+|[-+–•*]\s*)")
_TRONG_DO = re.compile(r"^\s*(?:trong đó|trong do|chia ra|gồm|trđ)\s*[:：]?\s*", re.IGNORECASE)
_OUTER_NUMBERING = re.compile(r"^\s*(?:[IVX]+|[A-Z])\s*[.)]\s+\S")
_FOOTNOTE_MARK = re.compile(r"\(\s*\*+\s*\)|\*+$")


def is_number(v: object) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and not (isinstance(v, float) and math.isnan(v))


def is_unit_text(text: str) -> bool:
    """Whether a cell's text names a unit of measure ('Nghìn ha', 'Đơn vị tính: %', 'Triệu HK.km')."""
    k = ascii_key(text).strip(" :.()")
    if not k:
        return False
    parts = [p.strip() for p in re.split(r"[;,]", _UNIT_PREFIX.sub("", k)) if p.strip()]
    return bool(parts) and all(_UNIT_WORDS.match(p) for p in parts)


def split_units(text: str) -> list[str]:
    """'Đơn vị tính: Nghìn tấn; Triệu USD' -> ['Nghìn tấn', 'Triệu USD']."""
    t = _UNIT_PREFIX.sub("", " ".join(text.split()))
    return [p.strip(" .") for p in re.split(r"[;,]", t) if p.strip(" .")]


@dataclass
class Column:
    """A value column of a table: where it is and its heading as joined from the band."""

    index: int
    heading: str
    parts: list[str] = field(default_factory=list)  # the band's texts, top to bottom
    unit: str = ""  # its unit when the table's unit line gives one per column


@dataclass
class Row:
    """A body row of a table."""

    number: int  # sheet row number (1-based)
    kind: str  # data | section
    label: str  # as shown, numbering and 'Trong đó:' removed, unit in parentheses removed
    written: str  # the label cells as written (decoded), for messages
    indent: int  # label column * 100 + leading spaces: larger is deeper
    unit: str = ""  # the unit its label, unit cell, parent or footnote gives
    units: dict[int, str] = field(default_factory=dict)  # per value column (unit cells on a section row)
    values: dict[int, object] = field(default_factory=dict)  # value column -> cell (number or text)
    path: list[Row] = field(default_factory=list)  # enclosing rows, outermost first
    in_part: bool = False  # written under 'Trong đó:' (a part of the row above, not a breakdown of it)
    footnote: bool = False  # its label carries a (*) mark
    paired_units: list[str] = field(default_factory=list)  # units of a (*) footnote, one per paired measure
    #: a label the table has used before, repeated under another row ('Cá' under 'Nuôi trồng' after 'Cá'
    #: under the total): that row's label, which the member is qualified by ('Nuôi trồng > Cá')
    qualifier: str = ""

    @property
    def section(self) -> str:
        """The nearest enclosing section heading ('Phân theo địa phương'), '' if none."""
        return next((r.label for r in reversed(self.path) if r.kind == "section"), "")


@dataclass
class Block:
    """One table of a sheet: a title, a header band, value columns and body rows."""

    title: str
    title_row: int
    band: tuple[int, int]  # first and last sheet row of the header band
    columns: list[Column]
    rows: list[Row]
    units: list[str] = field(default_factory=list)  # the table's unit line (one, or one per paired column)
    label_columns: list[int] = field(default_factory=list)
    unit_column: int | None = None


@dataclass
class SheetLayout:
    sheet: str
    blocks: list[Block]
    numbers: dict[tuple[int, int], float]  # every numeric cell of the sheet: (row number, column) -> value
    legacy: int = 0  # cells decoded from a legacy encoding
    hidden_numbers: int = 0  # numeric cells the workbook hides (a hidden sheet, column or row): not published
    reason: str = ""  # why no table was found (the sheet is then skipped, with this reason)
    first_value_column: int | None = None


def _cell_text(v: object, prior: bool) -> str | None:
    if v is None:
        return None
    if isinstance(v, str):
        t = v.strip()
        if not t:
            return None
        return decode_legacy(t, prior) if prior or any(ch in _EVIDENCE for ch in t) else t
    if isinstance(v, (dt.datetime, dt.date)):
        return f"tháng {v.month}/{v.year}"
    if is_number(v):
        return str(int(v)) if float(v).is_integer() else str(v)
    return str(v)


def _year_like(v: object) -> bool:
    return is_number(v) and float(v).is_integer() and 1990 <= v <= 2100


def analyse(grid: Grid) -> SheetLayout:
    """The tables of one sheet (see the module's docstring)."""
    cells = grid.cells
    numbers: dict[tuple[int, int], float] = {}
    if cells.empty:
        return SheetLayout(grid.sheet, [], numbers, reason="trang trống — empty sheet")
    a = cells.to_numpy(dtype=object)
    rn = [int(x) for x in cells.index]
    height, width = a.shape
    # what the workbook hides is not published: a hidden sheet, hidden columns and rows (scratch figures)
    hidden_count = 0
    if grid.hidden or grid.hidden_columns or grid.hidden_rows:
        a = a.copy()
        for r in range(height):
            for c in range(width):
                if grid.hidden or c in grid.hidden_columns or rn[r] in grid.hidden_rows:
                    hidden_count += is_number(a[r, c])
                    a[r, c] = None
        if grid.hidden:
            return SheetLayout(grid.sheet, [], numbers, hidden_numbers=hidden_count,
                               reason=f"trang '{grid.sheet}' bị ẩn trong bảng tính, không phải số liệu công bố"
                                      f" — hidden sheet, not published")
    raw_texts = [(r, c, v) for r in range(height) for c in range(width) if isinstance(v := a[r, c], str) and v.strip()]
    prior = any(any(ch in _EVIDENCE for ch in v) for _, _, v in raw_texts)
    text: dict[tuple[int, int], str] = {}
    lead: dict[tuple[int, int], int] = {}  # leading spaces of a label: its indentation
    legacy = 0
    for r, c, v in raw_texts:
        t = _cell_text(v, prior)
        if t:
            text[(r, c)] = t
            lead[(r, c)] = len(v) - len(v.lstrip(" \u00a0\t"))
            legacy += t != v.strip()
    for r in range(height):
        for c in range(width):
            v = a[r, c]
            if is_number(v):
                numbers[(rn[r], c)] = float(v)
            elif isinstance(v, (dt.datetime, dt.date)):
                text[(r, c)] = _cell_text(v, prior) or ""
    layout = SheetLayout(grid.sheet, [], numbers, legacy, hidden_count)
    # --- value columns: numbers (not years) outnumber words; the label columns are left of the first
    n_num = [0] * width
    n_txt = [0] * width
    for (_row, c), v in numbers.items():
        if not _year_like(v):
            n_num[c] += 1
    for (_r, c), t in text.items():
        if t.strip() not in _EMPTY_MARKERS:
            n_txt[c] += 1
    first = next((c for c in range(width) if n_num[c] >= 2 and n_num[c] >= 0.5 * n_txt[c]), None)
    if first is None or first == 0 and not any(n_txt[c] for c in range(1, width)):
        what = "chỉ có số trang hoặc vài ô số" if numbers else "không có số liệu"
        layout.reason = (f"trang '{grid.sheet}' không có bảng số liệu ({what}) — no table on this sheet")
        return layout
    layout.first_value_column = first
    label_cols = list(range(first))
    value_cols = [c for c in range(first, width) if n_num[c] > 0 or n_txt[c] > 0]

    def label_cells(r: int) -> list[tuple[int, str]]:
        return [(c, text[(r, c)]) for c in label_cols if (r, c) in text]

    def value_cells(r: int) -> tuple[list[int], list[int]]:
        nums = [c for c in value_cols if is_number(a[r, c])]
        txts = [c for c in value_cols if (r, c) in text and text[(r, c)].strip() not in _EMPTY_MARKERS]
        return nums, txts

    kinds: list[str] = []
    for r in range(height):
        labels = label_cells(r)
        nums, txts = value_cells(r)
        markers = [c for c in value_cols if (r, c) in text and text[(r, c)].strip() in _EMPTY_MARKERS]
        years = bool(nums) and all(_year_like(a[r, c]) for c in nums)
        if not labels and not nums and not txts and not markers:
            kinds.append("blank")
        elif not labels:
            kinds.append("header" if (txts or years) else ("data" if nums else "blank"))
        elif nums and not (years and txts):
            kinds.append("data")
        elif txts and not nums:
            kinds.append("section" if all(is_unit_text(text[(r, c)]) for c in txts) else "header")
        elif markers and not nums:
            kinds.append("data")
        else:
            kinds.append("header" if txts else "section")
    # label cells that are headings of the label area ('Chỉ tiêu', 'Đơn vị tính') sit in header rows
    blocks = _blocks(kinds)
    if not blocks:
        layout.reason = (f"trang '{grid.sheet}' có số nhưng không có dòng tiêu đề cột — no column headings found")
        return layout
    merges = [((r0 + 1 - rn[0], c0), (r1 + 1 - rn[0], c1)) for (r0, c0), (r1, c1) in (grid.merged or [])]
    for pre, band, body in blocks:
        layout.blocks.append(_block(a, rn, text, kinds, pre, band, body, label_cols, value_cols, merges, lead))
    return layout


def _blocks(kinds: list[str]) -> list[tuple[list[int], tuple[int, int], list[int]]]:
    """(title rows, header band (first, last) positions, body rows) of each table, from the row kinds."""
    out = []
    r, n = 0, len(kinds)
    pending: list[int] = []
    while r < n:
        if kinds[r] != "header":
            pending.append(r)
            r += 1
            continue
        b0 = r
        b1 = r
        while r < n and kinds[r] in ("header", "blank"):
            if kinds[r] == "header":
                b1 = r
            r += 1
        body = []
        while r < n and kinds[r] != "header":
            body.append(r)
            r += 1
        # rows after the last data row that lead into the next band are that table's title lines
        tail: list[int] = []
        if r < n:
            last_data = max((i for i in body if kinds[i] == "data"), default=None)
            tail = [i for i in body if last_data is None or i > last_data]
            body = [i for i in body if i not in tail]
        if any(kinds[i] == "data" for i in body):
            out.append((pending, (b0, b1), body))
        pending = tail
    return out


def _block(a, rn, text, kinds, pre, band, body, label_cols, value_cols, merges, lead) -> Block:
    b0, b1 = band
    body_values = {c for r in body if kinds[r] == "data" for c in value_cols if is_number(a[r, c])}
    title_lines = [text[(r, c)] for r in pre for c in label_cols[:2] or [0] if (r, c) in text
                   and not is_unit_text(text[(r, c)])]
    title_row = next((rn[r] for r in pre if any((r, c) in text for c in label_cols[:1] or [0])), rn[b0])
    # --- the unit line: 'Đơn vị tính: X', or a lone unit cell above or in the band, rightmost
    units: list[str] = []
    unit_cells: set[tuple[int, int]] = set()
    for r in list(pre) + list(range(b0, b1 + 1)):
        row_cells = [(c, t) for (rr, c), t in text.items() if rr == r]
        unitish = [(c, t) for c, t in row_cells if is_unit_text(t)]
        if unitish and len(row_cells) == len(unitish) and (r in pre or len(row_cells) == 1):
            c, t = max(unitish)
            units = split_units(t)
            unit_cells.update((r, cc) for cc, _ in row_cells)
    # --- headings: band texts by column; merged ranges and group headings stand over their columns
    h: dict[tuple[int, int], str] = {}
    for r in range(b0, b1 + 1):
        for c in list(label_cols) + list(value_cols):
            if (r, c) in text and (r, c) not in unit_cells:
                h[(r, c)] = text[(r, c)]
            elif is_number(a[r, c]) and _year_like(a[r, c]):
                h[(r, c)] = str(int(a[r, c]))
    for (r0, c0), (_r1, c1) in merges:
        if b0 <= r0 <= b1 and (r0, c0) in h:
            for c in range(c0 + 1, c1 + 1):
                h.setdefault((r0, c), h[(r0, c0)])
    cols_sorted = sorted(value_cols)
    for r in range(b0, b1 + 1):
        for i, c in enumerate(cols_sorted):
            if (r, c) not in h or not any((rr, c) in h for rr in range(r + 1, b1 + 1)):
                continue
            for c2 in cols_sorted[i + 1:]:
                if any((rr, c2) in h for rr in range(b0, r + 1)):
                    break
                if not any((rr, c2) in h for rr in range(r + 1, b1 + 1)) or c2 not in body_values:
                    break
                h[(r, c2)] = h[(r, c)]
    unit_col = None
    for c in label_cols[1:]:
        head = " ".join(h.get((r, c), "") for r in range(b0, b1 + 1))
        ditto = sum(1 for r in body if (r, c) in text and text[(r, c)].strip() in ('"', "''", "“", "”", "〃"))
        unitish = sum(1 for r in body if (r, c) in text and is_unit_text(text[(r, c)]))
        filled = sum(1 for r in body if (r, c) in text)
        if re.search(r"\bdon vi\b|\bdvt\b", ascii_key(head)) or (filled and ditto + unitish >= 0.6 * filled):
            unit_col = c
    columns = []
    for c in value_cols:
        parts: list[str] = []
        for r in range(b0, b1 + 1):
            t = h.get((r, c))
            if t and (not parts or parts[-1] != t):
                parts.append(t)
        columns.append(Column(c, " ".join(" ".join(parts).split()), parts))
    block = Block(" ".join(" ".join(title_lines).split()), title_row, (rn[b0], rn[b1]), columns, [], units,
                  [c for c in label_cols if c != unit_col], unit_col)
    block.rows = _rows(a, rn, text, kinds, body, block, value_cols, lead)
    return block


def _clean_label(t: str) -> tuple[str, bool, bool, str]:
    """(label, under 'Trong đó:', footnote mark, unit in trailing parentheses) of a label as written."""
    s = " ".join(t.split())
    part = False
    while True:
        s2 = _NUMBERING.sub("", s)
        s3 = _TRONG_DO.sub("", s2)
        part = part or s3 != s2
        if s3 == s:
            break
        s = s3
    foot = bool(_FOOTNOTE_MARK.search(s))
    s = _FOOTNOTE_MARK.sub("", s).strip()
    unit = ""
    m = _TRAILING_UNIT.search(s)
    if m and is_unit_text(m.group(1)):
        unit, s = m.group(1).strip(), s[:m.start()].strip()
    return s.strip(" :;,."), part, foot, unit


def _rows(a, rn, text, kinds, body, block: Block, value_cols, lead) -> list[Row]:
    rows: list[Row] = []
    last_unit = ""
    joined_next = ""
    footnote_units: list[str] = []
    for i, r in enumerate(body):
        kind = kinds[r]
        if kind == "blank":
            continue
        cells = [(c, text[(r, c)]) for c in block.label_columns if (r, c) in text]
        written = " ".join(t for _, t in cells)
        # a footnote line under the table: '(*) Nghìn chiếc, triệu USD' gives the (*) rows their units
        if kind == "section" and re.match(r"^\(\s*\*+\s*\)", written.strip()):
            footnote_units = split_units(re.sub(r"^\(\s*\*+\s*\)", "", written.strip()))
            continue
        if not cells and kind == "data":
            label, part, foot, unit = "", False, False, ""
            indent = 0
        else:
            content = [t for _, t in cells if not _TRONG_DO.fullmatch(t.strip() + " ") and t.strip().rstrip(":")
                       .lower() not in ("trong đó", "trong do")]
            label, part, foot, unit = _clean_label(" ".join(content) if content else written)
            part = part or any(_TRONG_DO.match(t) for _, t in cells)
            last_c, _last_t = cells[-1]
            indent = last_c * 100 + lead.get((r, last_c), 0)
            if _OUTER_NUMBERING.match(written):  # 'I. Vận chuyển', 'A. HÀNH KHÁCH': a level above the rest
                indent -= 50
        if joined_next:
            label = joined_next + " " + label
            joined_next = ""
        # a label broken over two lines: 'Máy móc, thiết bị,' / 'dụng cụ và phụ tùng'
        if kind == "section" and i + 1 < len(body):
            nxt = body[i + 1]
            ncells = [text[(nxt, c)] for c in block.label_columns if (nxt, c) in text]
            if ncells and (written.rstrip().endswith(",") or ncells[0].lstrip()[:1].islower()):
                joined_next = label
                continue
        unit_cell = ""
        if block.unit_column is not None and (r, block.unit_column) in text:
            u = text[(r, block.unit_column)].strip()
            unit_cell = last_unit if u in ('"', "''", "“", "”", "〃") else u
            last_unit = unit_cell
        row = Row(rn[r], kind, label, written.strip(), indent, unit or unit_cell)
        row.in_part, row.footnote = part, foot
        for c in value_cols:
            v = a[r, c]
            if is_number(v):
                row.values[c] = float(v)
            elif (r, c) in text:
                t = text[(r, c)]
                if kind == "section" and is_unit_text(t):
                    row.units[c] = t.strip()
                elif kind == "data":
                    row.values[c] = t
        rows.append(row)
    # enclosing rows: by indentation; a section heading encloses the rows after it at its indentation or deeper
    stack: list[Row] = []
    for row in rows:
        while stack and (stack[-1].indent > row.indent or (stack[-1].indent == row.indent and not (
                stack[-1].kind == "section" and row.kind == "data"))):
            stack.pop()
        row.path = list(stack)
        stack.append(row)
        if not row.unit:
            row.unit = next((p.unit for p in reversed(row.path) if p.unit), "")
        if not row.units:
            for p in reversed(row.path):
                if p.units:
                    row.units = dict(p.units)
                    break
    # a run of labels the table has had before, all at one indentation ('Cá', 'Tôm' again after 'Nuôi trồng'):
    # they break down the row before the run, which the layout alone does not show
    first_path: dict[str, list[str]] = {}
    last_new: Row | None = None
    for row in rows:
        k = " ".join(row.label.lower().split())
        if not k:
            continue
        here = [p.label for p in row.path]
        if k in first_path and first_path[k] == here and last_new is not None and last_new.label != row.label:
            row.qualifier = last_new.label
            continue
        first_path.setdefault(k, here)
        last_new = row
    if footnote_units:
        for row in rows:
            if row.footnote:
                row.paired_units = footnote_units
            elif row.path and row.path[-1].paired_units:  # 'Trong đó: Nguyên chiếc' under 'Ô tô(*)'
                row.paired_units = row.path[-1].paired_units
    return rows
