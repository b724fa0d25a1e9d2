"""Format B: the report workbook a department fills in by hand each month (báo cáo, .xlsx).

A sheet is a title block, a header row holding 'Chỉ tiêu' (possibly two rows with merged cells and a
column-number row under it), indicator rows named rather than coded, and a signature block. Reading one
is a matter of geometry and of the words in the headers:

- the title gives the report's year (and month) to headers that carry none;
- the area is the province unless an 'Địa bàn:' / 'Đơn vị:' line or the sheet's name says otherwise;
- each value column's header says its value type, status and period ('Ước thực hiện tháng 5/2022');
  'Cùng kỳ' and every comparison column ('So sánh', 'So với KH', 'Tỷ lệ (%)') are derived: never
  loaded, handed back in :attr:`Report.derived` so that they can be checked against the warehouse;
- the cells themselves (names, numbers, units, empty markers) are interpreted by
  :func:`ingestion.canonical.canonicalize_parts`, with other files' cells (:func:`prepare_report`).

Headers and title lines are read cell by cell (a sheet has a few dozen of them); the body is handled
column-wise with pandas.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa

from ingestion.areas import areas
from ingestion.canonical import LABEL_PREFIX, Context, Interpreted, canonicalize_parts, problems_to_frame
from ingestion.files import limits
from ingestion.model import (
    PROBLEM_COLUMNS,
    PROBLEMS_SCHEMA,
    ROWS_SCHEMA,
    FileRejected,
    ParseResult,
    Pending,
    problems_frame,
)
from ingestion.numbers import cell_numbers, empty_markers, written_text
from ingestion.periods import Period, parse_period, year_to_date
from ingestion.reference import Profile, catalogue
from ingestion.spreadsheet import Grid, column_letter
from ingestion.text import ascii_key, nfc
from ingestion.units import conversion_factor

#: A workbook's derived cells (``Report.derived``), as the lake keeps them (with their file and segment).
DERIVED_SCHEMA = pa.schema([
    ("sheet", pa.string()), ("row_number", pa.int64()), ("column_name", pa.string()), ("cell", pa.string()),
    ("indicator_code", pa.string()), ("area_code", pa.string()), ("kind", pa.string()),
    ("period_code", pa.string()), ("value_type", pa.string()), ("formula", pa.string()), ("value", pa.float64()),
    ("raw_value", pa.string()),
])
DERIVED_COLUMNS = DERIVED_SCHEMA.names

# --- words of the header row (matched on ascii_key: no case, no diacritics, tone placement folded) -----
_NAME_HEADER = re.compile(r"^(?:ten |cac |noi dung )?chi tieu(?: chu yeu| chinh| bao cao| thong ke)?$")
_ROLES = [
    ("stt", re.compile(r"^(?:s\.? ?t\.? ?t\.?|t\.? ?t\.?|so (?:thu tu|tt))$")),
    ("name", _NAME_HEADER),
    ("unit", re.compile(r"^(?:don vi tinh|don vi|dv tinh|dvt|d\.v\.t\.?)$")),
    ("note", re.compile(r"^(?:ghi chu|nguon(?: so lieu)?|co quan .*"
                        r"|don vi (?:cung cap|thuc hien|chu tri|bao cao).*)$")),
    ("other", re.compile(r"^(?:ma|ma so|ma chi tieu|ma dong)$")),
]
_RATIO = re.compile(
    r"%|\bso sanh\b|\bso voi\b|\bty le\b|\btang\s*[/,]?\s*giam\b|\bchenh lech\b|\btoc do\b|\+ ?/ ?-"
    r"|\bso (?:kh|ck|cung ky|ke hoach|thang truoc|ky truoc|nam truoc)\b"
)
_SAME_PERIOD = re.compile(r"\bcung ky\b|\bck\b|\bnam truoc\b|\bnam ngoai\b")
_ESTIMATE = re.compile(r"\b(?:uoc(?: tinh| thuc hien| th| dat)?|uth)\b")
_PRELIMINARY = re.compile(r"\bso bo\b")
_OFFICIAL = re.compile(r"\bchinh thuc\b")
_PLAN = re.compile(r"\b(?:ke hoach|kh)\b")
_YTD = re.compile(r"\b(?:luy ke|lk|tu dau nam)\b")
_FILLER = re.compile(r"\b(?:thuc hien|th|so lieu|ket qua|den|het|giao|dieu chinh|tong so)\b")
_THIS_PERIOD = re.compile(r"^(?:thang nay|ky nay|ky bao cao|thang bao cao|quy nay|nam nay)?$")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_YEAR_PART = re.compile(r"(?:\bnam\s*)?[/.-]?\s*(?<!\d)(?:19|20)\d{2}(?!\d)")
_COLUMN_NUMBER = re.compile(r"^\(?(?:[a-z]|\d{1,2})\)?(?:\s*=\s*[\d()\s/*:x+.,%-]+)?$")
_FORMULA_NUMERATOR = re.compile(r"=\s*\(?(\d{1,2})\)?")

# --- lines above the header ----------------------------------------------------------------------------
_TITLE_PERIOD = re.compile(
    r"\b(?:(?:luy ke )?\d{1,2} thang(?: dau| cuoi)?(?: nam)?|thang \d{1,2}|quy (?:iv|iii|ii|i|[1-4])|nam)"
    r"\s*(?:/|-|\s)\s*(?:nam\s*)?(?:19|20)\d{2}(?!\d)"
)
_TITLE_WORDS = re.compile(r"\b(?:bao cao|bieu|tinh hinh|chi tieu|so lieu|ket qua|tong hop)\b")
_NOT_TITLE = re.compile(
    r"cong hoa xa hoi|doc lap|hanh phuc|kem theo|^\(|^so\s*:|\bngay \d{1,2}\b|^(?:dia ban|don vi|dvt)\b"
)
_AREA_LINE = re.compile(r"^(dia ban|don vi)(?: bao cao)?\s*[:：]\s*(.*)$")
_UNIT_LINE = re.compile(r"^(?:don vi tinh|dvt)\s*[:：]\s*(.*)$")
_AUTHORITY = re.compile(r"^\s*(?:ubnd|uy ban nhan dan)\s+", re.IGNORECASE)

# --- the signature block: the table ends at the first of these -----------------------------------------
_SIGNATURE = (
    r"^(?:nguoi (?:lap|bao cao|kiem tra|duyet)|thu truong|noi nhan|\(ky|ky ten|ky,? ghi ro|xac nhan cua"
    r"|ke toan truong|truong phong$|(?:kt|tm|tl|q)\. ?(?:giam doc|chu tich|ubnd|uy ban|truong|thu truong)"
    r"|(?:pho )?giam doc$|(?:pho )?chu tich$)"
)

_LETTER = re.compile(r"[^\W\d_]")  # a cell that holds a word, not only a number

_GLOSS_SEP = " — "


#: What read_report returns: canonical rows, problems (PROBLEM_COLUMNS) and the derived cells never loaded
#: (DERIVED_COLUMNS), as a ParseResult of format "B".
Report = ParseResult


@dataclass
class _Title:
    text: str | None = None
    year: int | None = None
    period: Period | None = None  # the period the title names ('THÁNG 5 NĂM 2022' -> 2022-05)


@dataclass
class _Column:
    index: int  # 0-based grid column
    label: str  # header text as the clerk sees it (parent / child)
    key: str  # ascii_key of the combined header, for classification
    role: str  # stt | name | unit | note | other | blank | value | derived | unknown
    value_type: str = ""
    status: str = ""
    period_code: str = ""
    kind: str = ""  # derived: same_period_last_year | ratio
    number: str = ""  # its cell in the column-number row ('3', '5=3/1')
    reason: str = ""  # why an unknown column could not be classified


@dataclass
class _Sheet:
    grid: Grid
    header_row: int  # sheet row number of the (first) header row
    columns: list[_Column]
    body: pd.DataFrame  # indicator rows region (index = sheet row number)
    title: _Title
    area_code: str | None = None
    area_name: str | None = None  # the area's name as written (line or sheet name), resolved per period
    area_label: str = ""
    area_from_line: bool = False
    area_text: str = ""  # the area line as written
    default_unit: str | None = None
    conflict: str = ""  # the sheet's area is contradictory: its rows are quarantined with this reason
    notes: list[dict] = field(default_factory=list)


# ======================================================================================================
# entry point
# ======================================================================================================


def read_report(grids: list[Grid], profile: Profile, require: bool = True) -> Report | None:
    """Report sheets -> Report. If no sheet looks like a report: raise FileRejected when require else return None."""
    pending = prepare_report(grids, profile, require)
    if pending is None:
        return None
    return pending.assemble(canonicalize_parts(pending.parts))


def prepare_report(grids: list[Grid], profile: Profile, require: bool = True) -> Pending | None:
    """Read the report sheets as far as they can be read alone: their value cells as raw rows, to be
    interpreted with other files' (``ingestion.readers.finish``); ``Pending.assemble`` makes the Report."""
    search_rows = max(30, int(limits().get("header_search_rows", 30)))
    located = [(g, _find_header(g, search_rows)) for g in grids if not g.cells.empty]
    reports = [(g, h) for g, h in located if h is not None]
    if not reports:
        if not require:
            return None
        names = ", ".join(f"'{g.sheet}'" for g in grids) or "(không có trang nào)"
        raise FileRejected(
            f"không tìm thấy dòng tiêu đề bảng có ô 'Chỉ tiêu' (kèm 'STT', 'Đơn vị tính' và các cột kỳ báo cáo) "
            f"trong {search_rows} dòng đầu của trang {names}{_GLOSS_SEP}no report header row ('Chỉ tiêu') found"
        )
    notes: list[dict] = []
    for g, h in located:
        if h is None:
            notes.append(_note(g.sheet, 0, "", g.sheet,
                               f"trang '{g.sheet}' không có dòng tiêu đề 'Chỉ tiêu', đã bỏ qua"
                               f"{_GLOSS_SEP}sheet without a report header, skipped"))
    sheets = [_analyse(g, h, profile) for g, h in reports]
    _assign_areas(sheets, profile)
    cat = catalogue()
    cells = _body_cells(sheets, profile, cat)
    raw = _raw_frame(cells, sheets)
    derived = _derived(cells, sheets, profile, cat)
    for s in sheets:
        notes.extend(s.notes)
    order = {g.sheet: i for i, g in enumerate(grids)}
    # a value column's problems name its own header, the others the sheet's name, unit or area column
    ctx = Context(profile=profile, columns={}, empty_value_is_missing=False)

    def assemble(done: list[Interpreted]) -> Report:
        table = done[0].rows if done else ROWS_SCHEMA.empty_table()
        problems = done[0].problems if done else PROBLEMS_SCHEMA.empty_table()
        # an unknown name is reported once per row, not once per cell
        found = problems_to_frame(problems)
        if len(found) > 1:
            found = found.drop_duplicates(ignore_index=True)
        all_problems = pd.concat([problems_frame(notes), found], ignore_index=True) if notes else found
        if len(all_problems) > 1:  # in the order of the sheets, then of their rows
            all_problems = all_problems.assign(_o=all_problems["sheet"].map(order)).sort_values(
                ["_o", "row_number"], kind="stable").drop(columns="_o")
        return Report(table, all_problems[PROBLEM_COLUMNS].reset_index(drop=True), "B", derived=derived)

    return Pending([(raw, ctx)] if len(raw) else [], assemble)


# ======================================================================================================
# geometry: header, title, body
# ======================================================================================================


def _text(v: object) -> str | None:
    """A cell as display text: None when blank; 74.0 -> '74'; a date (Excel turned 'T5/2022' into one) -> month."""
    if v is None:
        return None
    if isinstance(v, str):
        s = " ".join(nfc(v).split())
        return s or None
    if isinstance(v, float):
        if math.isnan(v):
            return None
        return str(int(v)) if v.is_integer() else str(v)
    if isinstance(v, (dt.datetime, dt.date)):
        return f"tháng {v.month}/{v.year}"
    if v is pd.NaT or (not isinstance(v, (list, tuple)) and pd.isna(v)):
        return None
    return str(v)


def _clean_key(text: str | None) -> str:
    return ascii_key(text or "").strip(" :.*")


_COMBINING = re.compile(r"[\u0300-\u036f]")
_RUNS = re.compile(r"\s+")


def _fold(text: str) -> str:
    """ascii_key without the tone-placement fold (no diacritics, lower case, spaces collapsed): for
    matching header and signature words cell by cell."""
    d = _COMBINING.sub("", unicodedata.normalize("NFD", text)).replace("đ", "d").replace("Đ", "D").lower()
    return _RUNS.sub(" ", d.replace("_", " ")).strip()


def _filled(a: np.ndarray) -> tuple[np.ndarray, np.ndarray, list]:
    """(row positions, column positions, values) of the non-blank cells of a block, row by row."""
    if a.size == 0:
        return np.array([], dtype=int), np.array([], dtype=int), []
    r, c = np.nonzero(~pd.isna(a))
    return r, c, a[r, c].tolist()


def _find_header(g: Grid, search_rows: int) -> tuple[int, int] | None:
    """(row position, column) of the 'Chỉ tiêu' header cell among the first rows, or None."""
    r, c, v = _filled(g.cells.iloc[:search_rows].to_numpy(dtype=object))
    if not len(r):
        return None
    per_row = np.bincount(r)
    for row, col, value in zip(r.tolist(), c.tolist(), v, strict=True):
        if per_row[row] >= 2 and _NAME_HEADER.match(_fold(str(value)).strip(" :.*")):
            return row, col
    return None


def _merges_by_pos(g: Grid) -> list[tuple[int, int, int, int]]:
    """Merged ranges as (first row pos, first col, last row pos, last col) in frame positions."""
    if not g.merged or g.cells.empty:
        return []
    first = int(g.cells.index[0])
    out = []
    for (r0, c0), (r1, c1) in g.merged:
        out.append((r0 + 1 - first, c0, r1 + 1 - first, c1))
    return out


def _is_number_row(texts: list[str | None], name_cols: list[int]) -> bool:
    filled = [t for t in texts if t]
    if len(filled) < 2:
        return False
    if any(texts[c] and not _COLUMN_NUMBER.match(texts[c].lower()) for c in name_cols):
        return False
    return all(_COLUMN_NUMBER.match(t.lower()) for t in filled)


def _analyse(g: Grid, located: tuple[int, int], profile: Profile) -> _Sheet:
    pos0, name_col = located
    a = g.cells.to_numpy(dtype=object)
    rn = g.cells.index.to_numpy()
    width = a.shape[1]
    merges = _merges_by_pos(g)

    # --- header rows: the merged block starting at the header row, else rows whose name cell is empty
    pos1 = pos0
    for r0, _c0, r1, _c1 in merges:
        if r0 == pos0 and r1 > pos1:
            pos1 = min(r1, pos0 + 3)
    if pos1 == pos0:
        nxt = pos0 + 1
        while nxt < len(a) and nxt <= pos0 + 2:
            texts = [_text(v) for v in a[nxt]]
            if texts[name_col] or _is_number_row(texts, [name_col]) or not any(texts):
                break
            if any(isinstance(v, (int, float)) and not isinstance(v, bool) and not pd.isna(v) for v in a[nxt]):
                break
            pos1 = nxt
            nxt += 1
    h = [[_text(v) for v in a[p]] for p in range(pos0, pos1 + 1)]
    # merged cells: the top-left value stands for the whole range
    for r0, c0, r1, c1 in merges:
        if not (pos0 <= r0 <= pos1) or c0 >= width:
            continue
        value = h[r0 - pos0][c0]
        for r in range(r0, min(r1, pos1) + 1):
            for c in range(min(c0, width), min(c1, width - 1) + 1):
                if h[r - pos0][c] is None:
                    h[r - pos0][c] = value
    # no merge information (HTML, or a clerk who did not merge): a parent carries right over its children
    for r in range(len(h) - 1):
        for c in range(1, width):
            if h[r][c] is None and h[r + 1][c] and h[r][c - 1] and h[r + 1][c - 1]:
                h[r][c] = h[r][c - 1]

    columns = []
    for c in range(width):
        parts: list[str] = []
        for r in range(len(h)):
            t = h[r][c]
            if t and (not parts or parts[-1] != t):
                parts.append(t)
        label = " / ".join(parts)
        columns.append(_Column(c, label, _clean_key(" ".join(parts)), _role(" ".join(parts), c == name_col)))

    # 'Chỉ tiêu' spanning two columns without merge information (HTML colspan): sub-items are often
    # indented into the second one, whose header is blank
    for c in range(width - 1):
        if columns[c].role == "name" and columns[c + 1].role == "blank":
            columns[c + 1].role, columns[c + 1].label = "name", columns[c].label
    body_start = pos1 + 1
    name_cols = [c.index for c in columns if c.role == "name"]
    if body_start < len(a):
        texts = [_text(v) for v in a[body_start]]
        if _is_number_row(texts, name_cols):
            for col, t in zip(columns, texts, strict=True):
                col.number = t or ""
            body_start += 1

    title, area_line, unit_line = _title_block(a[:pos0])
    sheet = _Sheet(g, int(rn[pos0]), columns, g.cells.iloc[body_start:], title)
    sheet.default_unit = unit_line
    if area_line:
        _area_from_line(sheet, *area_line)
    _classify(sheet)
    values = [c for c in columns if c.role == "value"]
    candidates = [c for c in columns if c.role in ("value", "derived", "unknown")]
    if candidates and not values:
        listed = ", ".join(f"'{c.label}'" + (f" ({c.reason})" if c.reason else "") for c in candidates)
        raise FileRejected(
            f"trang '{g.sheet}': không xác định được kỳ báo cáo và loại số liệu của cột nào trong số {listed} "
            f"(ví dụ hợp lệ: 'Kế hoạch năm 2022', 'Ước thực hiện tháng 5/2022', 'Lũy kế 5 tháng năm 2022')"
            f"{_GLOSS_SEP}no value column with a recognisable period"
        )
    if not candidates:
        raise FileRejected(
            f"trang '{g.sheet}': dòng tiêu đề {sheet.header_row} có cột 'Chỉ tiêu' nhưng không có cột số liệu nào "
            f"(cột kỳ báo cáo như 'Thực hiện tháng 5/2022'){_GLOSS_SEP}no value columns in the report header"
        )
    return sheet


def _role(label: str, is_name_cell: bool) -> str:
    k = _clean_key(label)
    if not k:
        return "blank"
    if is_name_cell:
        return "name"
    for role, pattern in _ROLES:
        if pattern.match(k):
            return role
    return "value"  # to be classified


def _title_block(a: np.ndarray) -> tuple[_Title, tuple[str, str, int] | None, str | None]:
    """The title (year, period), an 'Địa bàn:'/'Đơn vị:' line (word, text, row pos) and an 'ĐVT:' line."""
    cells: list[tuple[int, int, str, str]] = []
    rows, cols, values = _filled(a)
    for p, c, v in zip(rows, cols, values, strict=True):
        t = _text(v)
        if t:
            cells.append((int(p), int(c), t, ascii_key(t)))
    area_line = None
    unit_line = None
    for p, c, t, k in cells:
        m = _AREA_LINE.match(k)
        if m and area_line is None:
            value = t.split(":", 1)[1].strip() if ":" in t else (t.split("：", 1)[1].strip() if "：" in t else "")
            if not value:  # 'Địa bàn:' | 'Dĩ An' in the next cell
                value = next((t2 for p2, c2, t2, _ in cells if p2 == p and c2 > c), "")
            if value:
                area_line = (m.group(1), value, p)
            continue
        m = _UNIT_LINE.match(k)
        if m and unit_line is None:
            unit_line = t.split(":", 1)[1].strip() if ":" in t else None
    title = _Title()
    candidates = [(t, k) for _p, _c, t, k in cells if not _NOT_TITLE.search(k)]
    ranked = ([x for x in candidates if _YEAR.search(x[1]) and _TITLE_WORDS.search(x[1])]
              or [x for x in candidates if _YEAR.search(x[1])])
    if ranked:
        t, k = ranked[0]
        title.text = t
        found = [parse_period(_squeeze(m.group(0))) for m in _TITLE_PERIOD.finditer(k)]
        found = [f for f in found if f is not None]
        specific = [f for f in found if f.kind != "year"]
        title.period = (specific or found or [None])[0]
        title.year = title.period.year if title.period else int(_YEAR.search(k).group(1))
    return title, area_line, unit_line


def _squeeze(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip(" -/,.:;")


# ======================================================================================================
# areas
# ======================================================================================================


def _area_from_line(sheet: _Sheet, word: str, value: str, pos: int) -> None:
    resolver = areas()
    had_authority = bool(_AUTHORITY.match(value))
    text = _AUTHORITY.sub("", value).strip()
    code, _reason = resolver.resolve(text)
    label = "Địa bàn" if word == "dia ban" else "Đơn vị"
    sheet.area_text = value
    if code or resolver.names_area(text):
        # the name is resolved row by row against the units valid in each value's period (canonical);
        # ``area_code`` is what it names at any date, when that is one unit, for the checks between sheets
        sheet.area_code, sheet.area_name, sheet.area_label, sheet.area_from_line = code, text, label, True
        return
    if word == "dia ban" or had_authority or resolver.names_a_type(text):
        # names an area we do not know: every row of the sheet is quarantined with the reason
        sheet.area_name, sheet.area_label, sheet.area_from_line = text, label, True
    # else 'Đơn vị: Sở Công Thương' names the reporting body, not an area


def _assign_areas(sheets: list[_Sheet], profile: Profile) -> None:
    resolver = areas()
    by_name = {}
    for s in sheets:
        name = s.grid.sheet.strip()
        code, _ = resolver.resolve(name)
        by_name[s.grid.sheet] = (code, code is not None or resolver.names_area(name))
    per_area = any(is_area and code != profile.default_area for code, is_area in by_name.values())
    for s in sheets:
        code, is_area = by_name[s.grid.sheet]
        if s.area_from_line and code and s.area_code and code != s.area_code:
            if s.area_code == profile.default_area:  # the template's 'Địa bàn: Tỉnh Bình Dương' left unchanged
                s.notes.append(_note(
                    s.grid.sheet, s.header_row, s.area_label, s.grid.sheet,
                    f"dòng {s.area_label} ghi toàn tỉnh nhưng tên trang '{s.grid.sheet}' là địa bàn {code}; "
                    f"số liệu được hiểu là của {code}{_GLOSS_SEP}area line says province, sheet name wins",
                ))
                s.area_code, s.area_name, s.area_label = code, s.grid.sheet.strip(), "tên trang"
            else:
                s.conflict = (
                    f"tên trang '{s.grid.sheet}' (địa bàn {code}) và dòng {s.area_label} (địa bàn {s.area_code}) "
                    f"chỉ hai địa bàn khác nhau{_GLOSS_SEP}sheet name and area line name different areas"
                )
            continue
        if s.area_from_line:
            continue
        if is_area:
            s.area_code, s.area_name, s.area_label = code, s.grid.sheet.strip(), "tên trang"
            continue
        s.area_code, s.area_label = profile.default_area, "Địa bàn"
        if per_area:
            s.notes.append(_note(
                s.grid.sheet, s.header_row, "tên trang", s.grid.sheet,
                f"các trang khác mang tên địa bàn nhưng tên trang '{s.grid.sheet}' không phải tên địa bàn nào; "
                f"số liệu của trang được hiểu là của toàn tỉnh ({profile.default_area})"
                f"{_GLOSS_SEP}sheet name is not an area: read as the whole province",
            ))


# ======================================================================================================
# column headers -> value type, status, period
# ======================================================================================================


def _parse_rest(rest: str, year: int | None) -> Period | None:
    """A period from what is left of a header once the value-type words are gone."""
    rest = _squeeze(rest)
    if rest:
        p = parse_period(rest)
        if p:
            return p
    years = set(_YEAR.findall(rest))
    if len(years) > 1:
        return None
    y = int(years.pop()) if years else year
    if y is None:
        return None
    bare = _squeeze(_YEAR_PART.sub(" ", rest))
    bare = re.sub(r"\bnam$", "", bare).strip()
    return parse_period(f"{bare} nam {y}" if bare else f"nam {y}")


def _words(k: str) -> tuple[str, str, bool, bool, str]:
    """(status, value type, ytd?, plan?, rest) of a header key."""
    status = "official"
    if _ESTIMATE.search(k):
        status = "estimate"
    elif _PRELIMINARY.search(k):
        status = "preliminary"
    plan = bool(_PLAN.search(k))
    ytd = bool(_YTD.search(k))
    rest = k.replace("(", " ").replace(")", " ")
    for pattern in (_ESTIMATE, _PRELIMINARY, _OFFICIAL, _PLAN, _YTD, _FILLER):
        rest = pattern.sub(" ", rest)
    vt = "plan" if plan else ("ytd" if ytd else "actual")
    return status, vt, ytd, plan, _squeeze(rest)


def _value_column(k: str, title: _Title) -> tuple[str, str, str] | str:
    """(value type, status, period code) of a loaded column's header, or the reason it is not understood."""
    k = re.sub(r"\([^)]*\)", " ", k)  # footnote marks, '(tỷ đồng)'
    status, vt, ytd, plan, rest = _words(k)
    if plan and ytd:
        return "kế hoạch lũy kế không được hỗ trợ"
    if _THIS_PERIOD.match(rest):  # 'Thực hiện', 'Kế hoạch năm', 'Lũy kế từ đầu năm', 'Thực hiện tháng này'
        if plan:
            if title.year is None:
                return "tiêu đề báo cáo không ghi năm"
            return "plan", "official", str(title.year)
        if title.period is None:
            return "tiêu đề báo cáo không ghi kỳ báo cáo"
        period = title.period
    else:
        period = _parse_rest(rest, title.year)
        if period is None and plan:  # 'Kế hoạch tỉnh giao năm 2022'
            years = set(_YEAR.findall(rest))
            if len(years) == 1:
                return "plan", "official", years.pop()
        if period is None:
            return "không nhận ra kỳ báo cáo" if title.year or _YEAR.search(rest) else (
                "không nhận ra kỳ báo cáo và tiêu đề báo cáo không ghi năm")
    if plan:
        return "plan", status if status != "estimate" else "official", period.code
    if ytd or period.ytd:
        to_date = year_to_date(period.code)
        return ("ytd" if to_date.ytd else "actual"), status, to_date.code
    return "actual", status, period.code


def _classify(sheet: _Sheet) -> None:
    cols = sheet.columns
    title = sheet.title
    for c in cols:
        if c.role != "value":
            continue
        if _RATIO.search(c.key) or _RATIO.search(_unparen(c.key)):
            c.role, c.kind = "derived", "ratio"
        elif _SAME_PERIOD.search(c.key):
            c.role, c.kind = "derived", "same_period_last_year"
        else:
            got = _value_column(c.key, title)
            if isinstance(got, str):
                c.role, c.reason = "unknown", got
            else:
                c.value_type, c.status, c.period_code = got
    loaded = [c for c in cols if c.role == "value"]
    for c in cols:
        if c.kind == "same_period_last_year":
            c.value_type, c.period_code = _same_period(c, loaded, title)
    for c in cols:
        if c.kind == "ratio":
            c.value_type, c.period_code = _ratio_period(c, cols, title)
    for c in cols:
        if c.role == "unknown":
            sheet.notes.append(_note(
                sheet.grid.sheet, sheet.header_row, c.label, c.label,
                f"không xác định được kỳ báo cáo/loại số liệu của cột '{c.label}' ({c.reason}); cột này không được "
                f"nạp (ví dụ hợp lệ: 'Ước thực hiện tháng 5/2022', 'Lũy kế 5 tháng năm 2022', 'Kế hoạch năm 2022')"
                f"{_GLOSS_SEP}unrecognised column header, column not loaded",
            ))


def _unparen(k: str) -> str:
    return _squeeze(re.sub(r"\([^)]*\)", " ", k))


def _shift_year(code: str, year: int) -> str:
    return f"{year:04d}{code[4:]}"


def _same_period(c: _Column, loaded: list[_Column], title: _Title) -> tuple[str, str]:
    """(value type, period code) that a 'Cùng kỳ' column stands for: last year's twin of a loaded column."""
    k = re.sub(r"\([^)]*\)", " ", c.key)
    _status, vt, ytd, plan, rest = _words(_SAME_PERIOD.sub(" ", k))
    label_years = _YEAR.findall(rest)
    bare = _squeeze(_YEAR_PART.sub(" ", rest))
    bare = re.sub(r"\bnam$", "", bare).strip()
    if bare and not _THIS_PERIOD.match(bare):  # 'Cùng kỳ 5 tháng 2021', 'Cùng kỳ tháng 5'
        default_year = title.year - 1 if title.year else None
        p = _parse_rest(rest, default_year)
        if p:
            if plan:
                return "plan", p.code
            if ytd or p.ytd:
                to_date = year_to_date(p.code)
                return ("ytd" if to_date.ytd else "actual"), to_date.code
            return "actual", p.code
    left = [x for x in loaded if x.index < c.index and x.value_type in ("actual", "ytd")]
    anywhere = [x for x in loaded if x.value_type in ("actual", "ytd")]
    mirror = left[-1] if left else (anywhere[0] if anywhere else None)
    if mirror is not None:
        year = int(label_years[0]) if len(label_years) == 1 else int(mirror.period_code[:4]) - 1
        if ytd and mirror.value_type != "ytd":
            to_date = year_to_date(_shift_year(mirror.period_code, year))
            return ("ytd" if to_date.ytd else "actual"), to_date.code
        return mirror.value_type, _shift_year(mirror.period_code, year)
    if title.period is not None:
        year = int(label_years[0]) if len(label_years) == 1 else title.period.year - 1
        code = _shift_year(title.period.code, year)
        if title.period.ytd or ytd:
            to_date = year_to_date(code)
            return ("ytd" if to_date.ytd else "actual"), to_date.code
        return "actual", code
    return "", ""


def _ratio_period(c: _Column, cols: list[_Column], title: _Title) -> tuple[str, str]:
    """(value type, period code) of the figure a comparison column compares (its numerator)."""
    m = _FORMULA_NUMERATOR.search(c.number)
    if m:
        target = [x for x in cols if x.role in ("value", "derived") and x.kind != "ratio"
                  and re.sub(r"\D", "", x.number.split("=")[0]) == m.group(1)]
        if target and target[0].period_code:
            return target[0].value_type, target[0].period_code
    head = _RATIO.split(c.key, maxsplit=1)[0]
    if head.strip():
        got = _value_column(head, title)
        if not isinstance(got, str):
            return got[0], got[2]
    left = [x for x in cols if x.index < c.index and x.role == "value" and x.value_type in ("actual", "ytd")]
    if left:
        return left[-1].value_type, left[-1].period_code
    return "", ""


# ======================================================================================================
# body -> raw frame -> canonical rows
# ======================================================================================================


def _note(sheet: str, row: int, column: str, raw: str, reason: str, severity: str = "warning") -> dict:
    return {"sheet": sheet, "row_number": int(row), "column_name": column, "raw_value": raw, "reason": reason,
            "severity": severity}


def _column_of(sheet: _Sheet, role: str) -> _Column | None:
    return next((c for c in sheet.columns if c.role == role), None)


@dataclass
class _Cell:
    """A non-blank body cell, with what its column and row say about it."""

    sheet_no: int
    row: int  # sheet row number
    col: int
    value: object
    role: str = "blank"  # its column's role (stt | name | unit | note | other | value | derived | blank)
    empty: bool = False  # blank or an empty marker
    name: object = None  # the row's indicator name (its first non-empty 'Chỉ tiêu' cell)
    code: str | None = None  # the catalogue code that name matches
    unit: object = None  # the row's unit (its unit cell, else the sheet's 'ĐVT:' line)


def _body_cells(sheets: list[_Sheet], profile: Profile, cat) -> list[_Cell]:
    """Every non-blank body cell of every sheet, row by row, cut at the signature block."""
    cells: list[_Cell] = []
    for no, s in enumerate(sheets):
        r, c, v = _filled(s.body.to_numpy(dtype=object))
        rows = s.body.index.to_numpy()
        roles = {col.index: col.role for col in s.columns}
        stop = None
        for pos, col, value in zip(r.tolist(), c.tolist(), v, strict=True):
            row = int(rows[pos])
            if stop is not None and row >= stop:
                break
            # the table ends where the signature block starts ('Người lập biểu', 'THỦ TRƯỞNG ĐƠN VỊ', 'Nơi nhận:')
            text = str(value)
            if _LETTER.search(text) and re.search(_SIGNATURE, _fold(text)):
                stop = row
                continue
            cells.append(_Cell(no, row, col, value, roles.get(col, "blank")))
        cells = [x for x in cells if x.sheet_no != no or stop is None or x.row < stop]
    if not cells:
        return cells
    # Arrow over the cells' text (a few hundred a workbook: pandas costs more to set up than to run)
    text = pa.array([written_text(x.value) for x in cells], pa.string())
    for cell, empty in zip(cells, empty_markers(text).tolist(), strict=True):
        cell.empty = empty
    names: dict[tuple[int, int], object] = {}
    units: dict[tuple[int, int], object] = {}
    for x in cells:
        if not x.empty and x.role == "name":
            names.setdefault((x.sheet_no, x.row), x.value)
        elif not x.empty and x.role == "unit":
            units.setdefault((x.sheet_no, x.row), x.value)
    codes = {v: cat.match_name(str(v), profile.aliases) for v in set(names.values())}
    for x in cells:
        x.name = names.get((x.sheet_no, x.row))
        x.code = codes.get(x.name) if x.name is not None else None
        x.unit = units.get((x.sheet_no, x.row), sheets[x.sheet_no].default_unit)
    return cells


def _raw_frame(cells: list[_Cell], sheets: list[_Sheet]) -> pd.DataFrame:
    """One raw row per (sheet row, loaded value cell that holds something), with the header each of its
    fields is named by in a problem (``label:<field>``: the value column's own header for the value,
    period, value type and status; the sheet's name, unit and area columns for the others)."""
    filled = [x for x in cells if not x.empty]
    # a column with figures but no header: not loaded, said once per column
    for no, col in dict.fromkeys((x.sheet_no, x.col) for x in filled if x.role == "blank"):
        s = sheets[no]
        s.notes.append(_note(
            s.grid.sheet, s.header_row, f"cột {column_letter(col)}", "",
            f"cột {column_letter(col)} có số liệu nhưng không có tiêu đề, không được nạp"
            f"{_GLOSS_SEP}column with figures but no header, not loaded"))
    loaded = [x for x in filled if x.role == "value"]
    # figures to load but no name to match them to (a heading without figures is simply skipped)
    for no, row in dict.fromkeys((x.sheet_no, x.row) for x in loaded if x.name is None):
        s = sheets[no]
        name_col = _column_of(s, "name")
        s.notes.append(_note(s.grid.sheet, row, name_col.label if name_col else "Chỉ tiêu", "",
                             "dòng có số liệu nhưng không có tên chỉ tiêu — values without an indicator name",
                             "error"))
    loaded = [x for x in loaded if x.name is not None]
    for no, row in dict.fromkeys((x.sheet_no, x.row) for x in loaded if sheets[x.sheet_no].conflict):
        s = sheets[no]
        s.notes.append(_note(s.grid.sheet, row, s.area_label, s.area_text, s.conflict, "error"))
    loaded = [x for x in loaded if not sheets[x.sheet_no].conflict]
    if not loaded:
        return pd.DataFrame()
    column = {(no, c.index): c for no, s in enumerate(sheets) for c in s.columns}

    def label(s: _Sheet, role: str, default: str) -> str:
        c = _column_of(s, role)
        return c.label if c is not None else default

    value_label = [column[(x.sheet_no, x.col)].label for x in loaded]
    name_label = [label(sheets[x.sheet_no], "name", "Chỉ tiêu") for x in loaded]
    area_label = [sheets[x.sheet_no].area_label for x in loaded]
    fields = {
        "name": [x.name for x in loaded],
        # a name is resolved by canonical against the units valid in each value's period
        "area_code": [None if sheets[x.sheet_no].area_name else sheets[x.sheet_no].area_code for x in loaded],
        "area_name": [sheets[x.sheet_no].area_name for x in loaded],
        "period": [column[(x.sheet_no, x.col)].period_code for x in loaded],
        "value_type": [column[(x.sheet_no, x.col)].value_type for x in loaded],
        "status": [column[(x.sheet_no, x.col)].status for x in loaded],
        "value": [x.value for x in loaded],
        "unit": [x.unit for x in loaded],
        "sheet": [sheets[x.sheet_no].grid.sheet for x in loaded],
        "row_number": [x.row for x in loaded],  # ints: read as int64 by the interpretation
        **{LABEL_PREFIX + f: value_label for f in ("value", "period", "value_type", "status")},
        **{LABEL_PREFIX + f: name_label for f in ("name", "code")},
        LABEL_PREFIX + "unit": [label(sheets[x.sheet_no], "unit", "Đơn vị tính") for x in loaded],
        **{LABEL_PREFIX + f: area_label for f in ("area_code", "area_name")},
    }
    # one object block, filled column by column, kept as objects: from a dict of lists pandas checks each
    # list on its own, and without dtype=object it infers its string dtype column by column (together
    # ~2 ms a workbook, about a fifth of reading it)
    block = np.empty((len(loaded), len(fields)), dtype=object)
    for i, values in enumerate(fields.values()):
        block[:, i] = values
    return pd.DataFrame(block, columns=list(fields), dtype=object, copy=False)


# ======================================================================================================
# derived cells
# ======================================================================================================


def _factor(pair: str) -> float:
    given, target = pair.split("\x1f")
    if not target:
        return float("nan")
    f = conversion_factor(given or None, target)
    return float("nan") if f is None else f


def _derived(cells: list[_Cell], sheets: list[_Sheet], profile: Profile, cat) -> pa.Table:
    """The derived cells ('Cùng kỳ', 'So sánh', 'Tỷ lệ') of rows whose name is in the catalogue, as an Arrow
    table (DERIVED_SCHEMA): a few dozen cells a workbook, for which a pandas frame costs more to build than
    everything else done with them."""
    d = [x for x in cells if x.role == "derived" and not x.empty and x.code is not None
         and not sheets[x.sheet_no].conflict and sheets[x.sheet_no].area_code is not None]
    if not d:
        return DERIVED_SCHEMA.empty_table()
    column = {(no, c.index): c for no, s in enumerate(sheets) for c in s.columns}
    cols = [column[(x.sheet_no, x.col)] for x in d]
    values = cell_numbers([x.value for x in d], profile.number_form)
    # last year's figure in the catalogue's unit, as the warehouse holds it; a comparison stays as written
    units = cat.units
    factors: dict[tuple[object, str], float] = {}
    for x, c in zip(d, cols, strict=True):
        if c.kind == "same_period_last_year" and (x.unit, x.code) not in factors:
            factors[(x.unit, x.code)] = _factor(("" if x.unit is None else str(x.unit).strip()) + "\x1f"
                                                + str(units.get(x.code, "")))
    scale = np.array([factors[(x.unit, x.code)] if c.kind == "same_period_last_year" else 1.0
                      for x, c in zip(d, cols, strict=True)], dtype="float64")
    return pa.table({
        "sheet": [sheets[x.sheet_no].grid.sheet for x in d],
        "row_number": [x.row for x in d],
        "column_name": [c.label for c in cols],
        "cell": [f"{column_letter(x.col)}{x.row}" for x in d],
        "indicator_code": [x.code for x in d],
        "area_code": [sheets[x.sheet_no].area_code for x in d],
        "kind": [c.kind for c in cols],
        "period_code": [c.period_code for c in cols],
        "value_type": [c.value_type for c in cols],
        "formula": [c.number if "=" in str(c.number) else "" for c in cols],
        "value": pa.array(values * scale, pa.float64(), from_pandas=True),  # not a number: null
        "raw_value": [str(x.value) for x in d],
    }, schema=DERIVED_SCHEMA)
