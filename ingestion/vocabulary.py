"""The words of the exports (config/vocabulary.yml) as lookup tables keyed by ascii_key."""

from __future__ import annotations

from functools import lru_cache

from ingestion.config import load_yaml
from ingestion.text import ascii_key


def _invert(section: dict[str, list[str]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for canonical, words in section.items():
        out[ascii_key(canonical)] = canonical
        for w in words:
            out[ascii_key(w)] = canonical
    return out


@lru_cache(maxsize=1)
def value_types() -> dict[str, str]:
    return _invert(load_yaml("vocabulary.yml")["value_types"])


@lru_cache(maxsize=1)
def statuses() -> dict[str, str]:
    return _invert(load_yaml("vocabulary.yml")["statuses"])


def headers(extra: dict[str, str] | None = None) -> dict[str, str]:
    """Header text (ascii_key) -> canonical Format A column, with a profile's synonyms on top."""
    return _headers(tuple(sorted((extra or {}).items())))


@lru_cache(maxsize=64)
def _headers(extra: tuple[tuple[str, str], ...]) -> dict[str, str]:
    table = _invert(load_yaml("vocabulary.yml")["headers"])
    for written, canonical in extra:
        table[ascii_key(written)] = canonical
    return table
