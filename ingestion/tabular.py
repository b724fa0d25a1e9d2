"""Format A: one observation per row (CSV, TSV, or a plain spreadsheet sheet)."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from ingestion.canonical import DEFAULT_COLUMNS, Context, Interpreted, problems_to_frame
from ingestion.files import decode, limits, nfc_columns
from ingestion.model import FileRejected, ParseResult, Pending, problems_frame
from ingestion.reference import Profile
from ingestion.text import ascii_key, nfc
from ingestion.vocabulary import headers

REQUIRED = ("ma_chi_tieu", "ky_bao_cao", "gia_tri")
FIELD_OF = {column: field for field, column in DEFAULT_COLUMNS.items()}  # Format A column -> field
DELIMITERS = (";", ",", "\t", "|")
MAX_HEADER_CHARS = 200  # a longer cell is a line or a note, never a column name (and costly to fold)


def match_header(cells: list[object], profile: Profile) -> dict[int, str]:
    """Column position -> canonical column, for a candidate header row."""
    table = headers(profile.header_synonyms)
    out: dict[int, str] = {}
    for i, cell in enumerate(cells):
        if cell is None or (isinstance(cell, float) and pd.isna(cell)) or len(str(cell)) > MAX_HEADER_CHARS:
            continue
        canonical = table.get(ascii_key(str(cell)))
        if canonical and canonical not in out.values():
            out[i] = canonical
    return out


def _is_header(mapping: dict[int, str]) -> bool:
    found = set(mapping.values())
    return "ma_chi_tieu" in found and ("gia_tri" in found or "ky_bao_cao" in found)


def find_header(grid: pd.DataFrame | list[list[object]], profile: Profile) -> tuple[int, dict[int, str]]:
    """(row position, column mapping) of the header row within the first rows of a grid (a frame of
    cells, or rows of cells)."""
    n = int(limits()["header_search_rows"])
    rows = grid.iloc[:n].to_numpy(dtype=object).tolist() if isinstance(grid, pd.DataFrame) else grid[:n]
    for pos, cells in enumerate(rows):
        mapping = match_header(cells, profile)
        if _is_header(mapping):
            return pos, mapping
    raise FileRejected(
        "không tìm thấy dòng tiêu đề có các cột ma_chi_tieu, ky_bao_cao, gia_tri trong "
        f"{n} dòng đầu — no recognisable header row"
    )


@dataclass
class RawTable:
    """A Format A table located and cut out of its grid, not yet interpreted (see canonicalize_parts)."""

    raw: pd.DataFrame | pa.Table  # cells by field, row_number, sheet
    ctx: Context
    notes: pd.DataFrame | None  # file-level warnings (unknown columns)

    def result(self, done: Interpreted, format_: str) -> ParseResult:
        problems = problems_to_frame(done.problems)
        if self.notes is not None:
            problems = pd.concat([self.notes, problems], ignore_index=True) if len(problems) else self.notes.copy()
        return ParseResult(done.rows, problems, format_)

    def pending(self, format_: str) -> Pending:
        """This table as a file of its own, waiting to be interpreted."""
        return Pending([(self.raw, self.ctx)], lambda done: self.result(done[0], format_))


def _header(rows: pd.DataFrame | list[list[object]], sheet: str | None, profile: Profile, first_row_number: int
            ) -> tuple[int, dict[int, str], Context, pd.DataFrame | None]:
    """Where the header row is (position), which column is which field, the context the body is read in,
    and the note on unknown columns (if any)."""
    pos, mapping = find_header(rows, profile)
    found = set(mapping.values())
    missing = [c for c in REQUIRED if c not in found]
    if "ma_dia_ban" not in found and "dia_ban" not in found:
        missing.append("ma_dia_ban hoặc dia_ban")
    if missing:
        raise FileRejected(f"thiếu cột bắt buộc: {', '.join(missing)} — required column missing")
    header_cells = list(rows.iloc[pos]) if isinstance(rows, pd.DataFrame) else list(rows[pos])
    notes = []
    unknown = [str(c).strip() for i, c in enumerate(header_cells)
               if i not in mapping and c is not None and not (isinstance(c, float) and pd.isna(c)) and str(c).strip()]
    if unknown:
        notes.append({
            "sheet": sheet, "row_number": first_row_number + pos, "column_name": ", ".join(unknown),
            "raw_value": ", ".join(unknown), "severity": "warning",
            "reason": "cột không thuộc mẫu báo cáo, đã bỏ qua (ghi nhận một lần cho cả tệp) — unknown columns ignored",
        })
    ctx = Context(
        profile=profile,
        columns={FIELD_OF[c]: str(header_cells[i]).strip() for i, c in mapping.items()},
        skip_blank_rows=True,
    )
    return pos, mapping, ctx, problems_frame(notes) if notes else None


def raw_table(grid: pd.DataFrame, sheet: str | None, profile: Profile, first_row_number: int = 1) -> RawTable:
    """Find the header row of a grid and cut out its body as raw cells by field."""
    pos, mapping, ctx, notes = _header(grid, sheet, profile, first_row_number)
    cells = grid.to_numpy(dtype=object)[pos + 1 :]
    raw = pd.DataFrame({FIELD_OF[c]: cells[:, i] for i, c in mapping.items()}, dtype=object)
    raw["row_number"] = np.arange(pos + 1, len(grid), dtype="int64") + first_row_number
    raw["sheet"] = sheet
    return RawTable(raw, ctx, notes)


def _pick_delimiter(lines: list[str], profile: Profile) -> str:
    """The delimiter that splits the first header line into the most known columns (else the one that
    names the most columns on any line). Stops at the header: folding every data cell costs more than
    reading the file."""
    best, best_score = ",", -1
    for line in lines:
        scored = [(match_header(line.split(d), profile), d) for d in DELIMITERS if d in line]
        found = [(len(m), d) for m, d in scored if _is_header(m)]
        if found:
            return max(found, key=lambda x: (x[0], -DELIMITERS.index(x[1])))[1]
        for m, d in scored:
            if len(m) > best_score:
                best, best_score = d, len(m)
    return best


def text_pending(data: bytes, profile: Profile) -> Pending:
    """A CSV/TSV export decoded, split and cut out, waiting to be interpreted."""
    return text_raw_table(data, profile).pending("A-csv")


def text_raw_table(data: bytes, profile: Profile) -> RawTable:
    """A CSV/TSV export decoded, split and cut out, not yet interpreted.

    Most exports are plain tables: their body is read by Arrow's CSV reader straight from the UTF-8 bytes
    (:func:`_arrow_table`). A file Arrow would read differently from a spreadsheet (blank or ragged
    lines, a quoted line break above the header) is read the careful way, line by line with pandas."""
    utf8 = _utf8_head(data[:65536]) and b"\x00" not in data
    if utf8:
        fast = _arrow_table(data, decode(data[:65536], partial=True), len(data) > 65536, profile)
        if fast is not None:
            return fast
    try:
        text = decode(data, compose=False)
    except UnicodeDecodeError as exc:
        raise FileRejected(f"không đọc được mã hóa ký tự của tệp ({exc.reason}) — unreadable text encoding") from exc
    if not utf8:  # decoded from another encoding (UTF-16, Windows-1258): Arrow reads it re-encoded
        fast = _arrow_table(text.encode("utf-8"), nfc(text[:65536]), len(text) > 65536, profile)
        if fast is not None:
            return fast
    text = nfc(text)
    head_lines = text[:65536].splitlines()[: int(limits()["header_search_rows"])]
    delim = _pick_delimiter(head_lines, profile)
    # columns: the widest line of the head plus slack; a wider line further down costs a second read
    try:
        try:
            grid = _read_grid(text, delim, _width(text[:65536], delim, text))
        except pd.errors.ParserError:
            grid = _read_grid(text, delim, _width(text, delim, text))
    except (pd.errors.ParserError, ValueError) as exc:
        raise FileRejected(f"tệp CSV sai cấu trúc: {_first_line(exc)} — malformed CSV") from exc
    return raw_table(grid, None, profile)


def _utf8_head(head: bytes) -> bool:
    """The beginning of a file is UTF-8 (with or without BOM; a character cut at its end is fine)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start >= len(head) - 4
    return True


def _arrow_table(data: bytes, head: str, truncated: bool, profile: Profile) -> RawTable | None:
    """The body of a plain table (every line below the header has the header's number of fields) read
    by Arrow from UTF-8 ``data``; ``head`` is its decoded beginning. None where the careful reading is
    needed: no header in the head, a quoted line break above it, a blank or ragged line, bytes that
    are not UTF-8."""
    n = int(limits()["header_search_rows"])
    lines = head.split("\n")
    if truncated:
        lines = lines[:-1]  # the last line of the head may be cut
    lines = [line[:-1] if line.endswith("\r") else line for line in lines[:n]]
    delim = _pick_delimiter(lines, profile)
    reader = csv.reader(lines, delimiter=delim, quotechar='"', doublequote=True)
    try:
        rows = []
        for cells in reader:
            rows.append(cells)
            if reader.line_num != len(rows):  # a record over several lines: line numbers would drift
                return None
        pos, mapping, ctx, notes = _header(rows, None, profile, 1)
    except (csv.Error, FileRejected):
        return None
    width = len(rows[pos])
    lines_total = data.count(b"\n") + 1
    if width * lines_total > limits()["max_cells"]:
        raise FileRejected(f"bảng quá lớn (khoảng {width * lines_total:,} ô) — table too large")
    offset = -1
    for _ in range(pos + 1):
        offset = data.find(b"\n", offset + 1)
        if offset < 0:
            return None
    names = [f"c{i}" for i in range(width)]
    keep = [names[i] for i in mapping]
    try:
        body = pacsv.read_csv(
            io.BytesIO(data[offset + 1:]),
            read_options=pacsv.ReadOptions(column_names=names, use_threads=False),
            parse_options=pacsv.ParseOptions(delimiter=delim, quote_char='"', double_quote=True, escape_char=False,
                                             newlines_in_values=True, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(column_types=dict.fromkeys(keep, pa.string()), include_columns=keep,
                                                 strings_can_be_null=False, check_utf8=True),
        )
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return None
    # the cells in NFC (Windows-1258 decodes to decomposed tone marks; some UTF-8 exports are decomposed
    # too), column by column through their distinct values rather than the whole text
    cells = nfc_columns(pa.table({FIELD_OF[c]: body[names[i]].combine_chunks() for i, c in mapping.items()}))
    raw = cells.append_column("row_number", pa.array(np.arange(body.num_rows, dtype="int64") + pos + 2))
    return RawTable(raw, ctx, notes)


def _width(sample: str, delim: str, text: str) -> int:
    """Columns to read: the widest line of ``sample`` plus slack, within the cell limit for ``text``."""
    width = max((line.count(delim) for line in sample.splitlines()), default=0) + 2
    if width * text.count("\n") > limits()["max_cells"]:
        raise FileRejected(f"bảng quá lớn (khoảng {width * text.count(chr(10)):,} ô) — table too large")
    return width


def _read_grid(text: str, delim: str, width: int) -> pd.DataFrame:
    return pd.read_csv(
        io.StringIO(text), sep=delim, header=None, names=range(width), dtype=object, keep_default_na=False,
        na_filter=False, skip_blank_lines=False, quotechar='"', doublequote=True, engine="c",
    )


def _first_line(exc: Exception) -> str:
    return re.sub(r"\s+", " ", str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__)
