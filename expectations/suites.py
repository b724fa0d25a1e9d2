"""The observation suite: what every ingested row must satisfy to be loaded.

Each expectation carries in its ``meta`` the column a clerk should look at and the reason, in words a
clerk understands, given when a row fails it. The suite is built from the reference data, so a new
indicator, area or reporter is picked up without a code change.
"""

from __future__ import annotations

import great_expectations as gx
import great_expectations.expectations as gxe

from ingestion import vocabulary
from ingestion.reference import STATISTICS_OFFICE, Catalogue

#: Columns of the frame the suite validates (canonical rows plus their context).
KEY_COLUMNS = ["file_sha256", "indicator_code", "area_code", "period_code", "value_type"]


def _meta(column: str, reason: str) -> dict[str, str]:
    return {"column": column, "reason": reason}


def observation_suite(cat: Catalogue, area_codes: set[str]) -> gx.ExpectationSuite:
    suite = gx.ExpectationSuite(name="observations")
    required = [
        ("indicator_code", "ma_chi_tieu", "thiếu mã chỉ tiêu — indicator code missing"),
        ("area_code", "ma_dia_ban", "thiếu địa bàn — area missing"),
        ("period_code", "ky_bao_cao", "thiếu kỳ báo cáo — period missing"),
        ("value", "gia_tri", "thiếu giá trị (ô trống hoặc ký hiệu không có số liệu) — value missing"),
    ]
    for column, shown, reason in required:
        suite.add_expectation(gxe.ExpectColumnValuesToNotBeNull(column=column, meta=_meta(shown, reason)))
    suite.add_expectation(
        gxe.ExpectColumnValuesToBeInSet(
            column="indicator_code",
            value_set=sorted(cat.codes),
            meta=_meta("ma_chi_tieu", "mã chỉ tiêu không có trong danh mục chỉ tiêu — unknown indicator code"),
        )
    )
    suite.add_expectation(
        gxe.ExpectColumnValuesToBeInSet(
            column="area_code",
            value_set=sorted(area_codes),
            meta=_meta("ma_dia_ban", "mã địa bàn không có trong danh mục đơn vị hành chính — unknown area code"),
        )
    )
    suite.add_expectation(
        gxe.ExpectColumnValuesToBeInSet(
            column="value_type", value_set=list(vocabulary.codes("value_types")),
            meta=_meta("loai_so_lieu", "loại số liệu không hợp lệ — invalid value type"),
        )
    )
    suite.add_expectation(
        gxe.ExpectColumnValuesToBeInSet(
            column="status", value_set=list(vocabulary.codes("statuses")),
            meta=_meta("trang_thai", "trạng thái không hợp lệ — invalid status"),
        )
    )
    first, last = vocabulary.calendar_years()
    suite.add_expectation(
        gxe.ExpectColumnValuesToBeBetween(
            column="period_year", min_value=first, max_value=last,
            meta=_meta("ky_bao_cao", f"kỳ báo cáo ngoài các năm kho dữ liệu quản lý ({first}–{last}) "
                                     "— period outside the years the warehouse covers"),
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
                "— period not over when the file arrived",
            ),
        )
    )
    suite.add_expectation(
        gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="value",
            column_B="range_min",
            or_equal=True,
            ignore_row_if="either_value_is_missing",
            meta=_meta("gia_tri", "giá trị nhỏ hơn ngưỡng hợp lý của chỉ tiêu — value below the plausible range"),
        )
    )
    suite.add_expectation(
        gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="range_max",
            column_B="value",
            or_equal=True,
            ignore_row_if="either_value_is_missing",
            meta=_meta("gia_tri", "giá trị lớn hơn ngưỡng hợp lý của chỉ tiêu — value above the plausible range"),
        )
    )
    suite.add_expectation(
        gxe.ExpectCompoundColumnsToBeUnique(
            column_list=KEY_COLUMNS,
            meta=_meta(
                "ma_chi_tieu",
                "tệp có nhiều dòng cho cùng chỉ tiêu, địa bàn, kỳ và loại số liệu; không biết dòng nào đúng nên "
                "không nạp dòng nào — duplicate key within the file",
            ),
        )
    )
    suite.add_expectation(
        gxe.ExpectColumnValuesToBeInSet(
            column="department_indicator",
            value_set=sorted(_allowed(cat)),
            meta=_meta(
                "ma_chi_tieu",
                "đơn vị gửi không phải đơn vị chủ trì cũng không được giao báo cáo chỉ tiêu này "
                "— department not allowed to report this indicator",
            ),
        )
    )
    return suite


def _allowed(cat: Catalogue) -> set[str]:
    return cat.allowed_pairs() | {f"{STATISTICS_OFFICE}|{c}" for c in cat.codes}


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
