"""One entry point for every export: :func:`read_export` picks the reader by content, not by file name."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa

from ingestion import spreadsheet, system_json, tabular
from ingestion.canonical import Interpreted, canonicalize_parts
from ingestion.files import check_cost, sniff
from ingestion.model import FileRejected, ParseResult, Pending
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


def finish(opened: list[Pending]) -> list[ParseResult]:
    """Interpret the raw tables of every file in ``opened`` in one pass (see canonicalize_parts), then
    make each file's result."""
    parts = [part for p in opened for part in p.parts]
    done = iter(canonicalize_parts(parts))
    return [p.assemble([next(done) for _ in p.parts]) for p in opened]


def open_export(path: Path, department: str, prof: Profile | None = None, name_hint: str | None = None
                ) -> Pending:
    """Read one export as far as it can be read alone: its raw tables, for :func:`finish` to interpret
    together with other files'."""
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
        return tabular.text_pending(data, prof)
    if kind in ("json", "jsonl"):
        return system_json.read_json(data, prof, lines=kind == "jsonl")
    if kind == "html":
        return _from_grids(spreadsheet.load_html(data), prof, "html")
    if kind in ("xlsx", "ole2"):
        return _from_grids(spreadsheet.load_excel(path, kind), prof, "xlsx" if kind == "xlsx" else "xls")
    raise FileRejected(f"không nhận dạng được loại tệp '{named.name}' — unrecognised file type")


def _is_statistics_office(p: Pending) -> bool:
    return getattr(p.assemble, "__module__", "").startswith("ingestion.statistics_office")


def _from_grids(grids: list[spreadsheet.Grid], prof: Profile, kind: str) -> Pending:
    """Each sheet is a Format A table or a Format B report; sheets that are neither are noted and skipped."""
    from ingestion import workbook  # Format B

    tables: list[tabular.RawTable] = []
    report_sheets = []
    for g in grids:
        if g.cells.empty:
            continue
        cells = g.cells.reset_index(drop=True)
        try:
            tabular.find_header(cells, prof)
        except FileRejected:
            report_sheets.append(g)
            continue
        tables.append(tabular.raw_table(cells, g.sheet, prof, first_row_number=int(g.cells.index[0])))
    report = workbook.prepare_report(report_sheets, prof, require=False) if report_sheets else None
    if report is None and report_sheets:
        # neither a table nor a template report: the statistics office's own workbook, whose layout is
        # inferred (ingestion/statistics_office)
        from ingestion.statistics_office import reader as statistics_office

        report = statistics_office.prepare(report_sheets, prof)
    if not tables and report is None:
        raise FileRejected(
            "không có trang nào theo mẫu dữ liệu (cột ma_chi_tieu, ky_bao_cao, gia_tri) hoặc mẫu báo cáo "
            "(dòng tiêu đề 'Chỉ tiêu', 'Đơn vị tính' và các cột kỳ báo cáo) — no recognisable sheet"
        )
    formats = "+".join(["A"] * bool(tables) + ["B"] * (report is not None))
    if report is not None and report_sheets and _is_statistics_office(report):
        formats = formats.replace("B", "GSO")

    def assemble(done: list[Interpreted]) -> ParseResult:
        results = [t.result(d, "A") for t, d in zip(tables, done, strict=False)]
        if report is not None:
            results.append(report.assemble(done[len(tables):]))
        result = ParseResult(
            pa.concat_tables([r.table for r in results]),
            pd.concat([r.problems for r in results], ignore_index=True),
            f"{formats}-{kind}",
        )
        result.derived = results[-1].derived if report is not None else None
        return result

    return Pending([(t.raw, t.ctx) for t in tables] + (report.parts if report is not None else []), assemble)
