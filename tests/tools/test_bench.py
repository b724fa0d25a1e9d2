"""The benchmark's code path on a small slice of size S: figures are produced, never judged by a clock."""

import json

import pytest

from tools.bench import median_run, months_from, run


def test_the_incremental_nights_are_consecutive_months_and_the_median_is_one_of_them():
    assert months_from("2026-10", 3) == ["2026-10", "2026-11", "2026-12"]
    assert months_from("2026-12", 2) == ["2026-12", "2027-01"]
    runs = [{"wall_s": w} for w in (4.1, 3.6, 5.0)]
    assert median_run(runs) is runs[0]
    assert median_run(runs[:2])["wall_s"] == 3.6  # the lower middle of an even number
    with pytest.raises(ValueError, match="at least 1"):
        run("S", None, incremental_runs=0)


@pytest.mark.bench
def test_bench_smoke(tmp_path):
    out = tmp_path / "S.json"
    result = run("S", out, work=tmp_path / "work", departments=["SCT", "VPUBND"], progress=lambda m: None,
                 incremental_runs=1)  # the bench itself runs three; the median rule is tested above
    saved = json.loads(out.read_text())
    for key in ("size", "observations", "input_files", "input_bytes", "full_refresh_s", "stages",
                "baseline_duckdb_s", "ratio_full_vs_baseline", "incremental_refresh_s",
                "ratio_incremental_vs_full", "no_new_file_refresh_s", "peak_rss_mb", "workbook_cells_per_s"):
        assert key in saved, key
    assert saved["observations"] > 1000 and saved["input_files"] > 10
    # a night is a new month of the first department, the month after AS_OF
    nights = saved["incremental_runs"]
    assert [n["period"] for n in nights] == ["2026-07"]
    assert saved["incremental_refresh_s"] == nights[0]["wall_s"]
    assert saved["no_new_file_stages"]["dbt"] > 0
    assert abs(saved["ratio_incremental_vs_full"] - saved["incremental_refresh_s"] / saved["full_refresh_s"]) < 0.01
    assert all(n["stages"]["dbt"] > 0 for n in nights)
    assert set(saved["stages"]) >= {"ingest", "checks", "dbt", "publish"}
    assert saved["stages"]["dbt"] > 0 and saved["stages"]["checks"] > 0
    assert saved["baseline"]["rows"] > 0
    # the baseline ran before and after the full refresh; the ratio is against the mean of the two runs
    runs = saved["baseline"]["runs_s"]
    assert len(runs) == 2 and abs(saved["baseline_duckdb_s"] - sum(runs) / 2) < 0.01
    # both the ratio and the refresh's seconds are rounded to 0.01 in the JSON; over a sub-second baseline
    # the refresh's rounding moves the recomputed ratio by up to 0.005 / baseline
    base = saved["baseline"]["seconds"]
    assert abs(saved["ratio_full_vs_baseline"] - saved["full_refresh_s"] / base) <= 0.005 + 0.005 / base + 1e-9
    # SCT sends report workbooks: their cells were counted and parsed
    assert saved["workbooks"]["files"] > 0 and saved["workbooks"]["cells"] > saved["workbooks"]["files"]
    assert saved["workbooks"]["observations"] > 0 and saved["workbook_cells_per_s"] > 0
    assert result["peak_rss_mb"] > 50
    # the peak is put down to the stages of the full refresh: each ran while sampled, none above the whole
    by_stage = saved["peak_rss_mb_by_stage"]
    assert set(by_stage) >= {"ingest", "checks", "dbt", "publish"}
    assert all(0 < by_stage[s] <= saved["peak_rss_mb"] for s in ("ingest", "checks", "dbt"))
