"""The area register: a code or a name means the unit valid in the value's period (reference/areas.csv)."""

import pytest

from ingestion.areas import areas
from ingestion.readers import read_export
from tests.conftest import write_csv


@pytest.mark.parametrize(("written", "period", "code"), [
    ("Phường Phú Lợi", "2025-03", "25744"),   # the old ward ...
    ("Phường Phú Lợi", "2025-08", "25750"),   # ... and the new one, under the code of Phường Phú Hòa
    ("Phường Phú Lợi", "2025", "25750"),      # a year across the change: the later unit
    ("Bình Dương", "2025-08", "74"),          # the former province, a statistical area from July 2025
    ("Tây Ninh", "2024", "72"),               # provinces are versioned too
    ("Tây Ninh", "2025-08", "80"),
    ("Thị xã Dĩ An", "2019", "724"),          # an older type names the same district
    ("25750", "2025-03", "25750"),            # a code valid then (it was Phường Phú Hòa)
])
def test_a_name_or_code_means_the_unit_valid_in_the_period(written, period, code):
    assert areas().resolve(written, period) == (code, None)


@pytest.mark.parametrize(("written", "period", "names"), [
    ("718", "2025-08", ["Thành phố Thủ Dầu Một", "30/06/2025", "Phường Thủ Dầu Một (25747)"]),
    ("Phường Phú Cường", "2025-08", ["30/06/2025", "Phường Thủ Dầu Một (25747)"]),
    ("Phường Thủ Dầu Một", "2025-03",
     ["01/07/2025", "Phường Phú Cường (25747)", "Phường Hiệp Thành (25741, một phần)"]),
    ("Huyện Bàu Bàng", "2025-12", ["Huyện Bàu Bàng", "30/06/2025"]),
])
def test_a_unit_not_valid_in_the_period_is_refused_naming_the_units_valid_then(written, period, names):
    code, reason = areas().resolve(written, period)
    assert code is None
    for name in names:
        assert name in reason


def test_the_register_holds_every_version():
    r = areas()
    assert len(r.by_code["25750"]) == 2 and {v.name for v in r.by_code["25750"]} == {"Phường Phú Hòa", "Phường Phú Lợi"}
    assert [v.level for v in r.by_code["74"]] == ["province", "statistical"]
    assert r.version_in("74", "2025-08").parent == "79"
    new = {v.code for v in r.versions if v.level == "commune" and v.valid_from.year == 2025}
    assert len(new) == 36 and all(r.version_in(c, "2025-08").parent == "74" for c in new)
    old_communes = [v for v in r.versions if v.level == "commune" and v.valid_to.year == 2025]
    assert len(old_communes) == 91


def test_a_file_by_name_resolves_each_row_against_its_own_period(tmp_path):
    path = write_csv(tmp_path / "SCT" / "f.csv", (
        "ma_chi_tieu;dia_ban;ky_bao_cao;gia_tri\n"
        "CDS.004;Phường Phú Lợi;Tháng 6/2025;1\n"
        "CDS.004;Phường Phú Lợi;Tháng 7/2025;2\n"
        "CDS.004;Phường Phú Cường;Tháng 7/2025;3\n"))
    r = read_export(path, "SCT")
    assert list(r.rows["area_code"]) == ["25744", "25750"]
    assert list(r.problems["row_number"]) == [4] and "Phường Thủ Dầu Một (25747)" in r.problems["reason"].iloc[0]


def test_a_code_and_a_name_that_name_two_units_are_refused(tmp_path):
    path = write_csv(tmp_path / "SCT" / "f.csv", (
        "ma_chi_tieu;ma_dia_ban;dia_ban;ky_bao_cao;gia_tri\n"
        "CDS.004;25750;Phường Phú Hòa;Tháng 3/2025;1\n"     # the same unit
        "CDS.004;25750;Phường Phú Lợi;Tháng 3/2025;2\n"     # 25750 was Phú Hòa; Phú Lợi was 25744
        "CDS.004;25750;Phường Phú Lợi;Tháng 8/2025;3\n"))   # from July 2025 they agree
    r = read_export(path, "SCT")
    assert list(r.rows["row_number"]) == [2, 4]
    assert list(r.problems["row_number"]) == [3] and "25744" in r.problems["reason"].iloc[0]
