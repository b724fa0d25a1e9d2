import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from ingestion.areas import areas
from ingestion.numbers import cell_numbers, empty_markers, parse_numbers
from ingestion.reference import strip_numbering
from ingestion.text import key
from ingestion.units import conversion_factor


def test_vietnamese_numbers_and_the_dot_that_is_not_a_decimal_point():
    raw = pd.Series(["1.234.567", "12,5", "52%", "52,0 %", "58.16", "-3,2", "1234", "12.5"], dtype=object)
    values, ok, pct = parse_numbers(raw, "vi")
    assert values[:4].tolist() == [1234567.0, 12.5, 52.0, 52.0]
    assert ok.tolist() == [True, True, True, True, False, True, True, False]
    assert pct.tolist()[:4] == [False, False, True, True]


def test_plain_numbers():
    values, ok, _ = parse_numbers(pd.Series(["1234567", "12.5", "1.234.567"], dtype=object), "plain")
    assert values[:2].tolist() == [1234567.0, 12.5]
    assert ok.tolist() == [True, True, False]


def test_numeric_cells_are_taken_as_they_are():
    values, ok, _ = parse_numbers(pd.Series([2074.6, "2.074,6"], dtype=object), "vi")
    assert values.tolist() == [2074.6, 2074.6] and ok.all()


@pytest.mark.parametrize("form", ["vi", "plain"])
def test_a_list_of_cells_parses_as_a_column_does(form):
    cells = [2074.6, "2.074,6", "1,234.5", 7, None, float("nan"), "-", True, "52 %", "x", "12.5"]
    expected, _, _ = parse_numbers(pd.Series(cells, dtype=object), form)
    np.testing.assert_array_equal(cell_numbers(cells, form), expected.to_numpy())
    np.testing.assert_array_equal(cell_numbers([3.5, 4], form), [3.5, 4.0])  # numbers only: nothing to parse
    with pytest.raises(ValueError, match="unknown number form"):
        cell_numbers(cells, "en")


def test_empty_markers_mean_no_value():
    marks = pa.array(["-", "--", "x", "…", "...", "KPH", "k.phát sinh", "", None, " Không\u00a0 phát sinh ", "0"])
    assert empty_markers(marks).tolist() == [True] * 10 + [False]


@pytest.mark.parametrize(
    "given, target, factor",
    [("triệu đồng", "tỷ đồng", 0.001), ("nghìn tỷ đồng", "tỷ đồng", 1000), ("người", "nghìn người", 0.001),
     ("USD", "triệu USD", 1e-6), ("tỷ lệ", "%", 100), ("", "hồ sơ", 1), ("Tỷ đồng", "tỷ đồng", 1)],
)
def test_unit_scales_convert(given, target, factor):
    assert conversion_factor(given, target) == pytest.approx(factor)


def test_units_of_different_things_do_not_convert():
    assert conversion_factor("tấn", "tỷ đồng") is None


@pytest.mark.parametrize(
    "name, code",
    [("Thành phố Dĩ An", "724"), ("TP. Dĩ An", "724"), ("TP Dĩ An", "724"), ("Dĩ An", "724"),
     ("Thị xã Dĩ An", "724"), ("Di An", "724"), ("Huyện Bàu Bàng", "719"), ("Phường Dĩ An", "25942"),
     ("Phường Tân Hiệp", "25920"), ("Xã Tân Hiệp", "25873"), ("74", "74"), ("Toàn tỉnh", "74")],
)
def test_area_names(name, code):
    assert areas().resolve(name) == (code, None)


def test_an_area_name_that_fits_two_areas_is_refused():
    code, reason = areas().resolve("Tân Hiệp")
    assert code is None and "25873" in reason and "25920" in reason


def test_old_and_new_tone_placement_compare_equal():
    assert key("Tổng mức bán lẻ hàng hoá") == key("Tổng mức bán lẻ hàng hóa")
    assert key("thuỷ sản") == key("thủy sản") and key("Luỹ kế") == key("Lũy kế")
    assert strip_numbering("1.1 Trong đó: Xuất khẩu") == "xuất khẩu"
    assert strip_numbering("Vi phạm hành chính") == "vi phạm hành chính"
