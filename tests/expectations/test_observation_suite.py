"""The GX observation suite refuses exactly the rows that break an expectation, with a reason."""

import shutil

import pandas as pd
import pytest

from expectations.validate import Validator, validate_catalogue
from ingestion.config import reference_dir
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
    assert verdict.problems.set_index("row_number").loc[3, "raw_value"] == "CDS.999"
    ok, failed = validator.gate(rows[verdict.accepted.values])
    assert ok and not failed


def test_the_statistics_office_may_report_anything(tmp_path, validator):
    rows = _batch(tmp_path, "ma_chi_tieu;ma_dia_ban;ky_bao_cao;gia_tri\nNS.002;74;Tháng 5/2022;5.000\n", "CTK")
    assert validator.validate(rows).accepted.all()


def test_the_gate_fails_when_refused_rows_would_load(tmp_path, validator):
    rows = _batch(tmp_path, "ma_chi_tieu;ma_dia_ban;ky_bao_cao;gia_tri\nCDS.999;74;2022;1\n", "STTTT")
    ok, failed = validator.gate(rows)
    assert not ok and failed


def test_the_catalogue_suite_passes_on_the_committed_catalogue():
    verdict = validate_catalogue()
    assert verdict.passed and verdict.carried_from is None, verdict.failed


def test_a_passed_catalogue_suite_is_carried_over_until_the_catalogue_changes(tmp_path, monkeypatch):
    cache = tmp_path / "state" / "checks" / "catalogue_suite.json"
    first = validate_catalogue(cache)
    assert first.passed and first.carried_from is None and cache.exists()
    again = validate_catalogue(cache)
    assert again.passed and again.carried_from  # the same catalogue and suite: GX does not run again

    # another catalogue (here one with a domain nobody defined) is validated, and its failure is not kept
    reference = tmp_path / "reference"
    shutil.copytree(reference_dir(), reference)
    indicators = reference / "indicators.csv"
    lines = indicators.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(",KT,%,", ",XX,%,", 1)
    indicators.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setenv("IOC_REFERENCE_DIR", str(reference))
    broken = validate_catalogue(cache)
    assert not broken.passed and broken.carried_from is None
    assert broken.failed == {"expect_column_values_to_be_in_set(domain_code)": 1}
    assert not cache.exists()
    assert not validate_catalogue(cache).passed  # validated again, not carried


def test_the_reference_sets_reach_gx_whole_and_uncopied(validator):
    """The sets from the reference data are GX's to read, whole, and handed over as they are: GX builds an
    expectation's configuration dozens of times a validation, and copying 2,374 pairs each time was most
    of a validation's fixed cost."""
    by_column = {e.column: e for e in validator.suite.expectations
                 if e.expectation_type == "expect_column_values_to_be_in_reference_set"}
    assert set(by_column) == {"indicator_code", "area_code", "department_indicator"}
    codes = by_column["indicator_code"]
    assert codes.configuration.kwargs["value_set"] == sorted(validator.catalogue.codes)
    assert codes.configuration.kwargs["value_set"] is codes.value_set
    assert codes.configuration.meta["column"] == "ma_chi_tieu"  # the rest of the configuration as before
    assert len(by_column["department_indicator"].value_set) > len(codes.value_set)
