"""Format B: report workbooks (ingestion.workbook), read directly and through readers.read_export."""

from __future__ import annotations

import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # run from a checkout without installing the package
    sys.path.insert(0, str(ROOT))

from ingestion.model import PROBLEM_COLUMNS, FileRejected  # noqa: E402
from ingestion.readers import read_export  # noqa: E402
from ingestion.reference import profile  # noqa: E402
from ingestion.spreadsheet import load_excel  # noqa: E402
from ingestion.workbook import DERIVED_COLUMNS, Report, read_report  # noqa: E402

SAMPLE = ROOT / "tests" / "fixtures" / "SCT" / "bao_cao_thang_05_2022.xlsx"

TM = "Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng"
XK = "Kim ngạch xuất khẩu"
NK = "Kim ngạch nhập khẩu"
HDDT = "Số doanh nghiệp sử dụng hợp đồng điện tử"
DN = "Số doanh nghiệp thành lập mới"

MOTTO = [
    ["UBND TỈNH BÌNH DƯƠNG", None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
    ["SỞ CÔNG THƯƠNG", None, None, "Độc lập - Tự do - Hạnh phúc"],
]
SIGNATURE = [
    [],
    [None, "Người lập biểu", None, "THỦ TRƯỞNG ĐƠN VỊ"],
    [None, None, None, "(Ký, ghi rõ họ tên, đóng dấu)"],
    ["Nơi nhận:"],
    ["- Lưu: VT, 12.345"],
]


def make_xlsx(path: Path, sheets: dict[str, list[list[object]]], merges: dict[str, list[str]] | None = None,
              origin: tuple[int, int] = (1, 1)) -> Path:
    """A real .xlsx: each sheet's rows written from ``origin`` (row, column), then the merged ranges."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                if v is not None:
                    ws.cell(row=origin[0] + r, column=origin[1] + c, value=v)
        for rng in (merges or {}).get(name, []):
            ws.merge_cells(rng)
    wb.save(path)
    return path


def report(path: Path, department: str = "SCT") -> Report:
    return read_report(load_excel(path, "xlsx"), profile(department))


def values(rows: pd.DataFrame) -> dict[tuple[str, str, str, str], float]:
    """(indicator, area, period, value type) -> value."""
    return {
        (r.indicator_code, r.area_code, r.period_code, r.value_type): r.value for r in rows.itertuples()
    }


def errors(problems: pd.DataFrame) -> pd.DataFrame:
    return problems[problems["severity"] == "error"]


# ------------------------------------------------------------------------------------------------------
# the shared sample
# ------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample() -> Report:
    return report(SAMPLE)


def _one(rows: pd.DataFrame, code: str, period: str, vt: str) -> pd.Series:
    hit = rows[(rows.indicator_code == code) & (rows.period_code == period) & (rows.value_type == vt)]
    assert len(hit) == 1, hit
    return hit.iloc[0]


def test_sample_values(sample: Report) -> None:
    rows = sample.rows
    tm = _one(rows, "TM.001", "2022-05", "actual")
    assert tm.value == pytest.approx(24512.3) and tm.status == "estimate"
    assert _one(rows, "TM.001", "2022-05", "ytd").value == pytest.approx(119874.6)
    assert _one(rows, "TM.001", "2022", "plan").value == pytest.approx(285000)
    xk = _one(rows, "XNK.001", "2022-05", "actual")
    assert xk.value == pytest.approx(2811.4) and xk.status == "estimate"
    nk = _one(rows, "XNK.002", "2022-05", "actual")
    assert nk.value == pytest.approx(2074.6) and nk.value_raw == "2074.6"  # a numeric cell
    assert _one(rows, "XNK.002", "2022-05", "ytd").value == pytest.approx(10255.1)
    assert _one(rows, "CDS.013", "2022-05", "ytd").value == pytest.approx(412)
    assert len(rows[rows.indicator_code == "CDS.013"]) == 1  # '-' and 'x' are no value, never zero
    assert set(rows.area_code) == {"74"}
    assert errors(sample.problems).empty
    assert list(sample.problems.columns) == PROBLEM_COLUMNS
    assert tm.row_number == 12 and tm.sheet == "BC thang 5"  # the row the clerk sees


def test_sample_derived_cells_are_not_loaded(sample: Report) -> None:
    assert sample.derived.schema.names == DERIVED_COLUMNS
    d = sample.derived.to_pandas()
    assert not (sample.rows.period_code.str.startswith("2021")).any()
    ck = d[(d.kind == "same_period_last_year") & (d.indicator_code == "TM.001")].iloc[0]
    assert (ck.period_code, ck.value_type, ck.cell, ck.column_name) == ("2021-05", "ytd", "G12", "Cùng kỳ năm 2021")
    assert ck.value == pytest.approx(105321.0) and ck.raw_value == "105.321,0"
    ratios = d[(d.kind == "ratio") & (d.indicator_code == "TM.001")].set_index("formula")
    assert ratios.loc["5=3/1", "value"] == pytest.approx(42.1)
    assert ratios.loc["6=3/4", "value"] == pytest.approx(113.8)
    assert ratios.loc["6=3/4", "column_name"] == "So sánh (%) / So với CK"
    assert ratios.loc["6=3/4", "cell"] == "I12"
    assert d[d.indicator_code == "CDS.013"].empty  # its derived cells are '-' or blank


def test_sample_through_read_export() -> None:
    result = read_export(SAMPLE, "SCT")
    assert result.format == "B-xlsx"
    assert len(result.rows) == 10
    assert result.refused_rows == 0
    assert result.derived is not None and len(result.derived) == 9


# ------------------------------------------------------------------------------------------------------
# generated workbooks
# ------------------------------------------------------------------------------------------------------


def simple_sheet(title: str, header: list[str], body: list[list[object]], pre: list[list[object]] | None = None
                 ) -> list[list[object]]:
    return [*MOTTO, [], [None, title], *(pre or []), [], ["STT", "Chỉ tiêu", "Đơn vị tính", *header], *body,
            *SIGNATURE]


def test_one_sheet_per_district(tmp_path: Path) -> None:
    header = ["Ước thực hiện tháng 5/2022", "Lũy kế 5 tháng năm 2022"]
    sheets = {
        "TP Dĩ An": simple_sheet("BÁO CÁO THÁNG 5 NĂM 2022", header, [[1, DN, "doanh nghiệp", "120", "610"]]),
        "Thuận An": simple_sheet("BÁO CÁO THÁNG 5 NĂM 2022", header, [[1, DN, "doanh nghiệp", "95", "488"]]),
        "Tổng hợp": simple_sheet("BÁO CÁO THÁNG 5 NĂM 2022", header, [[1, DN, "doanh nghiệp", "1.015", "5.020"]]),
    }
    path = make_xlsx(tmp_path / "huyen.xlsx", sheets)
    for rep in (report(path), read_export(path, "SCT")):
        v = values(rep.rows)
        assert v[("DN.001", "724", "2022-05", "actual")] == 120
        assert v[("DN.001", "725", "2022-05", "ytd")] == 488
        assert v[("DN.001", "74", "2022-05", "actual")] == 1015  # a sheet not named after an area: the province
        assert len(rep.rows) == 6
        assert errors(rep.problems).empty
        # ... noted, since the other sheets are named after areas
        assert (rep.problems.sheet == "Tổng hợp").any()


def test_area_line_names_the_area(tmp_path: Path) -> None:
    sheet = simple_sheet("BÁO CÁO THÁNG 5 NĂM 2022", ["Thực hiện tháng 5/2022"],
                         [[1, DN, "doanh nghiệp", 40]], pre=[["Địa bàn: Huyện Bàu Bàng"]])
    sheet2 = simple_sheet("BÁO CÁO THÁNG 5 NĂM 2022", ["Thực hiện tháng 5/2022"],
                          [[1, DN, "doanh nghiệp", 41]], pre=[["Đơn vị: Sở Kế hoạch và Đầu tư"]])
    rep = report(make_xlsx(tmp_path / "a.xlsx", {"Sheet1": sheet, "Sheet2": sheet2}))
    assert set(zip(rep.rows.sheet, rep.rows.area_code, rep.rows.status, strict=True)) == {
        ("Sheet1", "719", "official"), ("Sheet2", "74", "official")}  # 'Đơn vị: Sở ...' is no area


def test_sheet_name_and_area_line(tmp_path: Path) -> None:
    def sheet(line: str, value: int) -> list[list[object]]:
        return simple_sheet("BÁO CÁO THÁNG 5 NĂM 2022", ["Thực hiện tháng 5/2022"], [[1, DN, "doanh nghiệp", value]],
                            pre=[[line]])

    rep = report(make_xlsx(tmp_path / "a.xlsx", {
        "Dĩ An": sheet("Địa bàn: Tỉnh Bình Dương", 1),  # the template's line left unchanged: the sheet name wins
        "Thuận An": sheet("Địa bàn: Thị xã Thuận An", 2),  # an older type, same area
        "Bến Cát": sheet("Địa bàn: Huyện Phú Giáo", 3),  # contradictory: quarantined
    }))
    assert values(rep.rows) == {("DN.001", "724", "2022-05", "actual"): 1, ("DN.001", "725", "2022-05", "actual"): 2}
    err = errors(rep.problems)
    assert list(err.sheet) == ["Bến Cát"] and err.iloc[0].raw_value == "Huyện Phú Giáo"
    assert (rep.problems[rep.problems.severity == "warning"].sheet == "Dĩ An").all()


def test_html_report_saved_as_xls(tmp_path: Path) -> None:
    html = """<html><body><table>
    <tr><td colspan=6>BÁO CÁO MỘT SỐ CHỈ TIÊU THÁNG 5 NĂM 2022</td></tr>
    <tr><td colspan=6>Đơn vị: UBND huyện Dầu Tiếng</td></tr>
    <tr><th rowspan=2>STT</th><th rowspan=2 colspan=2>Chỉ tiêu</th><th rowspan=2>ĐVT</th>
        <th colspan=2>Thực hiện</th><th>So sánh (%)</th></tr>
    <tr><th>Tháng 5/2022</th><th>5 tháng 2022</th><th>So với CK</th></tr>
    <tr><td>I</td><td colspan=2>DOANH NGHIỆP</td></tr>
    <tr><td>1</td><td>Số doanh nghiệp thành lập mới</td><td></td><td>doanh nghiệp</td><td>12</td><td>60</td>
        <td>101,2</td></tr>
    <tr><td></td><td></td><td>Trong đó: Vốn đăng ký của doanh nghiệp thành lập mới</td><td>triệu đồng</td>
        <td>1.200,5</td><td>6.000</td><td></td></tr>
    <tr><td></td><td>Người lập biểu</td><td></td><td></td><td>Giám đốc</td></tr>
    </table></body></html>"""
    path = tmp_path / "bao_cao.xls"
    path.write_text(html, encoding="utf-8")
    result = read_export(path, "SCT")
    assert result.format == "B-html"
    assert values(result.rows) == {
        ("DN.001", "720", "2022-05", "actual"): 12,
        ("DN.001", "720", "2022-05", "ytd"): 60,
        ("DN.002", "720", "2022-05", "actual"): pytest.approx(1.2005),  # triệu đồng -> tỷ đồng
        ("DN.002", "720", "2022-05", "ytd"): pytest.approx(6),
    }
    assert result.problems.empty
    assert result.derived["column_name"].to_pylist() == ["So sánh (%) / So với CK"]


def test_unknown_area_line_quarantines_the_rows(tmp_path: Path) -> None:
    sheet = simple_sheet("BÁO CÁO THÁNG 5 NĂM 2022", ["Thực hiện tháng 5/2022"],
                         [[1, DN, "doanh nghiệp", 40]], pre=[["Địa bàn: Huyện Không Có"]])
    rep = report(make_xlsx(tmp_path / "a.xlsx", {"Sheet1": sheet}))
    assert rep.rows.empty
    err = errors(rep.problems)
    assert len(err) == 1 and err.iloc[0].column_name == "Địa bàn" and "Không Có" in err.iloc[0].raw_value


def test_headers_without_year_take_the_title_year(tmp_path: Path) -> None:
    sheet = simple_sheet(
        "BÁO CÁO MỘT SỐ CHỈ TIÊU KINH TẾ - XÃ HỘI THÁNG 5 NĂM 2023",
        ["Kế hoạch năm", "Ước thực hiện tháng 5", "Luỹ kế đến tháng 5", "Cùng kỳ", "So với KH (%)"],
        [["I", "THƯƠNG MẠI"], [1, TM, "tỷ đồng", "300.000", "25.000,5", "120.000", "110.000", "40,0"]],
        pre=[["(Kèm theo Báo cáo số 12/BC-SCT ngày 25 tháng 5 năm 2022)"]],
    )
    rep = report(make_xlsx(tmp_path / "noyear.xlsx", {"Báo cáo": sheet}))
    v = values(rep.rows)
    assert v == {
        ("TM.001", "74", "2023", "plan"): 300000,
        ("TM.001", "74", "2023-05", "actual"): 25000.5,
        ("TM.001", "74", "2023-05", "ytd"): 120000,
    }
    d = rep.derived.to_pandas()
    ck = d[d.kind == "same_period_last_year"].iloc[0]
    assert (ck.period_code, ck.value_type) == ("2022-05", "ytd")  # mirrors the ytd column on its left
    assert errors(rep.problems).empty


def test_header_variants(tmp_path: Path) -> None:
    sheet = simple_sheet(
        "BÁO CÁO TÌNH HÌNH 6 THÁNG ĐẦU NĂM 2022",
        ["Thực hiện quý I/2022", "Sơ bộ tháng 6/2022", "Ước tính 6 tháng đầu năm 2022", "5 tháng năm 2022",
         "Năm 2021", "Tăng/giảm", "Ghi chú", "Cột lạ"],
        [[1, XK, "triệu USD", "8.000", "2.900", "17.000,5", "14.000", "30.000", "+5", "ghi chú", "7"]],
    )
    rep = report(make_xlsx(tmp_path / "variants.xlsx", {"S": sheet}))
    got = {(r.period_code, r.value_type, r.status): r.value for r in rep.rows.itertuples()}
    assert got == {
        ("2022-Q1", "actual", "official"): 8000,
        ("2022-06", "actual", "preliminary"): 2900,
        ("2022-S1", "actual", "estimate"): 17000.5,
        ("2022-05", "ytd", "official"): 14000,
        ("2021", "actual", "official"): 30000,
    }
    warn = rep.problems[rep.problems.severity == "warning"]
    assert list(warn.column_name) == ["Cột lạ"]  # an unclassifiable header: a warning, not a rejection
    assert rep.derived["kind"].to_pylist() == ["ratio"]


def test_old_tone_placement_and_unmatched_sub_row(tmp_path: Path) -> None:
    sheet = simple_sheet(
        "BÁO CÁO THÁNG 5 NĂM 2022",
        ["Thực hiện tháng 5/2022"],
        [
            ["I", "THƯƠNG MẠI - DỊCH VỤ"],
            [1, "Tổng mức bán lẻ hàng hoá và doanh thu dịch vụ tiêu dùng", "tỷ đồng", "24.512,3"],
            ["1.1", "Trong đó: Doanh thu thử nghiệm không có trong danh mục", "tỷ đồng", "2.100"],
            [None, "Trong đó:"],
            ["a)", "- Kim ngạch xuất khẩu", "triệu USD", "2.811,4"],
            [2, "Số doanh nghiệp thành lập mới", "doanh nghiệp", "KPH"],
        ],
    )
    rep = report(make_xlsx(tmp_path / "tones.xlsx", {"S": sheet}))
    assert values(rep.rows) == {("TM.001", "74", "2022-05", "actual"): 24512.3,
                                ("XNK.001", "74", "2022-05", "actual"): 2811.4}
    err = errors(rep.problems)
    assert len(err) == 1  # the sub-row; not the section rows, not 'Trong đó:', not the KPH row
    p = err.iloc[0]
    assert p.raw_value == "Trong đó: Doanh thu thử nghiệm không có trong danh mục"
    assert p.column_name == "Chỉ tiêu" and p.row_number == 9


def test_two_row_merged_header(tmp_path: Path) -> None:
    rows = [
        [None, "BÁO CÁO KẾT QUẢ THỰC HIỆN THÁNG 5 NĂM 2022"],
        [],
        ["STT", "Chỉ tiêu", "ĐVT", "Năm 2022", None, "Thực hiện", None, "So sánh (%)", None],
        [None, None, None, "Kế hoạch", "Ước TH tháng 5", "Lũy kế 5 tháng", "Cùng kỳ", "So với KH", "So với CK"],
        ["A", "B", "C", 1, 2, 3, 4, "5=3/1", "6=3/4"],
        [1, "Kim ngạch nhập khẩu", "triệu USD", 26000, 2074.6, 10255.1, 9517.3, 39.4, 107.8],
        [2, "Kim ngạch xuất khẩu", "tỷ USD", "34", "2,8114", "-", "x", "…", "..."],
        *SIGNATURE,
    ]
    merges = ["B4:B5", "C4:C5", "D4:D5", "E4:F4", "G4:H4", "I4:J4"]  # sheet cells: the table starts at B2
    path = make_xlsx(tmp_path / "merged.xlsx", {"BC": rows}, {"BC": merges}, origin=(2, 2))
    rep = report(path)
    v = values(rep.rows)
    assert v[("XNK.002", "74", "2022", "plan")] == 26000
    assert v[("XNK.002", "74", "2022-05", "actual")] == pytest.approx(2074.6)
    assert v[("XNK.002", "74", "2022-05", "ytd")] == pytest.approx(10255.1)
    assert v[("XNK.001", "74", "2022-05", "actual")] == pytest.approx(2811.4)  # tỷ USD -> triệu USD
    assert v[("XNK.001", "74", "2022", "plan")] == pytest.approx(34000)
    assert len(rep.rows) == 5
    assert set(rep.rows.row_number) == {7, 8}  # sheet rows, although the table starts at B2
    est = rep.rows[rep.rows.value_type == "actual"]
    assert set(est.status) == {"estimate"}
    d = rep.derived.to_pandas().set_index("cell")
    assert d.loc["H7", "kind"] == "same_period_last_year" and d.loc["H7", "period_code"] == "2021-05"
    assert d.loc["H7", "value_type"] == "ytd" and d.loc["H7", "column_name"] == "Thực hiện / Cùng kỳ"
    assert d.loc["J7", "formula"] == "6=3/4" and d.loc["J7", "value"] == pytest.approx(107.8)
    assert d.loc["J7", "column_name"] == "So sánh (%) / So với CK"
    assert len(d) == 3  # XNK.001's derived cells are all empty markers
    assert errors(rep.problems).empty
    assert (rep.problems.severity == "warning").sum() == 0


def test_problem_names_the_value_column(tmp_path: Path) -> None:
    sheet = simple_sheet("BÁO CÁO THÁNG 5 NĂM 2022", ["Kế hoạch năm 2022", "Ước thực hiện tháng 5/2022"],
                         [[1, DN, "doanh nghiệp", "5.000", "58.16"], [2, XK, "lít", "1", "2"]])
    rep = report(make_xlsx(tmp_path / "bad.xlsx", {"S": sheet}))
    err = errors(rep.problems).set_index("column_name")
    assert err.loc["Ước thực hiện tháng 5/2022", "raw_value"] == "58.16"  # '58.16' is not a Vietnamese number
    assert err.loc["Ước thực hiện tháng 5/2022", "row_number"] == 7
    assert err.loc["Đơn vị tính", "raw_value"] == "lít"  # one problem for the row, not one per value cell
    assert values(rep.rows) == {("DN.001", "74", "2022", "plan"): 5000}


def test_no_report_header_is_rejected(tmp_path: Path) -> None:
    path = make_xlsx(tmp_path / "none.xlsx", {"S": [*MOTTO, [None, "BÁO CÁO THÁNG 5 NĂM 2022"],
                                                   ["Nội dung", "Số liệu"], ["Kim ngạch xuất khẩu", "1"]]})
    with pytest.raises(FileRejected, match="Chỉ tiêu"):
        report(path)
    with pytest.raises(FileRejected):
        read_export(path, "SCT")
    assert read_report(load_excel(path, "xlsx"), profile("SCT"), require=False) is None


def test_header_without_a_classifiable_column_is_rejected(tmp_path: Path) -> None:
    sheet = [[None, "BÁO CÁO"], ["STT", "Chỉ tiêu", "Đơn vị tính", "Số liệu", "Ghi chú"], [1, DN, "dn", "5"]]
    with pytest.raises(FileRejected, match="Số liệu") as exc:
        report(make_xlsx(tmp_path / "nocol.xlsx", {"S": sheet}))
    assert " — " in str(exc.value)


def test_a_large_workbook_reads_every_cell(tmp_path: Path) -> None:
    """Volume: 4 sheets × 500 rows. Speed itself is measured by the benchmark, never asserted here."""
    names = [TM, XK, NK, HDDT, DN]
    body = [[i + 1, names[i % 5], "", f"{i}.123,4", str(i), i * 1.5, "-", "12,5"] for i in range(500)]
    sheet = simple_sheet("BÁO CÁO THÁNG 5 NĂM 2022",
                         ["Kế hoạch năm 2022", "Ước thực hiện tháng 5/2022", "Lũy kế 5 tháng năm 2022",
                          "Cùng kỳ năm 2021", "So sánh (%)"], body)
    path = make_xlsx(tmp_path / "big.xlsx", {f"S{i}": sheet for i in range(4)})
    grids = load_excel(path, "xlsx")
    cells = sum(g.cells.size for g in grids)
    assert cells > 4 * 500 * 8
    rep = read_report(grids, profile("SCT"))
    assert len(rep.rows) == 4 * 500 * 3
    assert len(rep.derived) == 4 * 500  # the "So sánh" cells; "Cùng kỳ" holds "-"
