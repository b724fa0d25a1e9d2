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
        "NS.002;74;Tháng 5/2022;Thực hiện;5.000\n"       # 10 STTTT may not report budget revenue
        "CDS.004;74;Năm 2021;Thực hiện;\n"               # 11 no value
        "CDS.004;74;Năm 1990;Thực hiện;585\n"            # 12 a year the calendar does not cover
    ), "STTTT")
    verdict = validator.validate(rows)
    by_row = dict(zip(rows["row_number"], verdict.accepted, strict=True))
    assert [r for r, ok in sorted(by_row.items()) if ok] == [2, 7]
    reasons = verdict.problems.groupby("row_number")["reason"].apply(" | ".join)
    assert "danh mục chỉ tiêu" in reasons[3]
    assert "đơn vị hành chính" in reasons[4]
    assert "ngưỡng hợp lý" in reasons[5] and "100" in reasons[5]
    assert "chưa kết thúc" in reasons[6]
    assert "nhiều dòng" in reasons[8] and "nhiều dòng" in reasons[9]
    assert "STTTT" in reasons[10] and "STC" in reasons[10]
    assert "thiếu giá trị" in reasons[11]
    assert "ngoài các năm" in reasons[12] and verdict.problems.set_index("row_number").loc[12, "raw_value"] == "1990"
    assert verdict.problems.set_index("row_number").loc[3, "raw_value"] == "CDS.999"
    assert verdict.gate_passed and not verdict.gate_failures  # the rows left pass what the batch failed


def test_the_statistics_office_may_report_anything(tmp_path, validator):
    rows = _batch(tmp_path, "ma_chi_tieu;ma_dia_ban;ky_bao_cao;gia_tri\nNS.002;74;Tháng 5/2022;5.000\n", "CTK")
    assert validator.validate(rows).accepted.all()


def test_the_gate_fails_when_refused_rows_would_load(tmp_path, validator):
    rows = _batch(tmp_path, "ma_chi_tieu;ma_dia_ban;ky_bao_cao;gia_tri\nCDS.999;74;2022;1\n", "STTTT")
    ok, failed = validator.gate(validator.prepare(rows))
    assert not ok and failed


def test_the_catalogue_suite_passes_on_the_committed_catalogue():
    verdict = validate_catalogue()
    assert verdict.passed, verdict.failed
