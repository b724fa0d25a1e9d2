"""Reading many files at once: batched interpretation and worker processes give exactly what reading
each file alone gives (rows, problems naming each file's own headers, rejections, duplicates)."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from ingestion import lake as lake_module
from ingestion.demo import generate
from ingestion.lake import Lake, release_workers
from ingestion.readers import read_export
from tests.conftest import write_csv


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
    monkeypatch.setattr(lake_module, "CHUNK_BYTES", chunk_bytes)
    lake = Lake(state)
    try:
        lake.receive(landing, "SCT", batch_id="t")
        assert (lake_module._pool is not None) == (workers > 1)  # several chunks: read by the workers
    finally:
        release_workers()
    return lake


def _frame(df: pd.DataFrame) -> pd.DataFrame:
    return df.astype("str").sort_values(list(df.columns)).reset_index(drop=True)


def test_worker_processes_read_what_one_file_at_a_time_reads(landing, tmp_path, monkeypatch):
    many = list((landing / "SCT").iterdir())
    assert len(many) > 20
    parallel = _receive(landing, tmp_path / "parallel", monkeypatch, workers=2, chunk_bytes=200_000)
    serial = _receive(landing, tmp_path / "serial", monkeypatch, workers=1, chunk_bytes=10**12)
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
            rows = got.rows(rec.sha256).drop(columns=["file_sha256", "segment", "department_code", "received_at",
                                                     "row_idx"])
            pd.testing.assert_frame_equal(_frame(rows), _frame(alone.rows), check_dtype=False, obj=name)
            problems = got.problems(rec.sha256).drop(columns=["file_sha256", "segment", "stage", "row_idx"])
            pd.testing.assert_frame_equal(_frame(problems), _frame(alone.problems), check_dtype=False, obj=name)


def test_each_problem_names_its_own_files_header(landing, tmp_path, monkeypatch):
    lake = _receive(landing, tmp_path / "state", monkeypatch, workers=2, chunk_bytes=200_000)
    by_name = {r.file_name: r for r in lake.records()}
    vi = lake.problems(by_name["a_headers_vi.csv"].sha256)
    ascii_ = lake.problems(by_name["b_headers_ascii.csv"].sha256)
    assert vi[["row_number", "column_name", "raw_value"]].values.tolist() == [[3, "Giá trị", "mười hai"]]
    assert ascii_[["row_number", "column_name", "raw_value"]].values.tolist() == [[3, "ky_bao_cao", "Thang 13/2023"]]


def test_a_lake_written_before_segments_is_migrated_on_the_next_receive(tmp_path, fixtures):
    """Lakes of earlier versions kept one record and one Parquet file of each kind per file, the gate's
    refusals among the problems, one JSON object per arrival: the next refresh moves them to segments."""
    import json

    import pyarrow.parquet as pq

    landing = tmp_path / "landing"
    write_csv(landing / "STTTT" / "a.csv", "ma_chi_tieu;ma_dia_ban;ky_bao_cao;gia_tri;ghi_chu\n"
                                           "CDS.004;74;2022;585;x\nCDS.004;74;2023;mười;y\n")
    shutil.copy(fixtures / "STTTT" / "chi_tieu_chuyen_doi_so_2022.csv", landing / "STTTT" / "b.csv")
    lake = Lake(tmp_path / "state")
    lake.receive(landing, "STTTT")
    recs = lake.records()
    refusal = pd.DataFrame({"sheet": [None], "row_number": [2], "column_name": ["ma_chi_tieu"], "raw_value": ["x"],
                            "reason": ["r"], "severity": ["error"], "row_idx": [0]})
    lake.write_verdicts({r.sha256: (r.rows_parsed - (r.file_name == "a.csv"), refusal if r.file_name == "a.csv"
                                    else pd.DataFrame()) for r in recs})
    before = {r.sha256: (lake.rows(r.sha256), lake.problems(r.sha256)) for r in lake.records()}
    # the older layout, file by file
    root = lake.root
    current = lake.records()
    arrivals = lake.arrivals()
    (root / "files").mkdir()
    for rec in current:
        old = {k: v for k, v in rec.__dict__.items() if k != "segment"}
        (root / "files" / f"{rec.sha256}.json").write_text(json.dumps(old))
        for kind in ("rows", "problems"):
            t = lake.segment_table(kind, [rec.segment], [rec.sha256])
            if t.num_rows:
                pq.write_table(t.drop(["segment"]), root / kind / f"{rec.sha256}.parquet")
    for seg in {r.segment for r in current}:
        for kind in ("rows", "problems"):
            for p in (root / kind).glob(f"{seg}*.parquet"):
                p.unlink()
        (root / "segments" / f"{seg}.json").unlink()
    for a in arrivals:
        (root / "arrivals" / f"{a.arrival_id}.json").write_text(json.dumps(a.__dict__))
    for p in (root / "arrivals").glob("*_*_*.json"):
        p.unlink()
    assert {r.sha256 for r in Lake(root).records()} == set(before)  # still readable before migrating

    migrated = Lake(root)
    assert migrated.receive(landing, "STTTT") == []  # nothing new; the layout moved
    assert not (root / "files").exists()
    assert {r.segment for r in migrated.records()} == set(before)  # each file a segment of its own
    assert len(migrated.arrivals()) == 2
    for sha, (rows, problems) in before.items():
        pd.testing.assert_frame_equal(migrated.rows(sha).drop(columns="segment"), rows.drop(columns="segment"))
        pd.testing.assert_frame_equal(migrated.problems(sha).drop(columns="segment"), problems.drop(columns="segment"))
    assert sum(p.name.endswith(".gate.parquet") for p in (root / "problems").iterdir()) == 1  # the refusal
