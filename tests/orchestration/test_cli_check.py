"""`iocw check`: every problem of a file, without loading it; exit 0 clean, 1 rows refused, 2 file refused."""

import json

from orchestration.cli import main as iocw
from tests.conftest import write_csv


def test_the_shared_sample_is_clean(fixtures, capsys):
    assert iocw(["check", str(fixtures / "STTTT" / "chi_tieu_chuyen_doi_so_2022.csv"), "--department", "STTTT"]) == 0
    assert "no problems found" in capsys.readouterr().out


def test_bad_rows_are_each_named(tmp_path, capsys):
    f = write_csv(tmp_path / "x.csv", "ma_chi_tieu;ma_dia_ban;ky_bao_cao;gia_tri\n"
                                      "CDS.004;74;2022;585\nCDS.004;74;2021;58.16\nCDS.999;74;2022;1\n")
    assert iocw(["check", str(f), "--department", "STTTT", "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["rows_accepted"] == 1 and report["rows_refused"] == 2
    named = {(p["row_number"], p["column_name"], p["raw_value"]) for p in report["problems"]}
    assert named == {(3, "gia_tri", "58.16"), (4, "ma_chi_tieu", "CDS.999")}


def test_a_file_that_cannot_be_read(tmp_path, capsys):
    f = tmp_path / "x.csv"
    f.write_bytes(b"PK\x03\x04garbage")
    assert iocw(["check", str(f), "--department", "STTTT"]) == 2
    assert "FILE REFUSED" in capsys.readouterr().out
