"""Spreadsheets as grids of cells: .xlsx and .xls through calamine, HTML tables saved under an .xls name.

calamine reads both Excel formats many times faster than openpyxl and also reports merged cells,
which is all the report-workbook reader needs of the geometry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import python_calamine as pc

from ingestion.files import decode, limits
from ingestion.model import FileRejected

ENCRYPTED_MARKER = "EncryptionInfo".encode("utf-16-le")


@dataclass
class Grid:
    """One sheet: its cells row by row (text, numbers or '' for blank), and where it sits in the sheet."""

    sheet: str
    cells: pd.DataFrame  # object cells; index = sheet row number (1-based)
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)  # 0-based, sheet coords
    #: what the workbook hides from its readers (.xlsx): the sheet itself, columns (0-based), rows (1-based).
    #: Readers that care (the statistics office's tables keep scratch figures in hidden columns) skip them.
    hidden: bool = False
    hidden_columns: frozenset[int] = frozenset()
    hidden_rows: frozenset[int] = frozenset()


def _frame(rows: list[list[object]], first_row_number: int) -> pd.DataFrame:
    """Cells row by row (a cell of spaces only is blank) as a frame indexed by sheet row number."""
    cleaned = [[None if v.__class__ is str and not v.strip() else v for v in row] for row in rows]
    df = pd.DataFrame(cleaned, dtype="object")
    df.index = range(first_row_number, first_row_number + len(df))
    return df


def load_excel(path: Path, kind: str) -> list[Grid]:
    """Every sheet of an .xlsx (kind 'xlsx') or .xls / OLE2 file (kind 'ole2')."""
    if kind == "ole2":
        with open(path, "rb") as fh:
            data = fh.read()
        if ENCRYPTED_MARKER in data:
            raise FileRejected("bảng tính được đặt mật khẩu, không đọc được — password-protected workbook")
    max_cells = limits()["max_cells"]
    try:
        wb = pc.CalamineWorkbook.from_path(str(path))
        hidden = _hidden_parts(path) if kind == "xlsx" else {}
        visible = {m.name: str(m.visible).endswith("Visible") for m in getattr(wb, "sheets_metadata", [])}
        grids = []
        for name in wb.sheet_names:
            ws = wb.get_sheet_by_name(name)
            cells = ws.height * ws.width
            if cells > max_cells:
                raise FileRejected(
                    f"trang '{name}' có {cells:,} ô, vượt giới hạn {max_cells:,.0f} ô — sheet too large"
                )
            rows = ws.to_python(skip_empty_area=False)  # from A1 on: row i is sheet row i + 1
            merged = list(getattr(ws, "merged_cell_ranges", None) or [])
            cols, hrows = hidden.get(name, (frozenset(), frozenset()))
            grids.append(Grid(name, _frame(rows, 1), merged, not visible.get(name, True), cols, hrows))
        return grids
    except FileRejected:
        raise
    except Exception as exc:  # calamine raises its own error types for corrupt files
        raise FileRejected(
            f"không mở được bảng tính (tệp hỏng, bị cắt cụt hoặc không phải Excel): {str(exc).splitlines()[0]} "
            "— unreadable workbook"
        ) from exc


def _hidden_parts(path: Path) -> dict[str, tuple[frozenset[int], frozenset[int]]]:
    """Sheet name -> (hidden columns, 0-based; hidden rows, 1-based) of an .xlsx, from its sheets' XML
    (calamine does not say). Best effort: a part that cannot be read hides nothing."""
    import html
    import re
    import zipfile

    out: dict[str, tuple[frozenset[int], frozenset[int]]] = {}
    try:
        with zipfile.ZipFile(path) as z:
            book = z.read("xl/workbook.xml").decode("utf-8", "replace")
            rels = z.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
            id_first = r'<Relationship\b[^>]*?Id="([^"]+)"[^>]*?Target="([^"]+)"'
            target_first = r'<Relationship\b[^>]*?Target="([^"]+)"[^>]*?Id="([^"]+)"'
            targets = {m.group(1): m.group(2) for m in re.finditer(id_first, rels)}
            targets.update({m.group(2): m.group(1) for m in re.finditer(target_first, rels)})
            for m in re.finditer(r"<sheet\b[^>]*>", book):
                tag = m.group(0)
                name, rid = re.search(r'name="([^"]*)"', tag), re.search(r'r:id="([^"]*)"', tag)
                if not name or not rid or rid.group(1) not in targets:
                    continue
                target = targets[rid.group(1)].lstrip("/")
                part = target if target.startswith("xl/") else "xl/" + target
                if part not in z.namelist():
                    continue
                head = z.read(part)[:2_000_000].decode("utf-8", "replace")
                cols = set()
                for c in re.finditer(r"<col\b[^>]*>", head):
                    if 'hidden="1"' in c.group(0) or "hidden=\"true\"" in c.group(0):
                        lo, hi = re.search(r'min="(\d+)"', c.group(0)), re.search(r'max="(\d+)"', c.group(0))
                        if lo and hi:
                            cols.update(range(int(lo.group(1)) - 1, int(hi.group(1))))
                rows = {int(r.group(1)) for r in re.finditer(r'<row\b[^>]*?r="(\d+)"[^>]*?hidden="(?:1|true)"', head)}
                out[html.unescape(name.group(1))] = (frozenset(cols), frozenset(rows))
    except Exception:  # noqa: BLE001 - a malformed part hides nothing; calamine has read the cells already
        return {}
    return out


def _cell_text(cell) -> str | None:
    """A cell's text with its whitespace runs (a line break, &nbsp;) made one space; None when blank.
    A cell without elements inside (most) has all its text in ``.text``, three times cheaper than
    walking ``itertext()``."""
    text = cell.text if len(cell) == 0 else "".join(cell.itertext())
    return (" ".join(text.split()) or None) if text else None


def _html_rows(table) -> list[list[object]]:
    """The rows of an HTML table as a spreadsheet shows them: a colspan or rowspan cell keeps its text in
    its first cell, the others it covers are blank. Rows without spans (the body of an export, mostly)
    are read in one comprehension; the walk cell by cell is kept for the rows that need it."""
    spanned = set(table.xpath(".//tr[*[@colspan or @rowspan]]"))
    rows: list[list[object]] = []
    covered: set[tuple[int, int]] = set()  # (row, col) cells covered by a rowspan from above: blank
    covered_rows: set[int] = set()
    for r, tr in enumerate(table.iter("tr")):
        if tr not in spanned and r not in covered_rows:
            rows.append([_cell_text(c) for c in tr.iterchildren("td", "th")])
            continue
        row: list[object] = []
        col = 0
        for cell in tr.iterchildren("td", "th"):
            while (r, col) in covered:
                row.append(None)
                col += 1
            span = int(cell.get("colspan", "1") or 1)
            down = int(cell.get("rowspan", "1") or 1)
            row.append(_cell_text(cell))
            row.extend([None] * (span - 1))
            for d in range(1, down):
                covered_rows.add(r + d)
                covered.update((r + d, col + c) for c in range(span))
            col += span
        while (r, col) in covered:
            row.append(None)
            col += 1
        rows.append(row)
    return rows


def load_html(data: bytes) -> list[Grid]:
    """The tables of an HTML page (web systems save these under an .xls name), cells kept as text.

    colspan/rowspan are expanded so that the grid has the geometry a spreadsheet would show.
    """
    from lxml import etree

    text = decode(data)
    try:  # plain elements: lxml.html's element classes cost a Python lookup per element
        doc = etree.fromstring(text, etree.HTMLParser())
    except Exception as exc:  # lxml raises ParserError / XMLSyntaxError
        raise FileRejected(f"tệp HTML hỏng: {exc} — unreadable HTML") from exc
    if doc is None:
        raise FileRejected("tệp HTML không có bảng nào — no table in the HTML file")
    grids = []
    for i, table in enumerate(doc.iter("table"), start=1):
        rows = _html_rows(table)
        if rows:
            width = max(len(r) for r in rows)
            grids.append(Grid(f"Bảng {i}", _frame([r + [None] * (width - len(r)) for r in rows], 1)))
    if not grids:
        raise FileRejected("tệp HTML không có bảng nào — no table in the HTML file")
    return grids


def column_letter(i: int) -> str:
    """0 -> 'A', 27 -> 'AB'."""
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s
