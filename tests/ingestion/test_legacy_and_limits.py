"""Legacy spreadsheets (.xls, HTML saved as .xls) and files that must be refused quickly and whole."""


import time
import zipfile

import pytest
import xlwt

from ingestion.model import FileRejected
from ingestion.readers import read_export


def _xls(path, rows):
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("Sheet1")
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            if v is not None:
                ws.write(r, c, v)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(str(path))
    return path


def test_format_a_in_a_real_excel_97_file(tmp_path):
    path = _xls(tmp_path / "STTTT" / "cu.xls", [
        ["Mã chỉ tiêu", "Địa bàn", "Kỳ báo cáo", "Giá trị", "ĐVT"],
        ["CDS.004", "TP. Dĩ An", "Năm 2022", 60, "tổ"],
        ["CDS.005", 74, "Năm 2022", "2.992", "người"],
        ["CDS.005", 74, "Năm 2021", "58.16", "người"],
    ])
    r = read_export(path, "STTTT")
    assert sorted(zip(r.rows["indicator_code"], r.rows["area_code"], r.rows["value"], strict=True)) == [
        ("CDS.004", "724", 60.0), ("CDS.005", "74", 2992.0)]
    err = r.problems[r.problems["severity"] == "error"]
    assert err[["sheet", "row_number", "raw_value"]].values.tolist() == [["Sheet1", 4, "58.16"]]


def test_format_b_in_a_real_excel_97_file(tmp_path):
    path = _xls(tmp_path / "SCT" / "bao_cao.xls", [
        ["SỞ CÔNG THƯƠNG"],
        [None, "BÁO CÁO MỘT SỐ CHỈ TIÊU KINH TẾ - XÃ HỘI THÁNG 5 NĂM 2022"],
        ["STT", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch năm 2022", "Ước thực hiện tháng 5/2022",
         "Lũy kế 5 tháng năm 2022"],
        [1, "Tổng mức bán lẻ hàng hoá và doanh thu dịch vụ tiêu dùng", "tỷ đồng", "285.000", "24.512,3",
         "119.874,6"],
    ])
    r = read_export(path, "SCT")
    got = {(x.period_code, x.value_type): x.value for x in r.rows.itertuples()}
    assert got == {("2022", "plan"): 285000.0, ("2022-05", "actual"): 24512.3, ("2022-05", "ytd"): 119874.6}


def test_an_html_table_saved_as_xls(tmp_path):
    path = tmp_path / "STTTT" / "web.xls"
    path.parent.mkdir(parents=True)
    path.write_text("<html><body><table><tr><th>ma_chi_tieu</th><th>ma_dia_ban</th><th>ky_bao_cao</th>"
                    "<th>gia_tri</th></tr><tr><td>CDS.004</td><td>74</td><td>2022</td><td>1.585</td></tr>"
                    "</table></body></html>", encoding="utf-8")
    r = read_export(path, "STTTT")
    assert r.rows["value"].tolist() == [1585.0] and r.format.endswith("html")


def test_a_zip_bomb_is_refused_in_seconds(tmp_path):
    path = tmp_path / "SCT" / "bom.xlsx"
    path.parent.mkdir(parents=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:  # 2 GB of zeros, MBs on disk
            block = b"\0" * (1 << 24)
            for _ in range(128):
                part.write(block)
    started = time.monotonic()
    with pytest.raises(FileRejected, match="zip bomb|giãn nở|giải nén"):
        read_export(path, "SCT")
    assert time.monotonic() - started < 60  # a generous bound: refused from the zip directory, never inflated


def test_a_truncated_workbook(tmp_path, fixtures):
    data = (fixtures / "SCT" / "bao_cao_thang_05_2022.xlsx").read_bytes()
    path = tmp_path / "SCT" / "cut.xlsx"
    path.parent.mkdir(parents=True)
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(FileRejected, match="hỏng|cắt cụt"):
        read_export(path, "SCT")


def test_a_password_protected_workbook(tmp_path):
    # what Excel writes for an encrypted .xlsx: an OLE2 container with an EncryptionInfo stream
    path = tmp_path / "SCT" / "khoa.xlsx"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512 + "EncryptionInfo".encode("utf-16-le")
                     + b"\0" * 4096)
    with pytest.raises(FileRejected, match="mật khẩu"):
        read_export(path, "SCT")


def test_a_file_over_the_size_limit(tmp_path, monkeypatch):
    import ingestion.files as files

    monkeypatch.setattr(files, "limits", lambda: {"max_file_mb": 0.001, "max_uncompressed_mb": 1024,
                                                  "max_compression_ratio": 200, "max_cells": 1e9,
                                                  "header_search_rows": 30})
    path = tmp_path / "STTTT" / "big.csv"
    path.parent.mkdir(parents=True)
    path.write_text("ma_chi_tieu,ma_dia_ban,ky_bao_cao,gia_tri\n" + "CDS.004,74,2022,1\n" * 200)
    with pytest.raises(FileRejected, match="quá lớn"):
        read_export(path, "STTTT")


