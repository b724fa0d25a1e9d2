"""The observation suite: what every ingested row must satisfy to be loaded.

Each expectation carries in its ``meta`` the column a clerk should look at and the reason, in words a
clerk understands, given when a row fails it. The suite is built from the reference data, so a new
indicator, area or reporter is picked up without a code change.
"""

from __future__ import annotations

import great_expectations as gx
import great_expectations.expectations as gxe

from ingestion import vocabulary

#: Columns of the frame the suite validates (canonical rows plus their context).
KEY_COLUMNS = ["file_sha256", "indicator_code", "area_code", "period_code", "value_type"]


def _meta(column: str, reason: str, raw: str, detail: str | None = None) -> dict[str, str]:
    """What a clerk is told of a row an expectation refuses: the column of their file to look at, the
    reason, the column of the validated frame that holds the value to quote, and what to add to the reason
    row by row (``expectations.validate._reason``: range, owner, period_end, area, department)."""
    return {"column": column, "reason": reason, "raw": raw, **({"detail": detail} if detail else {})}


def observation_suite() -> gx.ExpectationSuite:
    """The suite over the frame ``expectations.validate.Validator.prepare`` makes of ingested rows. What
    needs the reference data (is the code in the catalogue? may this department report it?) is looked up
    there, once per distinct value, into true/false columns that the suite then expects to be true."""
    suite = gx.ExpectationSuite(name="observations")
    required = [
        ("indicator_code", "ma_chi_tieu", "thiếu mã chỉ tiêu — indicator code missing"),
        ("area_code", "ma_dia_ban", "thiếu địa bàn — area missing"),
        ("period_code", "ky_bao_cao", "thiếu kỳ báo cáo — period missing"),
        ("value", "gia_tri", "thiếu giá trị (ô trống hoặc ký hiệu không có số liệu) — value missing"),
    ]
    for column, shown, reason in required:
        suite.add_expectation(gxe.ExpectColumnValuesToNotBeNull(column=column, meta=_meta(shown, reason, "value_raw")))
    known = [
        ("indicator_known", "ma_chi_tieu", "indicator_code",
         "mã chỉ tiêu không có trong danh mục chỉ tiêu — unknown indicator code", None),
        ("area_known", "ma_dia_ban", "area_code",
         "mã địa bàn không có trong danh mục đơn vị hành chính hoặc không có hiệu lực trong kỳ báo cáo "
         "— unknown area code, or not valid in the period", "area"),
        ("department_allowed", "ma_chi_tieu", "indicator_code",
         "đơn vị gửi không phải đơn vị chủ trì cũng không được giao báo cáo chỉ tiêu này "
         "— department not allowed to report this indicator", "owner"),
        ("department_active", "ky_bao_cao", "period_code",
         "đơn vị gửi không còn tồn tại trong kỳ báo cáo — the department no longer existed in the period",
         "department"),
    ]
    for column, shown, raw, reason, detail in known:
        suite.add_expectation(gxe.ExpectColumnValuesToBeInSet(column=column, value_set=[True],
                                                              meta=_meta(shown, reason, raw, detail)))
    suite.add_expectation(
        gxe.ExpectColumnValuesToBeInSet(
            column="value_type", value_set=list(vocabulary.codes("value_types")),
            meta=_meta("loai_so_lieu", "loại số liệu không hợp lệ — invalid value type", "value_type"),
        )
    )
    suite.add_expectation(
        gxe.ExpectColumnValuesToBeInSet(
            column="status", value_set=list(vocabulary.codes("statuses")),
            meta=_meta("trang_thai", "trạng thái không hợp lệ — invalid status", "status"),
        )
    )
    first, last = vocabulary.calendar_years()
    suite.add_expectation(
        gxe.ExpectColumnValuesToBeBetween(
            column="period_year", min_value=first, max_value=last,
            meta=_meta("ky_bao_cao", f"kỳ báo cáo ngoài các năm kho dữ liệu quản lý ({first}–{last}) "
                                     "— period outside the years the warehouse covers", "period_code"),
        )
    )
    suite.add_expectation(
        gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="received_date",
            column_B="period_end",  # missing for plans, which may be sent ahead (see Validator.prepare)
            or_equal=False,
            ignore_row_if="either_value_is_missing",
            meta=_meta(
                "ky_bao_cao",
                "kỳ báo cáo chưa kết thúc vào ngày nhận tệp; chỉ số liệu kế hoạch mới được báo cáo trước "
                "— period not over when the file arrived", "period_code", "period_end",
            ),
        )
    )
    suite.add_expectation(
        gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="value",
            column_B="range_min",
            or_equal=True,
            ignore_row_if="either_value_is_missing",
            meta=_meta("gia_tri", "giá trị nhỏ hơn ngưỡng hợp lý của chỉ tiêu — value below the plausible range",
                       "value_raw", "range"),
        )
    )
    suite.add_expectation(
        gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="range_max",
            column_B="value",
            or_equal=True,
            ignore_row_if="either_value_is_missing",
            meta=_meta("gia_tri", "giá trị lớn hơn ngưỡng hợp lý của chỉ tiêu — value above the plausible range",
                       "value_raw", "range"),
        )
    )
    suite.add_expectation(
        gxe.ExpectCompoundColumnsToBeUnique(
            column_list=KEY_COLUMNS,
            meta=_meta(
                "ma_chi_tieu",
                "tệp có nhiều dòng cho cùng chỉ tiêu, địa bàn, kỳ và loại số liệu; không biết dòng nào đúng nên "
                "không nạp dòng nào — duplicate key within the file", "indicator_code",
            ),
        )
    )
    return suite


def catalogue_suite(domain_codes: set[str], department_codes: set[str]) -> gx.ExpectationSuite:
    """The indicator catalogue itself: a broken catalogue would mis-gate every file."""
    suite = gx.ExpectationSuite(name="catalogue")
    for column in ("indicator_code", "name_vi", "domain_code", "unit", "department_code"):
        suite.add_expectation(gxe.ExpectColumnValuesToNotBeNull(column=column))
    suite.add_expectation(gxe.ExpectColumnValuesToBeUnique(column="indicator_code"))
    suite.add_expectation(gxe.ExpectColumnValuesToBeInSet(column="domain_code", value_set=sorted(domain_codes)))
    suite.add_expectation(
        gxe.ExpectColumnValuesToBeInSet(column="department_code", value_set=sorted(department_codes))
    )
    enums = {"value_kind": "value_kinds", "time_aggregation": "time_aggregations", "direction": "directions",
             "frequency": "period_types"}
    for column, table in enums.items():
        suite.add_expectation(gxe.ExpectColumnValuesToBeInSet(column=column, value_set=list(vocabulary.codes(table))))
    suite.add_expectation(
        gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="range_max", column_B="range_min", or_equal=False, ignore_row_if="either_value_is_missing"
        )
    )
    return suite
