import json

from ingestion.readers import read_export


def test_the_shared_sample(fixtures):
    r = read_export(fixtures / "VPUBND" / "htttgqtthc_2022-12.json", "VPUBND")
    assert r.problems.empty
    got = {(x.indicator_code, x.area_code, x.period_code): (x.value, x.status) for x in r.rows.itertuples()}
    assert got[("CCHC.003", "74", "2022-12")] == (96480, "official")
    assert got[("CCHC.002", "74", "2022")] == (360000, "official")
    assert got[("CCHC.002", "724", "2022-12")] == (4102, "official")


def test_json_lines_nulls_and_unknown_keys(tmp_path):
    lines = [
        {"he_thong": "DCS", "don_vi": "STTTT", "ky_bao_cao": "2023-01",
         "du_lieu": [{"ma_chi_tieu": "CDS.003", "ma_dia_ban": "74", "gia_tri": "12.345", "nguon": "x"},
                     {"ma_chi_tieu": "CDS.003", "ma_dia_ban": "718", "gia_tri": None}]},
        {"he_thong": "DCS", "don_vi": "STTTT", "ky_bao_cao": "2023-02",
         "du_lieu": [{"ma_chi_tieu": "CDS.003", "ma_dia_ban": "74", "gia_tri": 13000,
                      "trang_thai": "uoc_tinh"},
                     {"ma_chi_tieu": "CDS.003", "ma_dia_ban": "74", "gia_tri": "13.0.0", "ky_bao_cao": "2023-03"}]},
    ]
    path = tmp_path / "STTTT" / "dcs.jsonl"
    path.parent.mkdir()
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n", encoding="utf-8")
    r = read_export(path, "STTTT")
    assert sorted(zip(r.rows["period_code"], r.rows["value"], r.rows["status"], strict=True)) == [
        ("2023-01", 12345.0, "official"), ("2023-02", 13000.0, "estimate")]
    errors = r.problems[r.problems["severity"] == "error"]
    assert errors[["sheet", "row_number", "column_name", "raw_value"]].values.tolist() == [
        ["dòng 2", 2, "gia_tri", "13.0.0"]]
