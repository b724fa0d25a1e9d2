"""The reference data as committed: the indicator catalogue (reference/indicators.csv and
indicator_reporters.csv, the source of truth people edit) and the vocabulary it draws on."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REF = ROOT / "reference"
DRAFTER = ROOT / "tools" / "catalogue" / "draft_catalogue.py"
CORE = ROOT / "tools" / "catalogue" / "core_indicators.csv"
SEEDS = ROOT / "tools" / "demo" / "seed_figures.csv"

COLUMNS = [
    "indicator_code", "name_vi", "name_en", "domain_code", "unit", "value_kind", "time_aggregation",
    "direction", "frequency", "department_code", "parent_indicator_code", "range_min", "range_max",
]
CORE_COLUMNS = COLUMNS[:10]

# values from sample reports that one observation of the indicator must be able to take
SAMPLE_VALUES = [
    ("TM.001", 24_512), ("TM.001", 119_875), ("TM.001", 285_000),
    ("XNK.001", 2_811), ("XNK.001", 34_000), ("XNK.002", 26_000),
    ("CDS.013", 412),
]
REQUIRED_REPORTERS = [
    ("CDS.008", "STTTT"), ("CDS.009", "STTTT"), ("CDS.010", "STTTT"), ("CDS.013", "STTTT"),
    ("CCHC.001", "STTTT"), ("NS.001", "STTTT"), ("XNK.001", "BQLKCN"), ("XNK.002", "BQLKCN"),
    ("FDI.001", "BQLKCN"), ("CDS.003", "VPUBND"),
]


def _read(name: str | Path) -> tuple[list[str], list[dict[str, str]]]:
    text = (REF / name).read_bytes().decode("utf-8")
    reader = csv.DictReader(io.StringIO(text))
    return list(reader.fieldnames or []), list(reader)


@pytest.fixture(scope="module")
def indicators() -> list[dict[str, str]]:
    header, rows = _read("indicators.csv")
    assert header == COLUMNS
    return rows


@pytest.fixture(scope="module")
def by_code(indicators) -> dict[str, dict[str, str]]:
    return {r["indicator_code"]: r for r in indicators}


@pytest.fixture(scope="module")
def reporters() -> list[dict[str, str]]:
    header, rows = _read("indicator_reporters.csv")
    assert header == ["indicator_code", "department_code"]
    return rows


@pytest.fixture(scope="module")
def domains() -> set[str]:
    return {r["domain_code"] for r in _read("domains.csv")[1]}


@pytest.fixture(scope="module")
def departments() -> set[str]:
    return {r["department_code"] for r in _read("departments.csv")[1]}


def _codes(name: str) -> set[str]:
    header, rows = _read(f"{name}.csv")
    return {r[header[0]] for r in rows}


def test_files_are_utf8_nfc_without_bom():
    for path in sorted(REF.glob("*.csv")):
        name = path.name
        raw = path.read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf"), name
        text = raw.decode("utf-8")
        assert unicodedata.normalize("NFC", text) == text, name
        assert "\r" not in text, name


def test_size_and_domain_coverage(indicators, domains):
    assert len(indicators) >= 1_000
    per_domain = Counter(r["domain_code"] for r in indicators)
    assert set(per_domain) == domains
    assert len(domains) == 28
    small = {d: n for d, n in per_domain.items() if n < 15}
    assert not small, small


def test_core_rows_present_exactly(by_code):
    _, core = _read(CORE)
    assert len(core) == 38
    for c in core:
        row = by_code.get(c["indicator_code"])
        assert row is not None, c["indicator_code"]
        assert {k: row[k] for k in CORE_COLUMNS} == {k: c[k] for k in CORE_COLUMNS}
        assert row["parent_indicator_code"] == ""


def test_codes_unique_and_well_formed(indicators):
    codes = [r["indicator_code"] for r in indicators]
    assert len(codes) == len(set(codes))
    for r in indicators:
        m = re.fullmatch(r"([A-Z]+)\.(\d{3})", r["indicator_code"])
        assert m, r["indicator_code"]
        assert m.group(1) == r["domain_code"], r["indicator_code"]


def test_names_unique_and_clean(indicators):
    keys = Counter(unicodedata.normalize("NFC", r["name_vi"]).casefold() for r in indicators)
    dupes = [k for k, n in keys.items() if n > 1]
    assert not dupes, dupes
    en = Counter(r["name_en"].casefold() for r in indicators)
    assert not [k for k, n in en.items() if n > 1]
    for r in indicators:
        for col in ("name_vi", "name_en", "unit"):
            v = r[col]
            assert v and v == v.strip() and "  " not in v, (r["indicator_code"], col, v)


def test_enums_and_references(indicators, domains, departments):
    for r in indicators:
        code = r["indicator_code"]
        assert r["domain_code"] in domains, code
        assert r["department_code"] in departments, code
        assert r["value_kind"] in _codes("value_kinds"), code
        assert r["time_aggregation"] in _codes("time_aggregations"), code
        assert r["direction"] in _codes("directions"), code
        assert r["frequency"] in _codes("period_types"), code


def test_ranges(indicators):
    for r in indicators:
        code = r["indicator_code"]
        lo, hi = float(r["range_min"]), float(r["range_max"])
        assert lo < hi, code
        kind = r["value_kind"]
        if kind in ("count", "amount"):
            assert lo == 0, code
        if kind == "percent" and r["time_aggregation"] != "none":  # shares; growth rates may exceed
            assert 0 <= lo and hi <= 100, code
        if kind == "rank":
            assert (lo, hi) == (1, 63), code


def test_seed_and_sample_values_fit(by_code):
    _, seeds = _read(SEEDS)
    values = [(s["indicator_code"], float(s["value"])) for s in seeds] + SAMPLE_VALUES
    for code, value in values:
        row = by_code[code]
        assert float(row["range_min"]) <= value <= float(row["range_max"]), (code, value)


def test_parents(by_code):
    for code, r in by_code.items():
        parent = r["parent_indicator_code"]
        if not parent:
            continue
        assert parent != code
        assert parent in by_code, code
        assert by_code[parent]["domain_code"] == r["domain_code"], code
        seen = {code}
        while parent:  # no cycles
            assert parent not in seen, code
            seen.add(parent)
            parent = by_code[parent]["parent_indicator_code"]


def test_every_department_owns_ten(indicators):
    """Departments founded by the 2025 merger own nothing in the catalogue: they answer for their
    predecessors' indicators (the catalogue keeps the owner at the time the indicator was defined)."""
    founding = {r["department_code"] for r in _read("departments.csv")[1] if not r["valid_from"]}
    owned = Counter(r["department_code"] for r in indicators)
    short = {d: owned[d] for d in founding if owned[d] < 10}
    assert not short, short


def test_reporters(reporters, by_code, departments):
    assert 80 <= len(reporters) <= 300
    pairs = [(r["indicator_code"], r["department_code"]) for r in reporters]
    assert len(pairs) == len(set(pairs))
    for code, dept in pairs:
        assert code in by_code, code
        assert dept in departments, dept
        assert dept != by_code[code]["department_code"], (code, dept)
        assert dept != "CTK", code
    missing = set(REQUIRED_REPORTERS) - set(pairs)
    assert not missing, missing


def test_the_drafter_drafts_a_catalogue_of_the_same_shape(tmp_path):
    """The script that drafted the catalogue still runs (to draft more rows the same way); its output is
    a draft to review, not a copy of the reference files."""
    subprocess.run([sys.executable, str(DRAFTER), "--out", str(tmp_path)], check=True, capture_output=True)
    header, rows = _read(tmp_path / "indicators.csv")
    assert header == COLUMNS and len(rows) >= 1_000
