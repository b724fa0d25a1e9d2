"""Rows validated in several batches give exactly what validating everything in one batch gives: the same
verdict on every file, the same refused rows with the same reasons, the same reports per department."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from expectations.validate import Validator, validate_pending
from ingestion import intake
from ingestion.lake import Lake
from tests.conftest import write_csv
from tools.demo import generate


@pytest.fixture(scope="module")
def received(tmp_path_factory):
    """A lake of several segments, read and not yet validated, with rows the suite refuses in two of them."""
    landing = tmp_path_factory.mktemp("landing")
    generate(landing, size="S", years=(2023, 2024), departments=["SCT", "STTTT"])
    write_csv(landing / "SCT" / "a_refused.csv",
              "ma_chi_tieu;ma_dia_ban;ky_bao_cao;gia_tri\n"
              "TM.001;99999;Tháng 5/2023;12\n"        # unknown area
              "TM.001;74;Tháng 5/2099;12\n"           # period not over
              "TM.001;725;Tháng 6/2023;1\nTM.001;725;Tháng 6/2023;2\n")  # duplicate key: both refused
    write_csv(landing / "STTTT" / "b_refused.csv",
              "ma_chi_tieu;ma_dia_ban;ky_bao_cao;gia_tri\nNS.002;74;Tháng 5/2023;5\n")  # not its indicator
    state = tmp_path_factory.mktemp("state") / "lake"
    old = intake.CHUNK_BYTES
    intake.CHUNK_BYTES = 150_000  # many segments, so that the batches below are many
    try:
        intake.receive(Lake(state), landing, ["SCT", "STTTT"], batch_id="t")
    finally:
        intake.CHUNK_BYTES = old
    return state


def _validated(received, tmp_path, max_rows: int):
    state = tmp_path / f"lake-{max_rows}"
    shutil.copytree(received, state)
    lake = Lake(state)
    seen = []
    reports = validate_pending(lake, Validator(), max_rows=max_rows, progress=seen.append)
    records = {r.file_name: (r.stage, r.rows_parsed, r.rows_accepted, r.rows_refused_validation)
               for r in lake.records()}
    problems = pd.concat([lake.problems(r.sha256) for r in lake.records()], ignore_index=True)
    problems = problems[problems["stage"] == "validate"]
    return reports, records, problems.astype(str).sort_values(list(problems.columns)).reset_index(drop=True), seen


def test_batches_give_what_one_batch_gives(received, tmp_path):
    segments = {r.segment for r in Lake(received).records()}
    rows = sum(r.rows_parsed for r in Lake(received).records())
    assert len(segments) >= 6
    one = _validated(received, tmp_path, max_rows=10**9)
    many = _validated(received, tmp_path, max_rows=rows // 6)
    assert len(one[3]) == 1 and len(many[3]) >= 5  # progress once per batch recorded
    assert many[0] == one[0]
    assert many[1] == one[1]
    assert all(stage == "validated" for stage, *_ in one[1].values())
    pd.testing.assert_frame_equal(many[2], one[2])
    refused = {(r.department_code, r.refused) for r in one[0]}
    assert {d for d, n in refused if n} == {"SCT", "STTTT"}
    reasons = " ".join(one[2]["reason"])
    for why in ("unknown area code", "period not over", "duplicate key", "department not allowed"):
        assert why in reasons


def test_a_closed_validator_leaves_no_batch_behind(received, tmp_path):
    """GX keeps its context for the life of the process (dbt's run comes after the checks, in the same
    process): once closed, the validator's last batch is no longer held by it."""
    import gc

    state = tmp_path / "lake"
    shutil.copytree(received, state)
    rows = sum(r.rows_parsed for r in Lake(state).records())

    def batch_frames() -> int:  # the batch, or the rows it accepted (the gate's last validation)
        gc.collect()
        return sum(1 for o in gc.get_objects() if isinstance(o, pd.DataFrame) and len(o) > rows // 2)

    with Validator() as validator:
        validate_pending(Lake(state), validator, max_rows=10**9)
        assert batch_frames() >= 1  # held by GX's context
    assert batch_frames() == 0
