"""One entry point for every export: :func:`read_export` picks the reader by content, not by file name."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ingestion import spreadsheet, system_json, tabular
from ingestion.canonical import canonicalize_parts
from ingestion.files import check_cost, sniff
from ingestion.model import FileRejected, ParseResult, empty_rows, problems_frame
from ingestion.reference import Profile
from ingestion.reference import profile as load_profile

TEXT_SUFFIXES = {".csv", ".tsv", ".txt", ".tab"}
SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls"}


def read_export(path: Path, department: str, prof: Profile | None = None, name_hint: str | None = None
                ) -> ParseResult:
    """Read one departmental export into canonical rows and row-level problems.

    ``name_hint`` is the name the file was sent under, when ``path`` is an archived copy.
    Raises :class:`FileRejected` (with a message for the clerk) when the file cannot be read at all.
    """
    return finish([open_export(path, department, prof, name_hint)])[0]


def finish(opened: list[ParseResult | tabular.RawTable]) -> list[ParseResult]:
    """Interpret the machine-export tables among ``opened`` in one pass (see canonicalize_parts)."""
    tables = [(i, o) for i, o in enumerate(opened) if isinstance(o, tabular.RawTable)]
    out: list[ParseResult] = list(opened)  # type: ignore[arg-type]
    done = canonicalize_parts([(t.raw, t.ctx) for _, t in tables])
    for (i, t), (rows, problems) in zip(tables, done, strict=True):
        out[i] = ParseResult(*t.finish(rows, problems), "A-csv")
    return out


def open_export(path: Path, department: str, prof: Profile | None = None, name_hint: str | None = None
                ) -> ParseResult | tabular.RawTable:
    """Read one export as far as it can be read alone: a machine export (CSV/TSV) comes back as its raw
    table, for :func:`finish` to interpret together with others; every other format is read whole."""
    path = Path(path)
    prof = prof or load_profile(department)
    named = Path(name_hint) if name_hint else path
    with open(path, "rb") as fh:
        head = fh.read(65536)
    kind = sniff(named, head)
    suffix = named.suffix.lower()
    if kind == "empty":
        raise FileRejected("tệp rỗng, không có dữ liệu — the file is empty")
    if kind == "binary":
        raise FileRejected(f"tệp '{named.name}' không phải văn bản, bảng tính hay JSON — unrecognised binary content")
    if suffix in TEXT_SUFFIXES and kind in ("xlsx", "ole2"):
        raise FileRejected(
            f"tệp mang đuôi {suffix} nhưng nội dung là tệp nhị phân (bảng tính Excel); hãy xuất lại dưới dạng "
            f"CSV hoặc gửi với đuôi .xlsx — binary content under a {suffix} name"
        )
    check_cost(path, kind)
    data = path.read_bytes() if kind not in ("xlsx", "ole2") else b""
    if kind == "text":
        return tabular.text_raw_table(data, prof)
    if kind in ("json", "jsonl"):
        rows, problems = system_json.read_json(data, prof, lines=kind == "jsonl")
        return ParseResult(rows, problems, f"C-{kind}")
    if kind == "html":
        grids = spreadsheet.load_html(data)
        return _from_grids(grids, prof, "html")
    if kind in ("xlsx", "ole2"):
        return _from_grids(spreadsheet.load_excel(path, kind), prof, "xlsx" if kind == "xlsx" else "xls")
    raise FileRejected(f"không nhận dạng được loại tệp '{named.name}' — unrecognised file type")


def _from_grids(grids: list[spreadsheet.Grid], prof: Profile, kind: str) -> ParseResult:
    """Each sheet is a Format A table or a Format B report; sheets that are neither are noted and skipped."""
    from ingestion import workbook  # Format B

    rows, problems, formats = [], [], set()
    report_sheets = []
    for g in grids:
        if g.cells.empty:
            continue
        try:
            tabular.find_header(g.cells.reset_index(drop=True), prof)
        except FileRejected:
            report_sheets.append(g)
            continue
        r, p = tabular.from_grid(g.cells.reset_index(drop=True), g.sheet, prof, first_row_number=int(g.cells.index[0]))
        rows.append(r)
        problems.append(p)
        formats.add("A")
    derived = None
    if report_sheets:
        report = workbook.read_report(report_sheets, prof, require=not formats)
        if report is not None:
            rows.append(report.rows)
            problems.append(report.problems)
            derived = report.derived
            formats.add("B")
    if not formats:
        raise FileRejected(
            "không có trang nào theo mẫu dữ liệu (cột ma_chi_tieu, ky_bao_cao, gia_tri) hoặc mẫu báo cáo "
            "(dòng tiêu đề 'Chỉ tiêu', 'Đơn vị tính' và các cột kỳ báo cáo) — no recognisable sheet"
        )
    result = ParseResult(
        pd.concat(rows, ignore_index=True) if rows else empty_rows(),
        pd.concat(problems, ignore_index=True) if problems else problems_frame([]),
        "+".join(sorted(formats)) + f"-{kind}",
    )
    result.derived = derived
    return result
