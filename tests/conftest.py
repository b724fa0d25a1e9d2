"""Shared fixtures: small real files, and paths for a throw-away warehouse."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def warehouse_env(tmp_path, monkeypatch):
    """IOC_LANDING_DIR and IOC_WAREHOUSE_PATH in a temporary folder (the working folder beside the
    published file); returns (landing, warehouse)."""
    landing = tmp_path / "landing"
    warehouse = tmp_path / "warehouse" / "ioc.duckdb"
    landing.mkdir()
    monkeypatch.setenv("IOC_LANDING_DIR", str(landing))
    monkeypatch.setenv("IOC_WAREHOUSE_PATH", str(warehouse))
    for name in ("IOC_WORK_DIR", "IOC_FULL_REBUILD_DAYS", "DAGSTER_HOME"):  # a refresh sets DAGSTER_HOME
        monkeypatch.delenv(name, raising=False)
    return landing, warehouse


def write_csv(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def windows_1258_form(text: str) -> str:
    """How Windows-1258 writes Vietnamese: letters with circumflex, breve or horn precomposed, the five
    tone marks as separate combining characters."""
    import unicodedata

    out = []
    for ch in unicodedata.normalize("NFC", text):
        d = unicodedata.normalize("NFD", ch)
        tones = [c for c in d if c in TONE_MARKS]
        if tones:
            out.append(unicodedata.normalize("NFC", "".join(c for c in d if c not in TONE_MARKS)) + "".join(tones))
        else:
            out.append(ch)
    return "".join(out)
