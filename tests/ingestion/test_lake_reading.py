"""Reading many files at once: batched interpretation and worker processes give exactly what reading
each file alone gives (rows, problems naming each file's own headers, rejections, duplicates)."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from ingestion import intake
from ingestion.lake import Lake
from ingestion.readers import read_export
from tests.conftest import write_csv
from tools.demo import generate


@pytest.fixture(scope="module")
def landing(tmp_path_factory):
    root = tmp_path_factory.mktemp("landing")
    generate(root, size="S", years=(2023, 2024), departments=["SCT"])
    sct = root / "SCT"
    # two clerks' files with different header texts, each with a bad row; one unreadable file; one copy
    write_csv(sct / "a_headers_vi.csv",
              "Mã chỉ tiêu;Mã địa bàn;Kỳ báo cáo;Giá trị\nTM.001;74;Tháng 5/2023;\"1.234,5\"\n"
              "TM.001;724;Tháng 5/2023;mười hai\n")
    write_csv(sct / "b_headers_ascii.csv",
              "ma_chi_tieu,ma_dia_ban,ky_bao_cao,gia_tri\nTM.001,725,2023-05,12\nTM.001,726,Thang 13/2023,5\n")
    write_csv(sct / "c_no_value_column.csv", "ma_chi_tieu;ma_dia_ban;ky_bao_cao\nTM.001;74;2023-05\n")
    shutil.copyfile(sct / "a_headers_vi.csv", sct / "z_copy_of_a.csv")
    return root


def _receive(landing, state, monkeypatch, workers: int, chunk_bytes: int) -> Lake:
    monkeypatch.setenv("IOC_INGEST_WORKERS", str(workers))
    monkeypatch.setattr(intake, "CHUNK_BYTES", chunk_bytes)
    lake = Lake(state)
    intake.receive(lake, landing, ["SCT"], batch_id="t")
    return lake


def _frame(df: pd.DataFrame) -> pd.DataFrame:
    return df.astype("str").sort_values(list(df.columns)).reset_index(drop=True)


def test_worker_processes_read_what_one_file_at_a_time_reads(landing, tmp_path, monkeypatch):
    many = list((landing / "SCT").iterdir())
    assert len(many) > 20
    parallel = _receive(landing, tmp_path / "parallel", monkeypatch, workers=2, chunk_bytes=200_000)
    serial = _receive(landing, tmp_path / "serial", monkeypatch, workers=1, chunk_bytes=10**12)
    assert len(parallel.segments()) > len(serial.segments())  # several segments: read by the workers
    recs = {r.file_name: r for r in parallel.records()}
    assert len(recs) == len(many) - 1  # the copy is a duplicate, not a second file
    assert {r.file_name: (r.stage, r.format, r.rows_parsed, r.rows_refused_parse, r.message)
            for r in serial.records()} == {
        n: (r.stage, r.format, r.rows_parsed, r.rows_refused_parse, r.message) for n, r in recs.items()}
    arrivals = parallel.arrivals()
    assert len(arrivals) == len(many) and sum(a.duplicate for a in arrivals) == 1

    rejected = recs["c_no_value_column.csv"]
    assert rejected.stage == "rejected" and "gia_tri" in rejected.message
    for name, rec in recs.items():
        if rec.stage == "rejected":
            continue
        alone = read_export(landing / "SCT" / name, "SCT")
        for got in (parallel, serial):
            rows = got.rows(rec.sha256).drop(columns=["file_sha256", "department_code", "received_at", "row_idx"])
            pd.testing.assert_frame_equal(_frame(rows), _frame(alone.rows), check_dtype=False, obj=name)
            problems = got.problems(rec.sha256).drop(columns=["file_sha256", "stage", "row_idx"])
            pd.testing.assert_frame_equal(_frame(problems), _frame(alone.problems), check_dtype=False, obj=name)


def test_each_problem_names_its_own_files_header(landing, tmp_path, monkeypatch):
    lake = _receive(landing, tmp_path / "state", monkeypatch, workers=2, chunk_bytes=200_000)
    by_name = {r.file_name: r for r in lake.records()}
    vi = lake.problems(by_name["a_headers_vi.csv"].sha256)
    ascii_ = lake.problems(by_name["b_headers_ascii.csv"].sha256)
    assert vi[["row_number", "column_name", "raw_value"]].values.tolist() == [[3, "Giá trị", "mười hai"]]
    assert ascii_[["row_number", "column_name", "raw_value"]].values.tolist() == [[3, "ky_bao_cao", "Thang 13/2023"]]


def test_a_segment_is_read_only_once_its_records_exist(tmp_path, fixtures):
    """A refresh killed while reading leaves data files under pending names: the next writer puts those of a
    recorded segment in place and deletes the others, and dbt's glob (rows/*.parquet) never sees them."""
    landing = tmp_path / "landing"
    shutil.copy(fixtures / "STTTT" / "chi_tieu_chuyen_doi_so_2022.csv", (landing / "STTTT").mkdir(parents=True)
                or landing / "STTTT" / "a.csv")
    lake = Lake(tmp_path / "lake")
    recs = [intake.start_record(lake, landing / "STTTT" / "a.csv", "a" * 64, "STTTT", "2025-01-01T00:00:00+00:00",
                                "STTTT/a.csv", "")]
    (lake.root / "archive" / ("a" * 64)).write_bytes((landing / "STTTT" / "a.csv").read_bytes())
    segment, recs = intake.read_segment(lake.root, recs)
    assert [p.name for p in (lake.root / "rows").glob("*.parquet")] == ["_empty.parquet"]  # pending
    assert lake.table("rows").num_rows == 0
    orphan = lake.root / "rows" / "19990101T000000000000_dead.parquet.pending"
    orphan.write_bytes(b"what a killed reader left")
    lake.write_records(segment, recs)  # killed after its records, before the data files were in place
    lake.tidy()
    assert not orphan.exists()
    assert (lake.root / "rows" / f"{segment}.parquet").exists()
    assert lake.table("rows").num_rows == recs[0].rows_parsed - recs[0].rows_refused_parse
