"""Format A exports in the encodings, delimiters and mistakes departments really send."""

import pytest

from ingestion.model import FileRejected
from ingestion.readers import read_export
from tests.conftest import windows_1258_form, write_csv

HEADER = "ma_chi_tieu;ten_chi_tieu;ma_dia_ban;ky_bao_cao;loai_so_lieu;trang_thai;gia_tri;don_vi_tinh\n"


def _read(tmp_path, text, name="f.csv", encoding="utf-8", department="STTTT"):
    return read_export(write_csv(tmp_path / department / name, text, encoding), department)


def test_the_shared_sample_reads_clean(fixtures):
    r = read_export(fixtures / "STTTT" / "chi_tieu_chuyen_doi_so_2022.csv", "STTTT")
    assert r.problems.empty
    got = {(x.indicator_code, x.area_code, x.period_code, x.value_type): x.value for x in r.rows.itertuples()}
    assert got[("CDS.003", "74", "2022", "actual")] == 286949
    assert got[("CDS.001", "74", "2022", "actual")] == 74
    assert got[("CDS.008", "74", "2025", "plan")] == 20


@pytest.mark.parametrize(
    "encoding, prefix, delimiter",
    [("utf-8", "", ";"), ("utf-8", "\ufeff", ","), ("utf-16", "", "\t"), ("cp1258", "", ";")],
)
def test_encodings_and_delimiters(tmp_path, encoding, prefix, delimiter):
    text = (
        "Mã chỉ tiêu;Tên chỉ tiêu;Địa bàn;Kỳ báo cáo;Loại số liệu;Trạng thái;Giá trị;ĐVT\n"
        "TM.001;\"Tổng mức bán lẻ; hàng hóa\";TP. Dĩ An;Tháng 5/2022;Thực hiện;Ước tính;\"1.234,5\";tỷ đồng\n"
        "TM.001;Tổng mức;Thị xã Thuận An;Quý I/2022;Lũy kế;Chính thức;2.000;tỷ đồng\n"
    ).replace(";", delimiter)
    if encoding == "cp1258":  # Windows-1258 files carry decomposed tone marks
        text = windows_1258_form(text)
    r = _read(tmp_path, prefix + text, encoding=encoding, department="SCT")
    assert r.problems.empty, r.problems.to_dict("records")
    rows = r.rows.sort_values("row_number")
    assert rows["area_code"].tolist() == ["724", "725"]
    assert rows["period_code"].tolist() == ["2022-05", "2022-Q1"]
    # the year to date through the first quarter is the first quarter's figure (ingestion/periods.py)
    assert rows["value_type"].tolist() == ["actual", "actual"]
    assert rows["status"].tolist() == ["estimate", "official"]
    assert rows["value"].tolist() == [1234.5, 2000.0]


@pytest.mark.parametrize("encoding", ["cp1258", "utf-8"])
def test_decomposed_text_is_reported_composed(tmp_path, encoding):
    """Windows-1258 decodes to decomposed tone marks, and some UTF-8 exports are written decomposed: what a
    clerk is told (the raw value of a refused cell) and what is matched (names, units) is composed (NFC)."""
    import unicodedata

    text = windows_1258_form("ma_chi_tieu;dia_ban;ky_bao_cao;loai_so_lieu;gia_tri;don_vi_tinh\n"
                             "CDS.004;Dĩ An;Năm 2022;Dự báo;585;tổ\nCDS.004;Thị xã Thuận An;Năm 2022;Thực hiện;60;tổ\n")
    assert not unicodedata.is_normalized("NFC", text)
    r = _read(tmp_path, text, encoding=encoding)
    errors = r.problems[r.problems["severity"] == "error"]
    assert errors["raw_value"].tolist() == ["Dự báo"]
    assert unicodedata.is_normalized("NFC", errors.iloc[0]["raw_value"])
    assert r.rows[["area_code", "value"]].values.tolist() == [["725", 60.0]]


def test_bad_rows_are_named_and_the_rest_loads(tmp_path):
    text = HEADER + (
        "CDS.004;;74;Năm 2022;Thực hiện;;585;tổ\n"
        "CDS.004;;74;Năm 2021;Thực hiện;;58.16;tổ\n"          # dot grouping not in threes
        "CDS.004;;;Năm 2020;Thực hiện;;10;tổ\n"               # no area at all: the gate refuses it
        "CDS.004;;74;Tháng 13/2022;Thực hiện;;10;tổ\n"         # no such month
        "NS.002;;74;Tháng 5/2022;Thực hiện;;5.000;tấn\n"       # unit of another kind
        "CDS.004;;74;Năm 2019;Dự báo;;10;tổ\n"                 # unknown value type
        "\n"
        "NS.002;;74;Tháng 6/2022;Thực hiện;;5.000;triệu đồng\n"  # converted to tỷ đồng
    )
    r = _read(tmp_path, text, department="STC")
    errors = r.problems[r.problems["severity"] == "error"].set_index("row_number")
    assert set(errors.index) == {3, 5, 6, 7}
    assert errors.loc[3, "column_name"] == "gia_tri" and errors.loc[3, "raw_value"] == "58.16"
    assert errors.loc[5, "column_name"] == "ky_bao_cao"
    assert errors.loc[6, "column_name"] == "don_vi_tinh" and "tấn" in errors.loc[6, "reason"]
    assert errors.loc[7, "column_name"] == "loai_so_lieu"
    assert sorted(r.rows["row_number"]) == [2, 4, 9]
    assert r.rows.set_index("row_number").loc[9, "value"] == pytest.approx(5.0)


def test_a_converted_value_carries_no_floating_point_noise(tmp_path):
    """1001 triệu đồng is 1.001 tỷ đồng, not 1.0010000000000001 (which the multiplication alone gives)."""
    assert 1001 * 0.001 != 1.001
    text = HEADER + "NS.002;;74;Tháng 6/2022;Thực hiện;;1001;triệu đồng\n"
    r = _read(tmp_path, text, department="STC")
    assert r.rows["value"].tolist() == [1.001]


def test_unknown_columns_are_reported_once(tmp_path):
    text = "ma_chi_tieu,ma_dia_ban,ky_bao_cao,gia_tri,ghi_chu,,\nCDS.004,74,2022,585,ok,,\nCDS.005,74,2022,2.992,,,\n"
    r = _read(tmp_path, text)
    warnings = r.problems[r.problems["severity"] == "warning"]
    assert len(warnings) == 1 and "ghi_chu" in warnings.iloc[0]["raw_value"]
    assert r.rows["value"].tolist() == [585, 2992]


def test_title_lines_above_the_header_and_names_for_areas(tmp_path):
    text = "BÁO CÁO SỐ LIỆU\nĐơn vị: Sở TTTT\nma_chi_tieu,dia_ban,ky_bao_cao,gia_tri\nCDS.004,Dĩ An,2022,60\n"
    r = _read(tmp_path, text)
    assert r.rows.iloc[0][["area_code", "row_number"]].tolist() == ["724", 4]


def test_an_ambiguous_area_name_refuses_the_row(tmp_path):
    r = _read(tmp_path, "ma_chi_tieu,dia_ban,ky_bao_cao,gia_tri\nCDS.004,Tân Hiệp,2022,1\n")
    assert r.rows.empty
    assert "25873" in r.problems.iloc[0]["reason"]


@pytest.mark.parametrize(
    "content, why",
    [
        (b"", "rỗng"),
        (b"PK\x03\x04" + b"\x00" * 200, "nhị phân"),
        (b"ten,gia\nA,1\n", "tiêu đề"),
        (b"\x00\x01\x02\x03\xff\xfe\x00\x00" * 100, "không phải"),
    ],
)
def test_files_that_cannot_be_read_are_refused_whole(tmp_path, content, why):
    path = tmp_path / "STTTT" / "bad.csv"
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    with pytest.raises(FileRejected) as exc:
        read_export(path, "STTTT")
    assert why in str(exc.value)


def test_plain_number_profile(tmp_path, monkeypatch):
    from ingestion.reference import Profile

    path = write_csv(tmp_path / "x.csv", "ma_chi_tieu,ma_dia_ban,ky_bao_cao,gia_tri\nCDS.004,74,2022,1234.5\n")
    r = read_export(path, "STTTT", Profile("STTTT", number_form="plain"))
    assert r.rows["value"].tolist() == [1234.5]


def test_a_wider_line_far_down_the_file_is_still_read(tmp_path):
    # the column count is taken from the first 64 KB; a wider line after it makes the reader read again
    body = "".join(f"CDS.004;74;Tháng {m}/{2020 + y % 5};{y * 12 + m}\n" for y in range(200) for m in range(1, 13))
    assert len(body) > 65536
    text = "ma_chi_tieu;ma_dia_ban;ky_bao_cao;gia_tri\n" + body + "CDS.004;724;Tháng 1/2022;7;;;;;ghi chú\n"
    r = _read(tmp_path, text)
    assert len(r.rows) == 200 * 12 + 1
    assert r.rows.iloc[-1]["area_code"] == "724" and r.rows.iloc[-1]["value"] == 7


def test_arrow_and_the_careful_reading_agree_on_every_encoding(tmp_path, monkeypatch):
    """Plain exports are read by Arrow from their bytes; the others line by line with pandas. Both give the
    same rows, row numbers and problems (CTK writes Windows-1258, SKHDT UTF-16, STC UTF-8 with BOM)."""
    import pandas as pd
    import pyarrow as pa

    from ingestion import tabular
    from ingestion.reference import profile
    from tools.demo import generate

    generate(tmp_path, size="S", years=(2023, 2023), departments=["CTK", "SKHDT", "STC", "SCT"])
    files = [p for p in sorted(tmp_path.rglob("*")) if p.suffix in (".csv", ".txt")]
    by_arrow = {p: read_export(p, p.parent.name) for p in files}
    assert sum(isinstance(tabular.text_raw_table(p.read_bytes(), profile(p.parent.name)).raw, pa.Table)
               for p in files) > len(files) * 0.8
    monkeypatch.setattr(tabular, "_arrow_table", lambda *a, **k: None)
    for p, fast in by_arrow.items():
        careful = read_export(p, p.parent.name)
        assert len(fast.rows) > 0, p
        pd.testing.assert_frame_equal(fast.rows, careful.rows, check_dtype=False, obj=p.name)
        pd.testing.assert_frame_equal(fast.problems.reset_index(drop=True), careful.problems.reset_index(drop=True),
                                      check_dtype=False, obj=p.name)
