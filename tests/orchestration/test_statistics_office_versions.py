"""Two consecutive monthly workbooks of the statistics office through the real pipeline: February's estimate
for February, then March's actual for February, are two versions of one value, the actual current.

The March workbook is February's real one (tests/fixtures/gso_monthly) moved on by a month the way the office
does it: the products sheet's headings say 'Thực hiện tháng 02' where they said 'Thực hiện tháng 01', and
'Ước tính tháng 03' where they said 'Ước tính tháng 02'; February's actual differs from its estimate.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import openpyxl
import pytest

from tests.conftest import materialize

pytestmark = pytest.mark.slow  # end to end: real refreshes, servers or browsers

FEBRUARY = Path(__file__).resolve().parents[1] / "fixtures" / "gso_monthly" / "2025-02-28-Bieu-T2.2025-1.xlsx"
COAL = "CN.SPCN.THAN_DA_THAN_SACH"


def _march_workbook(path: Path) -> tuple[float, float]:
    """The products sheet of March 2025 as the office would publish it; (February's actual, March's estimate)
    of coal in it."""
    wb = openpyxl.load_workbook(FEBRUARY)
    for name in wb.sheetnames:
        if name != "3.SPCNthang":
            del wb[name]
    ws = wb["3.SPCNthang"]
    ws["C5"], ws["D5"], ws["E5"] = "tháng 02", "tháng 03", "3 tháng"
    ws["F4"], ws["G4"] = "Tháng 03", "3 tháng"
    for row in range(9, 42):
        january, estimate = ws.cell(row, 3).value, ws.cell(row, 4).value
        if not isinstance(january, (int, float)) or not isinstance(estimate, (int, float)):
            continue
        actual = round(estimate * 1.02, 3)  # February's actual: 2 % above its estimate
        ws.cell(row, 3).value = actual
        ws.cell(row, 4).value = round(actual * 1.05, 3)
        ws.cell(row, 5).value = round(january + actual + actual * 1.05, 3)
    wb.save(path)
    return ws["C9"].value, ws["D9"].value


def test_a_month_s_estimate_then_its_actual_are_versions(warehouse_env):
    landing, warehouse = warehouse_env
    (landing / "CTK").mkdir()
    shutil.copy(FEBRUARY, landing / "CTK" / FEBRUARY.name)
    first = materialize()
    assert first.success
    con = duckdb.connect(str(warehouse), read_only=True)
    estimate = con.execute(
        """select f.value, f.status from marts.fct_indicator_value f join marts.dim_indicator i using (indicator_key)
           join marts.dim_area a using (area_key) join marts.dim_period p using (period_key)
           where i.indicator_code = ? and a.area_code = 'VN' and p.period_code = '2025-02'
             and f.value_type = 'actual'""", [COAL]).fetchall()
    assert estimate == [(3769.057638, "estimate")]  # the cell holds 3769.05763761441; values keep 6 decimals
    con.close()

    actual, _march = _march_workbook(landing / "CTK" / "2025-03-29-Bieu-T3.2025.xlsx")
    second = materialize()
    assert second.success
    con = duckdb.connect(str(warehouse), read_only=True)
    history = con.execute(
        """select h.value, h.status, h.superseded_at is null as current
           from marts.fct_indicator_value_history h join marts.dim_indicator i using (indicator_key)
           join marts.dim_area a using (area_key) join marts.dim_period p using (period_key)
           where i.indicator_code = ? and a.area_code = 'VN' and p.period_code = '2025-02'
             and h.value_type = 'actual' order by h.version_number""", [COAL]).fetchall()
    assert history == [(3769.057638, "estimate", False), (round(actual, 6), "official", True)]
    current = con.execute(
        """select f.value, f.status from marts.fct_indicator_value f join marts.dim_indicator i using (indicator_key)
           join marts.dim_area a using (area_key) join marts.dim_period p using (period_key)
           where i.indicator_code = ? and a.area_code = 'VN' and p.period_code = '2025-02'
             and f.value_type = 'actual'""", [COAL]).fetchall()
    assert current == [(actual, "official")]
    # the province's rows are under its code, ranked against the others
    ranked = con.execute(
        """select a.area_code, f.value from marts.fct_indicator_value f join marts.dim_indicator i using (indicator_key)
           join marts.dim_area a using (area_key) join marts.dim_period p using (period_key)
           where i.indicator_code = 'CN.LDCN.YOY' and p.period_code = '2025-02' and a.level = 'province'
           order by f.value desc""").fetchall()
    assert len(ranked) == 63 and ("74", 106.32) in ranked
