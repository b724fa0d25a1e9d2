"""The demo generator: deterministic, readable by the readers, inside every range, faithful to the seeds,
on the geography and with the departments of each period, arriving when departments send."""

from __future__ import annotations

import datetime as dt
import os
import re
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ingestion.areas import areas
from ingestion.periods import period_bounds
from ingestion.readers import read_export
from ingestion.reference import catalogue
from tools.demo import generate
from tools.demo.generator import MISTAKES, SEED_FIGURES, VN

#: Owners of the seed figures, plus departments whose house styles cover the other variants
#: (Windows-1258, UTF-16, legacy HTML .xls, report workbooks, JSON, JSON Lines).
SEED_DEPARTMENTS = ["VPUBND", "STTTT", "CTK", "SKHDT", "SCT", "NHNN", "STC"]
STYLE_DEPARTMENTS = ["CA", "SLDTBXH", "SYT"]
#: The day the fixture's landing folder is seen: nothing arrives on or after it.
AS_OF = dt.date(2026, 12, 7)


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def _read(root: Path, paths: list[Path]) -> pd.DataFrame:
    """Read files with the real readers; fail on any row-level error."""
    frames = []
    for p in paths:
        rel = p.relative_to(root)
        res = read_export(p, rel.parts[0])
        errors = res.problems[res.problems["severity"] == "error"]
        assert errors.empty, f"{rel}: {errors.head(3).to_dict('records')}"
        assert len(res.rows), f"{rel}: no rows"
        frames.append(res.rows.assign(file=str(rel), department=rel.parts[0], format=res.format))
    return pd.concat(frames, ignore_index=True)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    root = tmp_path_factory.mktemp("landing")
    summary = generate(root, size="S", departments=SEED_DEPARTMENTS + STYLE_DEPARTMENTS, as_of=AS_OF)
    return root, summary


def test_same_seed_gives_identical_bytes(tmp_path: Path) -> None:
    # JSON, JSON Lines, report workbooks, a plain .xlsx sheet, UTF-16 and Windows-1258 CSV
    kw = dict(size="S", years=(2021, 2021), departments=["VPUBND", "CTK", "STTTT", "SKHDT"])
    a = generate(tmp_path / "a", **kw)
    time.sleep(2.1)  # zip entries carry 2-second timestamps: a clock leak would show
    b = generate(tmp_path / "b", **kw)
    files_a, files_b = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert [p.relative_to(tmp_path / "a") for p in files_a] == [p.relative_to(tmp_path / "b") for p in files_b]
    for fa, fb in zip(files_a, files_b, strict=True):
        assert fa.read_bytes() == fb.read_bytes(), fa.name
        assert fa.stat().st_mtime_ns == fb.stat().st_mtime_ns, fa.name  # the same arrival
    assert {k: v for k, v in a.items() if k != "seconds"} == {k: v for k, v in b.items() if k != "seconds"}
    c = generate(tmp_path / "c", seed=7, **kw)
    assert c["observations"] > 0
    assert any(
        p.read_bytes() != (tmp_path / "a" / p.relative_to(tmp_path / "c")).read_bytes()
        for p in _files(tmp_path / "c")
        if (tmp_path / "a" / p.relative_to(tmp_path / "c")).exists()
    )


def test_summary_counts_every_format(demo: tuple[Path, dict]) -> None:
    root, summary = demo
    assert set(summary["files"]) >= {"A-csv", "A-html-xls", "A-xlsx", "B-xlsx", "C-json", "C-jsonl"}
    assert summary["files_total"] == len(_files(root))
    assert summary["bytes"] == sum(p.stat().st_size for p in _files(root))
    encodings = {v for v in summary["variants"] if v.startswith("A-csv")}
    for enc in ("utf-8,", "utf-8-sig,", "utf-16,", "cp1258,"):
        assert any(f"[{enc}" in v for v in encodings), (enc, encodings)
    for delim in ("comma", "semicolon", "tab"):
        assert any(v.endswith(f",{delim}]") for v in encodings), (delim, encodings)


def test_every_variant_reads_without_errors_and_inside_ranges(demo: tuple[Path, dict]) -> None:
    root, summary = demo
    by_variant: dict[str, list[Path]] = {}
    for p in _files(root):
        kind = summary_variant(p)
        by_variant.setdefault(kind, []).append(p)
    picked = []
    for paths in by_variant.values():  # a few of each kind, spread over the run, revisions included
        picked += paths[:: max(1, len(paths) // 3)][:4]
        picked += [p for p in paths if "_dieu_chinh" in p.name][:1]
    rows = _read(root, sorted(set(picked)))
    assert {"A-csv", "A-html", "A-xlsx", "B-xlsx", "C-json", "C-jsonl"} <= {f.split("+")[0] for f in rows["format"]}
    _assert_in_range(rows)
    assert set(rows["status"]) >= {"official", "estimate"}
    assert set(rows["value_type"]) == {"actual", "ytd", "plan"}


def summary_variant(p: Path) -> str:
    """A file's kind by name and first bytes (encoding for text)."""
    head = p.read_bytes()[:4]
    if p.suffix in (".csv", ".txt"):
        if head.startswith(b"\xef\xbb\xbf"):
            return "csv-utf-8-sig"
        if head.startswith(b"\xff\xfe"):
            return "csv-utf-16"
        try:
            p.read_bytes().decode("utf-8")
            return "csv-utf-8"
        except UnicodeDecodeError:
            return "csv-cp1258"
    if p.suffix == ".xlsx":
        return "report" if p.name.startswith("bao_cao_thang") else "sheet"
    return p.suffix


def _assert_in_range(rows: pd.DataFrame) -> None:
    ind = catalogue().indicators
    lo = rows["indicator_code"].map(ind["range_min"]).astype(float)
    hi = rows["indicator_code"].map(ind["range_max"]).astype(float)
    if lo.isna().all():  # core_indicators.csv has no ranges: use the generator's defaults
        from tools.demo.model import _default_range

        d = {
            c: _default_range(k, u, a)
            for c, k, u, a in zip(ind.index, ind["value_kind"], ind["unit"], ind["time_aggregation"], strict=True)
        }
        lo = rows["indicator_code"].map(lambda c: d[c][0])
        hi = rows["indicator_code"].map(lambda c: d[c][1])
    bad = rows[(rows["value"] < lo) | (rows["value"] > hi)]
    assert bad.empty, bad[["file", "indicator_code", "area_code", "period_code", "value"]].head()
    counts = rows["indicator_code"].map(ind["value_kind"]).isin(["count", "rank"])
    counts &= ~rows["indicator_code"].map(ind["unit"]).str.startswith("nghìn")  # 2.763,12 nghìn người
    scaled = rows["unit_raw"].fillna("").str.len() > 0
    whole = rows.loc[counts & ~scaled, "value"]
    assert (whole == np.round(whole)).all()


def test_whole_department_reads_clean_and_adds_up(demo: tuple[Path, dict]) -> None:
    root, _ = demo
    paths = [p for p in _files(root / "VPUBND") + _files(root / "SCT") if "2023" in p.name]
    rows = _read(root, paths)
    _assert_in_range(rows)
    # final values (official last), then: districts of additive indicators add up to the province
    rank = rows["status"].map({"estimate": 0, "preliminary": 1, "official": 2})
    final = (
        rows.assign(_r=rank, _i=range(len(rows)))
        .sort_values(["_r", "_i"])
        .drop_duplicates(["indicator_code", "area_code", "period_code", "value_type"], keep="last")
    )
    ind = catalogue().indicators
    add = final[final["indicator_code"].map(ind["value_kind"]).isin(["count", "amount"])]
    districts = add[add["area_code"].str.len() == 3].groupby(["indicator_code", "period_code", "value_type"])
    dsum = districts["value"].agg(["sum", "count"])
    prov = add[add["area_code"] == "74"].set_index(["indicator_code", "period_code", "value_type"])["value"]
    j = dsum.join(prov, how="inner")
    j = j[j["count"] == 9]
    assert len(j) > 50
    assert np.allclose(j["sum"], j["value"], rtol=1e-9, atol=1e-6), j[~np.isclose(j["sum"], j["value"])].head()
    # year to date = running sum of the months
    months = final[(final["value_type"] == "actual") & final["period_code"].str.fullmatch(r"\d{4}-\d{2}")]
    months = months.sort_values("period_code")
    cum = months.assign(c=months.groupby(["indicator_code", "area_code"])["value"].cumsum())
    ytd = final[final["value_type"] == "ytd"].merge(cum, on=["indicator_code", "area_code", "period_code"])
    assert len(ytd) > 10
    assert np.allclose(ytd["value_x"], ytd["c"])


def test_seed_figures_appear_exactly_and_are_not_contradicted(demo: tuple[Path, dict]) -> None:
    root, _ = demo
    seeds = pd.read_csv(SEED_FIGURES, dtype=str)
    years = "|".join(sorted({p[:4] for p in seeds["period_code"]}))
    # seeds are yearly figures: they travel in annual and plan files (and their revisions) and in the
    # yearly system exports (JSON Lines); monthly files hold no yearly period
    pattern = re.compile(rf"(_nam_({years})(_dieu_chinh|_cap_nhat)?\.\w+|_({years})\.jsonl)$")
    paths = [p for p in _files(root) if pattern.search(p.name)]
    rows = _read(root, paths)
    for s in seeds.itertuples(index=False):
        m = rows[
            (rows["indicator_code"] == s.indicator_code)
            & (rows["area_code"] == s.area_code)
            & (rows["period_code"] == s.period_code)
            & (rows["value_type"] == s.value_type)
        ]
        assert len(m), f"seed {s.indicator_code} {s.period_code} {s.value_type} not found"
        assert (m["value"] == float(s.value)).all(), (s, m[["file", "value", "status"]])
        assert (m["status"] == "official").all(), (s, m[["file", "value", "status"]])


def test_monthly_flows_add_up_to_the_seeded_year(demo: tuple[Path, dict]) -> None:
    root, _ = demo
    rows = _read(root, [p for p in _files(root / "VPUBND") if p.name.startswith("htttgqtthc_2022")])
    official = rows.sort_values("status", key=lambda s: s.map({"estimate": 0, "official": 1})).drop_duplicates(
        ["indicator_code", "area_code", "period_code", "value_type"], keep="last"
    )
    m = official[
        (official["indicator_code"] == "CCHC.002")
        & (official["area_code"] == "74")
        & (official["value_type"] == "actual")
        & official["period_code"].str.fullmatch(r"2022-\d\d")
    ]
    assert len(m) == 12
    assert m["value"].sum() == 360000
    # the year to date through December is the year's figure
    year = official[
        (official["indicator_code"] == "CCHC.002")
        & (official["area_code"] == "74")
        & (official["value_type"] == "actual")
        & (official["period_code"] == "2022")
    ]
    assert year["value"].tolist() == [360000]


def _local(p: Path) -> dt.datetime:
    return dt.datetime.fromtimestamp(p.stat().st_mtime, VN)


def _mistakes(summary: dict) -> set[str]:
    assert len(summary["deliberate_mistakes"]) == 2, summary["deliberate_mistakes"]
    return set(summary["deliberate_mistakes"])


def test_from_july_2025_the_new_communes_and_wards_report(demo: tuple[Path, dict]) -> None:
    root, summary = demo
    register = areas()
    new_units = {
        c
        for c, v in register.by_code.items()
        for x in v
        if x.level == "commune" and x.parent == "74" and x.valid_from == dt.date(2025, 7, 1)
    }
    assert len(new_units) == 36
    districts = {"718", "719", "720", "721", "722", "723", "724", "725", "726"}
    mistakes = _mistakes(summary)
    rows = _read(root, [p for p in _files(root) if re.search(r"_(08_2025|2025-08|nam_2025)\b", p.stem)])
    august = rows[rows["period_code"].isin(["2025-08", "2025"]) & (rows["value_type"] != "plan")]
    assert len(august) > 1000
    # codes (or names resolved by the readers) of the new units or 74 only, and every one valid then
    wrong = august[~august["area_code"].isin(new_units | {"74"})]
    assert set(wrong["file"]) <= mistakes and len(wrong) <= 1, wrong[["file", "area_code", "period_code"]]
    assert set(wrong["area_code"]) <= districts
    assert {"74"} < set(august["area_code"]) and len(set(august["area_code"]) & new_units) == 36
    for code, period in august[["area_code", "period_code"]].drop_duplicates().itertuples(index=False):
        v = register.version_in(code, period)
        assert v is None or v.valid_from >= dt.date(2025, 7, 1), (code, period, v)
    # June 2025 is still reported by the districts (and its communes for the indicators that go down to them)
    june = _read(root, [p for p in _files(root / "SCT") if p.stem == "so_lieu_cong_thuong_thang_06_2025"])
    assert set(june["area_code"]) == districts | {"74"}  # SCT's indicators go down to the districts in size S


def test_merged_departments_hand_over_to_their_successors(demo: tuple[Path, dict]) -> None:
    root, summary = demo
    cat = catalogue()
    mistakes = _mistakes(summary)
    assert {m.split("/")[0] for m in mistakes} == {MISTAKES["old_area"][0], MISTAKES["ceased_sender"][0]}
    for dept, successor in (("SKHDT", "STC"), ("STTTT", "SKHCN")):
        ended = dt.date.fromisoformat(cat.departments.set_index("department_code").at[dept, "valid_to"])
        late = [p for p in _files(root / dept) if re.search(r"202[5-9]", p.name)]
        assert late, dept  # it sent until it ceased (January 2025, the 2025 plan)
        rows = _read(root, late)
        starts = rows["period_code"].map(lambda c: period_bounds(c)[0])
        after = rows[starts > ended]
        assert set(after["file"]) <= mistakes, after["file"].unique()
        assert all(cat.ceased_before(dept, s) for s in starts[starts > ended])  # what the gate refuses
        assert all(_local(p).date() <= ended for p in late if f"{dept}/{p.name}" not in mistakes)
        # its indicators for later periods come from its successor's folder
        later = _read(root, [p for p in _files(root / successor) if re.search(r"_(0[4-9]_2025|2025)\b", p.stem)])
        owned = later["indicator_code"].map(cat.indicators["department_code"]) == dept
        assert owned.sum() > 10, successor
        assert all(cat.allowed(successor, c) for c in later.loc[owned, "indicator_code"].unique())
    # the deliberate mistake of the ceased department is small: a handful of rows
    ceased = [m for m in mistakes if m.startswith(MISTAKES["ceased_sender"][0] + "/")]
    assert 1 <= len(_read(root, [root / m for m in ceased])) <= 10


def test_files_arrive_after_their_periods_mostly_before_the_due_date(demo: tuple[Path, dict]) -> None:
    root, summary = demo
    cutoff = dt.datetime.combine(AS_OF, dt.time(0), VN)
    files = _files(root)
    assert all(_local(p) < cutoff for p in files)
    assert summary["submissions"]["on_time"] > 0.75 * sum(summary["submissions"].values())
    assert summary["submissions"]["late"] > 0.05 * summary["submissions"]["on_time"]
    assert summary["submissions"]["missing"] >= 1
    # revisions after their original (sent by the successor when the department had ceased by then)
    cat = catalogue()
    revised = 0
    for p in files:
        m = re.match(r"(.+)_(dieu_chinh|cap_nhat)$", p.stem)
        if m:
            originals = [q for q in files if q.parent == p.parent and q.stem == m.group(1)]
            if not originals:
                folders = {root / d for d in cat.speaks_for(p.parent.name)}
                originals = [q for q in files if q.parent in folders and q.stem == m.group(1)]
            assert len(originals) == 1, p
            assert _local(originals[0]) < _local(p), p
            revised += 1
    assert revised > 50
    # monthly files by name: after the month's end (what the quality gate asks of a value), mostly by the due date
    monthly = [
        (p, int(m.group(1)), int(m.group(2))) for p in files if (m := re.search(r"_thang_(\d\d)_(\d{4})$", p.stem))
    ]
    assert len(monthly) > 500
    on_time = 0
    for p, month, year in monthly:
        end = period_bounds(f"{year}-{month:02d}")[1]
        assert _local(p).date() > end, p
        on_time += _local(p).date() <= end + dt.timedelta(days=20)
    assert 0.75 < on_time / len(monthly) < 0.97
    # plans arrive before their year; every value read from a sample arrived after its period ended
    plans = [p for p in files if p.stem.startswith("ke_hoach_nam_")]
    assert plans and all(_local(p).year == int(p.stem[-4:]) - 1 for p in plans)
    sample = files[:: max(1, len(files) // 60)]
    rows = _read(root, sample)
    ends = rows["period_code"].map(lambda c: period_bounds(c)[1])
    arrived = rows["file"].map(lambda f: _local(root / f).date())
    actual = rows["value_type"] != "plan"
    assert (arrived[actual] > ends[actual]).all()


def test_headline_figures_of_the_province(demo: tuple[Path, dict]) -> None:
    root, _ = demo
    rows = _read(root, [p for p in _files(root) if re.search(r"_nam_202[23]\.", p.name)])
    prov = rows[(rows["area_code"] == "74") & (rows["value_type"] == "actual")].set_index(
        ["indicator_code", "period_code"]
    )["value"]
    assert prov[("DS.001", "2022")] == 2763.12  # average population, thousand people: about 2.76 million
    assert prov[("XNK.001", "2022")] == 35700  # exports, million USD
    assert prov[("XNK.001", "2023")] < 35700 * 0.95  # and falling in 2023
    assert prov[("KT.001", "2022")] == 8.01 and prov[("KT.001", "2023")] == 5.97
    # the districts add up to the province's population
    pop = rows[
        (rows["indicator_code"] == "DS.001") & (rows["period_code"] == "2022") & (rows["value_type"] == "actual")
    ]
    assert pop[pop["area_code"].str.len() == 3]["value"].sum() == pytest.approx(2763.12)


def test_nothing_arrives_after_the_day_it_is_seen(tmp_path: Path) -> None:
    summary = generate(tmp_path, size="S", years=(2025, 2025), departments=["VPUBND"], as_of=dt.date(2025, 9, 10))
    files = _files(tmp_path)
    assert files and summary["submissions"]["not_yet"] > 0
    assert max(_local(p) for p in files) < dt.datetime(2025, 9, 10, tzinfo=VN)
    rows = _read(tmp_path, files)
    ends = rows.loc[rows["value_type"] != "plan", "period_code"].map(lambda c: period_bounds(c)[1])
    assert ends.max() == dt.date(2025, 8, 31)
    assert {"2025-07", "2025-08"} <= set(rows["period_code"])
    assert os.path.exists(tmp_path / "VPUBND" / "htttgqtthc_2025-07.json")
