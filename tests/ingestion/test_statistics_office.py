"""The statistics office's real monthly workbooks (tests/fixtures/gso_monthly, 2008-2025), read whole.

Cells are pinned to the value the workbook holds and to the indicator, area, period, value type and status
the reader gives them; the share of numeric cells with a meaning and the count of those without one are
pinned per file.
"""

from __future__ import annotations

import time
from functools import lru_cache
from pathlib import Path

import pytest

from ingestion.readers import read_export
from ingestion.statistics_office.headings import Context, parse_heading, parse_title
from ingestion.statistics_office.legacy_text import decode_legacy, decode_with_encoding
from ingestion.statistics_office.reader import Reading, read_file

GSO = Path(__file__).resolve().parents[1] / "fixtures" / "gso_monthly"
FILES = {
    "2008": "2008-02-29-Solieu0208-1.xls",
    "2016": "2016-02-29-Bieu-02-2016.xls",
    "2021": "2021-02-28-02.-Bieu-02-2021_cap-nhap-XNK.xlsx",
    "2023": "2023-12-29-02.Bieu-T12.2023.xlsx",
    "2024": "2024-06-29-02.Bieu-T6.2024.xlsx",
    "2025": "2025-02-28-Bieu-T2.2025-1.xlsx",
}


@lru_cache(maxsize=8)
def reading(year: str) -> Reading:
    return read_file(GSO / FILES[year])


def cell(year: str, sheet: str, ref: str):
    found = [c for c in reading(year).cells if c.sheet == sheet and c.ref == ref]
    assert found, f"{sheet}!{ref} not read"
    return found[0]


# ---- legacy text ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("raw", "text"), [
    ("Gi¸ trÞ s¶n xuÊt c«ng nghiÖp", "Giá trị sản xuất công nghiệp"),
    ("Thùc hiÖn (Tû ®ång)", "Thực hiện (Tỷ đồng)"),
    ("¦íc tÝnh", "Ước tính"),
    ("Céng dån", "Cộng dồn"),
    ("            TæNG Sè", "            TỔNG SỐ"),  # an uppercase font: its lowercase code points are capitals
    ("Khu vùc cã vèn ®Çu t\xad n\xadíc ngoµi", "Khu vực có vốn đầu tư nước ngoài"),
    ("Giµy, dÐp, ñng b»ng da gi¶ cho ng\xadêi lín", "Giày, dép, ủng bằng da giả cho người lớn"),
    ("Ngh×n tấn", "Nghìn tấn"),  # one word retyped in Unicode beside one in TCVN3
    ("Dầu thùc vËt tinh luyÖn", "Dầu thực vật tinh luyện"),
    ("¤ t«(*)", "Ô tô(*)"),
    ("ChØ sè gi¸ ®« la mü", "Chỉ số giá đô la mỹ"),
])
def test_tcvn3_words_are_decoded(raw, text):
    assert decode_legacy(raw) == text
    assert decode_with_encoding(raw)[1] == "tcvn3"


@pytest.mark.parametrize(("raw", "text"), [
    ("Thöïc hieän", "Thực hiện"), ("Ñoàng Nai", "Đồng Nai"), ("Chæ soá giaù", "Chỉ số giá"), ("Tyû ñoàng", "Tỷ đồng"),
])
def test_vni_words_are_decoded(raw, text):
    assert decode_with_encoding(raw) == (text, "vni")


@pytest.mark.parametrize("text", ["Tháng 02/2008", "Hà Nội", "Hoà Chí Minh", "Ôx-trây-li-a", "Quần đảo Virgin",
                                  "Thủy sản", "Cà phê"])
def test_unicode_text_is_left_alone(text):
    assert decode_with_encoding(text) == (text, None)


def test_a_cell_without_evidence_is_decoded_only_in_a_legacy_sheet_and_into_known_words():
    assert decode_legacy("Kú gèc") == "Kú gèc"
    assert decode_legacy("Kú gèc", prior=True) == "Kỳ gốc"
    assert decode_legacy("Tháng 2", prior=True) == "Tháng 2"  # 'Tháng' is a word already: not 'Thỏng'


# ---- headings ---------------------------------------------------------------------------------------------
FEB_2025 = Context(year=2025)


@pytest.mark.parametrize(("heading", "role", "period", "value_type", "status", "base"), [
    ("Thực hiện tháng 01 năm 2025", "level", "2025-01", "actual", "official", ""),
    ("Ước tính tháng 02 năm 2025", "level", "2025-02", "actual", "estimate", ""),
    ("Sơ bộ tháng 01 năm 2025", "level", "2025-01", "actual", "preliminary", ""),
    ("Cộng dồn 2 tháng năm 2025", "level", "2025-02", "ytd", "", ""),
    ("Ước tính 02 tháng năm 2025 Tổng mức (Tỷ đồng)", "level", "2025-02", "ytd", "estimate", ""),
    ("Sơ bộ quý I năm 2024", "level", "2024-Q1", "actual", "preliminary", ""),
    ("Ước tính Quý IV năm 2023", "level", "2023-Q4", "actual", "estimate", ""),
    ("Cộng dồn 6 tháng năm 2024", "level", "2024-06", "ytd", "", ""),
    ("Ước tính năm 2023", "level", "2023", "actual", "estimate", ""),
    ("Thực hiện vụ đông xuân năm 2024 Chia ra Miền Bắc", "level", "2024", "actual", "official", ""),
    ("Tháng 02 năm 2025 so với cùng kỳ năm trước (%)", "comparison", "2025-02", "actual", "",
     "same_period_previous_year"),
    ("Tháng 02 năm 2025 so với tháng trước", "comparison", "2025-02", "actual", "", "previous_period"),
    ("2 tháng năm 2025 so với cùng kỳ năm trước", "comparison", "2025-02", "ytd", "", "same_period_previous_year"),
    ("Tháng 02 năm 2025 so với: Kỳ gốc (2019)", "comparison", "2025-02", "actual", "", "base_year:2019"),
    ("Tháng 02 năm 2025 so với: Tháng 02 năm 2024", "comparison", "2025-02", "actual", "",
     "same_period_previous_year"),
    ("Tháng 02 năm 2025 so với: Tháng 12 năm 2024", "comparison", "2025-02", "actual", "", "december_previous_year"),
    ("Tháng 02 năm 2025 so với: Tháng 01 năm 2025", "comparison", "2025-02", "actual", "", "previous_period"),
    ("Bình quân 02 tháng năm 2025 so với cùng kỳ năm 2024", "comparison", "2025-02", "ytd", "",
     "same_period_previous_year"),
    ("02 tháng năm 2025 so với kế hoạch năm 2025 (%)", "comparison", "2025-02", "ytd", "", "plan"),
    ("Thực hiện so với kế hoạch năm 2008 (%) Tháng 2/2008", "comparison", "2008-02", "actual", "official", "plan"),
    ("Tháng 02/2008 so với tháng 01/2008", "comparison", "2008-02", "actual", "", "previous_period"),
    ("Chỉ số sử dụng lao động thời điểm 01/02/2025 so với cùng thời điểm tháng trước", "comparison", "2025-02",
     "actual", "", "previous_period"),
    ("Năm 2023 so với năm trước (%)", "comparison", "2023", "actual", "", "same_period_previous_year"),
    ("Cơ cấu (%) Quý I năm 2024", "share", "2024-Q1", "actual", "", ""),
])
def test_heading_meanings(heading, role, period, value_type, status, base):
    m = parse_heading(heading, FEB_2025)
    assert (m.role, m.period, m.value_type, m.status, m.base) == (role, period, value_type, status, base)


def test_heading_measures_units_and_areas():
    m = parse_heading("Sơ bộ tháng 02 năm 2025 Trị giá", FEB_2025)
    assert m.measure == "tri gia"
    assert parse_heading("02 tháng năm 2025 Vốn đăng ký (Tỷ đồng)", FEB_2025).unit == "Tỷ đồng"
    assert parse_heading("Năm 2023 so với năm 2022 (%) Chia ra: Miền Nam", FEB_2025).area == "mien nam"
    assert parse_heading("Đơn vị tính", FEB_2025).role == "unit"
    assert parse_heading("Tháng 02 năm 2025 +/-", FEB_2025).role == "difference"


def test_headings_without_a_period_take_the_title_s():
    period, subject = parse_title("1. Sản xuất nông nghiệp đến ngày 20 tháng 02 năm 2025")
    assert (period.code, subject) == ("2025-02", "san xuat nong nghiep")
    assert parse_heading("Thực hiện kỳ này", Context(title_period=period)).period == "2025-02"
    assert parse_heading("Thực hiện cùng kỳ năm trước", Context(title_period=period)).period == "2024-02"
    period, _ = parse_title("12. Đầu tư nước ngoài vào Việt Nam được cấp phép từ 01/01- 28/02/2025")
    assert (period.code, period.ytd) == ("2025-02", True)
    m = parse_heading("Số dự án (Dự án)", Context(title_period=period))
    assert (m.period, m.value_type, m.unit) == ("2025-02", "ytd", "Dự án")


# ---- the six workbooks, cell by cell ------------------------------------------------------------------------
PINS = [
    # year, sheet, cell, value, outcome, indicator, area, period, value type, status
    ("2025", "3.SPCNthang", "C9", 3439.7326528144504, "observation", "CN.SPCN.THAN_DA_THAN_SACH", "VN", "2025-01",
     "actual", "official"),
    ("2025", "3.SPCNthang", "D9", 3769.05763761441, "observation", "CN.SPCN.THAN_DA_THAN_SACH", "VN", "2025-02",
     "actual", "estimate"),
    ("2025", "3.SPCNthang", "E9", 7208.79029042886, "observation", "CN.SPCN.THAN_DA_THAN_SACH", "VN", "2025-02",
     "ytd", "estimate"),
    ("2025", "2.IIPthang", "D20", 130.78, "index", "CN.IIP.YOY.DET", "VN", "2025-02", "actual", "official"),
    ("2025", "5. LĐCN_DP", "B64", 101.65, "index", "CN.LDCN.MOM", "74", "2025-02", "actual", "official"),
    ("2025", "12. FDI", "D18", 62.559061, "observation", "FDI.CAPPHEP.VON_MOI", "74", "2025-02", "ytd", "official"),
    ("2025", "12. FDI", "C30", 160.0, "observation", "FDI.CAPPHEP.DA.CN", "VN", "2025-02", "ytd", "official"),
    ("2025", "14.XK", "C21", 696.3571879006482, "observation", "XNK.XK.LUONG.GAO", "VN", "2025-02", "actual",
     "preliminary"),
    ("2025", "16. CPI", "D9", 118.68678196248005, "index", "KT.CPI.BASE2019", "VN", "2025-02", "actual", "official"),
    ("2025", "16. CPI", "F10", 101.1647339655, "index", "KT.CPI.DEC.HANG_AN_DICH_VU", "VN", "2025-02", "actual",
     "official"),
    ("2025", "19. KQT", "D16", 468026.0, "observation", "DL.KQT.KR", "VN", "2025-02", "actual", "official"),
    ("2025", "11.VDT", "C30", 923.409, "observation", "NS.VDT_NSNN", "74", "2025-01", "actual", "official"),
    ("2025", "1. Nong nghiep", "D7", 852.3691314999999, "observation", "NN.TIENDO.GIEO_CAY_LUA_XUAN", "VN-N",
     "2025-02", "actual", "official"),
    ("2024", "5. NSSL Dong Xuan", "G11", 510.04, "observation", "NN.CAY.SL.LUA_XUAN", "01", "2024", "actual",
     "official"),
    ("2024", "10.IIPquy", "C9", 109.46, "index", "CN.IIP.YOY", "VN", "2024-Q2", "actual", "estimate"),
    ("2024", "24. FDI", "C7", 1538.0, "observation", "FDI.CAPPHEP.DA", "VN", "2024-06", "ytd", "official"),
    ("2023", "1.GDP HH", "D9", 2921187.13110232, "observation", "KT.GDP_HH", "VN", "2023-Q4", "actual", "estimate"),
    ("2023", "11.IIPquy", "E9", 93.07, "index", "CN.IIP.YOY.KHAI_KHOANG", "VN", "2023-Q4", "actual", "estimate"),
    ("2023", "33.CPI", "C10", 113.788785644738, "index", "KT.CPI.BASE2019", "VN", "2023-12", "actual", "official"),
    ("2023", "4.Cay trong chu yeu", "H14", 1067.7, "observation", "NN.CAY.DT.LUA_XUAN", "VN-N", "2023", "actual",
     "estimate"),
    ("2023", "9.Thuy san", "B16", 918.7, "observation", "NN.THUYSAN.NUOI_CA", "VN", "2023-Q3", "actual",
     "preliminary"),
    ("2023", "29.XK quý", "D9", 93539.92311, "observation", "XNK.XK", "VN", "2023-Q3", "actual", "official"),
    ("2021", "5. LĐCN_DP", "B64", 102.98, "index", "CN.LDCN.MOM", "74", "2021-02", "actual", "official"),
    ("2021", "xuất khẩu tháng", "C21", 290.0, "observation", "XNK.XK.LUONG.GAO", "VN", "2021-02", "actual",
     "estimate"),
    ("2016", "IIP", "D18", 108.619237280137, "index", "CN.IIP.YOY.DET", "VN", "2016-02", "actual", "official"),
    ("2016", "CPI", "D9", 100.59, "index", "KT.CPI.BASE2014", "VN", "2016-02", "actual", "official"),
    ("2016", "tongmuc-OK", "C8", 287961.8, "observation", "TM.BANLE", "VN", "2016-02", "actual", "estimate"),
    ("2008", "04SPCN", "D10", 2872.099, "observation", "CN.SPCN.THAN_DA_THAN_SACH", "VN", "2008-02", "actual",
     "estimate"),
    ("2008", "Gia", "D10", 129.17, "index", "KT.CPI.BASE2005", "VN", "2008-02", "actual", "official"),
    ("2008", "Gia", "G13", 103.25, "index", "KT.CPI.MOM.LUONG_THUC", "VN", "2008-02", "actual", "official"),
    ("2008", "XK", "F31", 200.0, "observation", "XNK.XK.LUONG.GAO", "VN", "2008-02", "actual", "estimate"),
    ("2008", "06DTNN", "E36", 61500.0, "observation", "FDI.CAPPHEP.VON", "74", "2008-02", "ytd", "official"),
    ("2008", "3gia tri tinh", "C62", 69.32552779718455, "index", "CN.GTSX_TINH.MOM.NHA_NUOC", "74", "2008-02",
     "actual", "official"),
    ("2008", "06VT", "D24", 22170.699999999997, "observation", "GT.HH.LC", "VN", "2008-02", "ytd", "official"),
    ("2008", "KQT", "C14", 9644.0, "observation", "DL.KQT.GB", "VN", "2008-02", "actual", "estimate"),
]


@pytest.mark.parametrize("pin", PINS, ids=[f"{p[0]}-{p[1]}!{p[2]}" for p in PINS])
def test_pinned_cells(pin):
    year, sheet, ref, value, outcome, indicator, area, period, value_type, status = pin
    c = cell(year, sheet, ref)
    assert (c.value, c.outcome, c.indicator, c.area, c.period, c.value_type, c.status) == (
        value, outcome, indicator, area, period, value_type, status)


@pytest.mark.parametrize(("year", "sheet", "ref", "kind", "indicator", "period"), [
    ("2025", "13. Tongmuc", "E13", "structure_share", "TM.BANLE.BAN_LE_HANG_HOA", "2025-02"),
    ("2025", "8. DN quay lai hoat dong", "B7", "same_period_last_year", "DN.QLHD", "2024-02"),
    ("2025", "8. DN quay lai hoat dong", "D7", "vs_same_period", "DN.QLHD", "2025-02"),
    ("2025", "11.VDT", "F9", "vs_plan", "NS.VDT_NSNN", "2025-02"),
    ("2025", "14.XK", "I21", "vs_same_period", "XNK.XK.LUONG.GAO", "2025-02"),
    ("2024", "5. NSSL Dong Xuan", "E9", "repeat", "NN.CAY.DT.LUA_XUAN", "2024"),
])
def test_derived_cells(year, sheet, ref, kind, indicator, period):
    c = cell(year, sheet, ref)
    assert (c.outcome, c.kind, c.indicator, c.period) == ("derived", kind, indicator, period)


def test_a_comparison_is_recomputed_from_its_row():
    c = cell("2025", "8. DN quay lai hoat dong", "D7")  # 29067 / 18969
    assert c.formula == "=C7/B7*100 = 153.23 (ok)"


def test_tcvn3_labels_are_decoded_in_the_2008_workbook():
    r = reading("2008")
    labels = {c.label for c in r.cells if c.sheet in ("XK", "NK", "04SPCN", "Gia")}
    assert {"Gạo", "Cà phê", "Than đá (than sạch)", "Hàng ăn và dịch vụ ăn uống", "Sắt thép"} <= labels
    assert not any(ch in label for label in labels for ch in "¸Þ¶ÊÖ«µ®")


# coverage: numeric cells, and those that got no meaning (the rest loaded, loaded as an index or derived)
COVERAGE = {"2008": (1360, 7), "2016": (1435, 4), "2021": (2152, 1), "2023": (5009, 48), "2024": (5044, 28),
            "2025": (2199, 1)}


@pytest.mark.parametrize("year", sorted(FILES))
def test_every_file_gives_at_least_97_percent_of_its_numbers_a_meaning(year):
    counts = reading(year).counts()
    total, unmapped = COVERAGE[year]
    assert (counts["total"], counts["unmapped"]) == (total, unmapped)
    assert (counts["observation"] + counts["index"] + counts["derived"]) / counts["total"] >= 0.97


@pytest.mark.parametrize("year", sorted(FILES))
def test_no_sheet_is_refused_and_the_file_loads_through_the_pipeline(year):
    started = time.perf_counter()
    result = read_export(GSO / FILES[year], "CTK")
    print(f"{FILES[year]}: read in {time.perf_counter() - started:.2f} s")  # a figure, not a pass mark
    assert result.format.startswith("GSO")
    assert result.table.num_rows > 900
    for s in reading(year).sheets:  # a sheet is read, or it holds no table (a page number, a hidden sheet)
        assert s.cells or s.reason, s.sheet
        if s.reason:
            assert "không có bảng" in s.reason or "bị ẩn" in s.reason, (s.sheet, s.reason)


def test_unmapped_figures_are_problems_with_cell_label_and_reason():
    result = read_export(GSO / FILES["2008"], "CTK")
    ha_tay = result.problems[result.problems["raw_value"] == "Hà Tây"]
    assert set(ha_tay["sheet"]) == {"3gia tri tinh", "06DTNN"}
    assert (ha_tay["severity"] == "error").all()
    assert ha_tay["column_name"].tolist() == ["C21:G21", "C22:G22"]
    assert ha_tay["reason"].str.contains("Hà Nội").all()


def test_provinces_rank_against_each_other():
    rows = read_export(GSO / FILES["2025"], "CTK").rows
    lao = rows[(rows["indicator_code"] == "CN.LDCN.YOY") & (rows["period_code"] == "2025-02")]
    assert len(lao) == 64  # the country and its 63 provinces
    assert lao.set_index("area_code").loc["74", "value"] == 106.32
    assert lao.set_index("area_code").loc["VN", "value"] == 104.43


def test_check_explains_a_sheet_and_offers_an_alias_line(capsys):
    from orchestration.cli import main as iocw

    code = iocw(["check", str(GSO / FILES["2025"]), "--department", "CTK"])
    out = capsys.readouterr().out
    assert code == 1  # one figure in a column without a heading
    assert "column D: 'Ước tính tháng 02 năm 2025' -> value 2025-02 estimate" in out
    assert "row 64: 'Bình Dương' -> CN.LDCN" in out and "@ 74" in out
    assert "UNMAPPED F13 'Công nghiệp và Xây dựng': cột không có tiêu đề" in out
