"""The GX observation suite refuses exactly the rows that break an expectation, with a reason."""


import pandas as pd
import pytest

from expectations.validate import Validator, validate_catalogue
from ingestion.readers import read_export
from tests.conftest import write_csv


@pytest.fixture(scope="module")
def validator():
    return Validator()


def _batch(tmp_path, text, department):
    r = read_export(write_csv(tmp_path / department / "f.csv", text), department)
    rows = r.rows.copy()
    rows["file_sha256"] = "f" * 64
    rows["department_code"] = department
    rows["received_at"] = pd.Timestamp("2026-11-28T08:00:00+07:00")
    return rows


def test_each_expectation_refuses_its_rows(tmp_path, validator):
    rows = _batch(tmp_path, (
        "ma_chi_tieu;ma_dia_ban;ky_bao_cao;loai_so_lieu;gia_tri\n"
        "CDS.004;74;Năm 2022;Thực hiện;585\n"            # 2 fine
        "CDS.999;74;Năm 2022;Thực hiện;1\n"              # 3 unknown code
        "CDS.004;99999;Năm 2022;Thực hiện;1\n"           # 4 unknown area code
        "CDS.001;74;Năm 2022;Thực hiện;140\n"            # 5 a percent above 100
        "CDS.004;74;Năm 2027;Thực hiện;600\n"            # 6 period not over yet
        "CDS.004;74;Năm 2027;Kế hoạch;700\n"             # 7 a plan may be ahead
        "CDS.005;74;Năm 2022;Thực hiện;2.992\n"          # 8 duplicate key ...
        "CDS.005;74;Năm 2022;Thực hiện;2.993\n"          # 9 ... both refused
        "NS.002;74;Tháng 5/2022;Thực hiện;5.000\n"       # 10 SKHCN may not report budget revenue
        "CDS.004;74;Năm 2021;Thực hiện;\n"               # 11 no value
        "CDS.004;74;Năm 1990;Thực hiện;585\n"            # 12 a year the calendar does not cover
    ), "SKHCN")  # reports what Sở Thông tin và Truyền thông (STTTT, the owner of CDS) did until 2025-02-28
    verdict = validator.validate(rows)
    by_row = dict(zip(rows["row_number"], verdict.accepted, strict=True))
    assert [r for r, ok in sorted(by_row.items()) if ok] == [2, 7]
    reasons = verdict.problems.groupby("row_number")["reason"].apply(" | ".join)
    assert "danh mục chỉ tiêu" in reasons[3]
    assert "đơn vị hành chính" in reasons[4]
    assert "ngưỡng hợp lý" in reasons[5] and "100" in reasons[5]
    assert "chưa kết thúc" in reasons[6]
    assert "nhiều dòng" in reasons[8] and "nhiều dòng" in reasons[9]
    assert "SKHCN" in reasons[10] and "STC" in reasons[10]
    assert "thiếu giá trị" in reasons[11]
    assert "ngoài các năm" in reasons[12] and verdict.problems.set_index("row_number").loc[12, "raw_value"] == "1990"
    assert verdict.problems.set_index("row_number").loc[3, "raw_value"] == "CDS.999"
    assert verdict.gate_passed and not verdict.gate_failures  # the rows left pass what the batch failed


def test_a_merged_department_reports_until_it_ceased_and_its_successor_after(tmp_path, validator):
    text = ("ma_chi_tieu;ma_dia_ban;ky_bao_cao;gia_tri\n"
            "CDS.004;74;Tháng 2/2025;585\n"   # 2 before 1 March 2025: STTTT still existed
            "CDS.004;74;Tháng 3/2025;590\n"   # 3 after: Sở Khoa học và Công nghệ reports it
            "CDS.004;74;Quý I/2025;1.200\n")  # 4 a quarter that began while STTTT existed
    old = validator.validate(_batch(tmp_path / "old", text, "STTTT"))
    by_row = dict(zip(old.problems["row_number"], old.problems["reason"], strict=True))
    assert list(old.accepted) == [True, False, True]
    assert "Sở Khoa học và Công nghệ (SKHCN)" in by_row[3] and "01/03/2025" in by_row[3]
    assert set(old.problems["column_name"]) == {"ky_bao_cao"}
    new = validator.validate(_batch(tmp_path / "new", text, "SKHCN"))
    assert new.accepted.all(), new.problems  # and history too: the successor holds its predecessor's archive


def test_an_area_code_means_the_unit_valid_in_the_period(tmp_path, validator):
    rows = _batch(tmp_path, (
        "ma_chi_tieu;ma_dia_ban;ky_bao_cao;gia_tri\n"
        "CDS.004;718;Tháng 6/2025;10\n"     # 2 Thủ Dầu Một city, the last month of districts
        "CDS.004;718;Tháng 7/2025;10\n"     # 3 districts abolished on 1 July 2025
        "CDS.004;25753;Tháng 8/2025;10\n"   # 4 Phường Phú Thọ went into Phường Thủ Dầu Một
        "CDS.004;25747;Tháng 8/2025;30\n"   # 5 25747 is Phường Thủ Dầu Một from July 2025
        "CDS.004;74;Tháng 8/2025;500\n"     # 6 74: the former province, a statistical area from July 2025
        "CDS.004;718;Năm 2025;10\n"         # 7 a year across the change: the unit existed in part of it
    ), "SKHCN")
    verdict = validator.validate(rows)
    assert list(verdict.accepted) == [True, False, False, True, True, True]
    reasons = dict(zip(verdict.problems["row_number"], verdict.problems["reason"], strict=True))
    assert "Thành phố Thủ Dầu Một" in reasons[3] and "30/06/2025" in reasons[3]
    assert "Phường Thủ Dầu Một (25747)" in reasons[3]
    assert "Phường Phú Thọ" in reasons[4] and "Phường Thủ Dầu Một (25747)" in reasons[4]


def test_the_statistics_office_may_report_anything(tmp_path, validator):
    rows = _batch(tmp_path, "ma_chi_tieu;ma_dia_ban;ky_bao_cao;gia_tri\nNS.002;74;Tháng 5/2022;5.000\n", "CTK")
    assert validator.validate(rows).accepted.all()


def test_the_gate_fails_when_refused_rows_would_load(tmp_path, validator):
    rows = _batch(tmp_path, "ma_chi_tieu;ma_dia_ban;ky_bao_cao;gia_tri\nCDS.999;74;2022;1\n", "SKHCN")
    ok, failed = validator.gate(validator.prepare(rows))
    assert not ok and failed


def test_the_catalogue_suite_passes_on_the_committed_catalogue():
    verdict = validate_catalogue()
    assert verdict.passed, verdict.failed
