"""Format A: one observation per row (CSV, TSV, or a plain spreadsheet sheet)."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ingestion.canonical import DEFAULT_COLUMNS, Context, Interpreted, problems_to_frame
from ingestion.files import decode, limits
from ingestion.model import FileRejected, ParseResult, Pending, problems_frame
from ingestion.reference import Profile
from ingestion.text import ascii_key
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


def find_header(grid: pd.DataFrame, profile: Profile) -> tuple[int, dict[int, str]]:
    """(row position, column mapping) of the header row within the first rows of a grid."""
    n = int(limits()["header_search_rows"])
    for pos in range(min(n, len(grid))):
        mapping = match_header(list(grid.iloc[pos]), profile)
        if _is_header(mapping):
            return pos, mapping
    raise FileRejected(
        "không tìm thấy dòng tiêu đề có các cột ma_chi_tieu, ky_bao_cao, gia_tri trong "
        f"{n} dòng đầu — no recognisable header row"
    )


@dataclass
class RawTable:
    """A Format A table located and cut out of its grid, not yet interpreted (see canonicalize_parts)."""

    raw: pd.DataFrame
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


def raw_table(grid: pd.DataFrame, sheet: str | None, profile: Profile, first_row_number: int = 1) -> RawTable:
    """Find the header row of a grid and cut out its body as raw cells by field."""
    pos, mapping = find_header(grid, profile)
    found = set(mapping.values())
    missing = [c for c in REQUIRED if c not in found]
    if "ma_dia_ban" not in found and "dia_ban" not in found:
        missing.append("ma_dia_ban hoặc dia_ban")
    if missing:
        raise FileRejected(f"thiếu cột bắt buộc: {', '.join(missing)} — required column missing")
    header_cells = list(grid.iloc[pos])
    notes = []
    unknown = [str(c).strip() for i, c in enumerate(header_cells)
               if i not in mapping and c is not None and not (isinstance(c, float) and pd.isna(c)) and str(c).strip()]
    if unknown:
        notes.append({
            "sheet": sheet, "row_number": first_row_number + pos, "column_name": ", ".join(unknown),
            "raw_value": ", ".join(unknown), "severity": "warning",
            "reason": "cột không thuộc mẫu báo cáo, đã bỏ qua (ghi nhận một lần cho cả tệp) — unknown columns ignored",
        })
    cells = grid.to_numpy(dtype=object)[pos + 1 :]
    raw = pd.DataFrame({FIELD_OF[c]: cells[:, i] for i, c in mapping.items()}, dtype=object)
    raw["row_number"] = np.arange(pos + 1, len(grid), dtype="int64") + first_row_number
    raw["sheet"] = sheet
    ctx = Context(
        profile=profile,
        columns={FIELD_OF[c]: str(header_cells[i]).strip() for i, c in mapping.items()},
        skip_blank_rows=True,
    )
    return RawTable(raw, ctx, problems_frame(notes) if notes else None)


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
    """A CSV/TSV export decoded, split and cut out, not yet interpreted."""
    try:
        text = decode(data)
    except UnicodeDecodeError as exc:
        raise FileRejected(f"không đọc được mã hóa ký tự của tệp ({exc.reason}) — unreadable text encoding") from exc
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
