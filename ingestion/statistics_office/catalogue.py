"""What a statistics-office table is about, and which catalogue indicator each of its figures is.

An indicator of the office's national template is a *family* and, most of the time, a *member*:

    <topic>[.<MEASURE>][.<BASE>][.<member>]      e.g. XNK.XK.LUONG.GAO, CN.IIP.YOY.C13_DET, FDI.CAPPHEP.VON_MOI

- the *topic* comes from the table's title (config/statistics_office.yml, ``topics``): 'Hàng hóa xuất khẩu'
  is XNK.XK;
- the *measure* from a column heading or a row label ('Lượng', 'Vốn đăng ký', 'Diện tích'), when the topic
  has several;
- the *base* of an index family from a comparison heading ('so với cùng kỳ năm trước' -> YOY), for topics
  whose figures are themselves indices (``index: true``: IIP, CPI);
- the *member* from the row label ('Gạo', 'Dệt', 'Hoa Kỳ'), through the names rows have carried
  (reference/indicator_aliases.csv). A row for the whole ('TỔNG SỐ', 'CẢ NƯỚC') is the family itself.

The catalogue rows themselves (reference/indicators_national.csv) say the name, unit, kind and
aggregation of each; a code built here that the catalogue lacks is not loaded but reported, with the
catalogue's nearest rows as suggestions.
"""

from __future__ import annotations

import csv
import difflib
import re
from dataclasses import dataclass, field
from functools import lru_cache

from ingestion.config import load_yaml, reference_dir
from ingestion.text import ascii_key

ALIASES_FILE = "indicator_aliases.csv"
NATIONAL_FILE = "indicators_national.csv"


def label_key(text: str) -> str:
    """A row label or alias as a comparison key: ascii, lower case, punctuation as spaces, numbering and
    footnote marks removed ('1. Khí hoá lỏng (LPG)(*)' -> 'khi hoa long lpg')."""
    k = ascii_key(str(text))
    k = re.sub(r"\(\s*\*+\s*\)|\*", " ", k)
    k = re.sub(r"^\s*(?:(?:[ivx]+|[a-z]|\d+(?:\.\d+)*)\s*[.)/]\s+|[-+–•]\s*)", "", k)
    k = re.sub(r"[^a-z0-9%]+", " ", k)
    return " ".join(k.split())


@dataclass(frozen=True)
class Topic:
    code: str
    domain: str
    titles: tuple[str, ...]
    measures: tuple[tuple[re.Pattern[str], str], ...]
    index: bool
    rows_are: str = "members"
    switch: tuple[tuple[re.Pattern[str], str], ...] = ()

    def measure_of(self, text: str) -> str | None:
        """The measure suffix ('' for the default) whose words ``text`` (an ascii key) holds; None if none."""
        for pattern, suffix in self.measures:
            if pattern.search(text):
                return suffix
        return None


@dataclass
class Vocabulary:
    """The topics and bases (config) and the national catalogue with its aliases (reference data)."""

    topics: list[Topic]
    bases: dict[str, str]
    totals: set[str]
    indicators: dict[str, dict[str, str]]  # code -> catalogue row
    aliases: dict[str, list[str]] = field(default_factory=dict)  # label key -> codes
    by_topic: dict[str, list[str]] = field(default_factory=dict)  # topic code -> its indicator codes

    def topic_of(self, subject: str) -> Topic | None:
        """The topic whose longest title phrase the table's subject (an ascii key) holds."""
        best, length = None, 0
        for t in self.topics:
            for phrase in t.titles:
                if phrase in subject and len(phrase) > length:
                    best, length = t, len(phrase)
        return best

    def base_suffix(self, base: str) -> str:
        """'same_period_previous_year' -> 'YOY'; 'base_year:2019' -> 'BASE2019'."""
        if base.startswith("base_year"):
            return self.bases.get("base_year", "BASE") + base.partition(":")[2]
        return self.bases.get(base, "")

    def family(self, topic: Topic, measure: str, base: str = "") -> str:
        parts = [topic.code] + ([measure] if measure else []) + ([self.base_suffix(base)] if base else [])
        return ".".join(parts)

    def families(self, topic: Topic) -> list[str]:
        """Every family code of a topic that the catalogue has, longest first (for splitting codes)."""
        stems = {c.rsplit(".", 1)[0] for c in self.by_topic.get(topic.code, [])} | set(
            self.by_topic.get(topic.code, []))
        return sorted((s for s in stems if s == topic.code or s.startswith(topic.code + ".")), key=len, reverse=True)

    def member_of(self, code: str, topic: Topic) -> str | None:
        """The member part of a catalogue code of ``topic`` ('' for a family itself), None if not of it."""
        if code == topic.code:
            return ""
        if not code.startswith(topic.code + "."):
            return None
        row = self.indicators.get(code)
        return row.get("member", "") if row is not None else code.rsplit(".", 1)[1]

    def members(self, label: str, topic: Topic) -> list[str]:
        """The members of ``topic`` that a row label names (through the aliases), best first: an alias of one
        of the topic's own indicators, else the member an alias names in another topic (the industries of the
        IIP are those of the labour-use index; 'Hoa Kỳ' is the same partner for FDI and for visitors)."""
        codes = self.aliases.get(label_key(label), [])
        out = []
        for code in codes:
            m = self.member_of(code, topic)
            if m is not None and m not in out:
                out.append(m)
        if out:
            return out
        for code in codes:
            row = self.indicators.get(code)
            m = row.get("member", "") if row is not None else ""
            if m and m not in out:
                out.append(m)
        return out

    def suggest(self, label: str, topic: Topic | None, family: str = "", n: int = 3) -> list[tuple[str, str]]:
        """The catalogue's nearest rows to an unmatched label: (code, name), in the topic's family first."""
        key = label_key(label)
        pool = self.by_topic.get(topic.code, []) if topic else list(self.indicators)
        if family:
            pool = [c for c in pool if c.startswith(family)] or pool
        names = {}
        for c in pool:
            row = self.indicators[c]
            names.setdefault(label_key(row["name_vi"]), c)
        for alias_key, codes in self.aliases.items():
            for c in codes:
                if c in pool:
                    names.setdefault(alias_key, c)
        close = difflib.get_close_matches(key, list(names), n=n, cutoff=0.5)
        return [(names[k], self.indicators[names[k]]["name_vi"]) for k in close]


def _compile(d: dict | None) -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(r"\b" + k + r"\b"), str(v)) for k, v in (d or {}).items())


@lru_cache(maxsize=4)
def _load(ref_dir: str) -> Vocabulary:
    cfg = load_yaml("statistics_office.yml")
    topics = [Topic(
        code=t["code"], domain=t["domain"], titles=tuple(t.get("title") or ()),
        measures=_compile(t.get("measures")), index=bool(t.get("index")), rows_are=t.get("rows_are", "members"),
        switch=_compile(t.get("switch")),
    ) for t in cfg.get("topics") or []]
    indicators: dict[str, dict[str, str]] = {}
    path = reference_dir() / NATIONAL_FILE
    if path.exists():
        with open(path, encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                indicators[row["indicator_code"]] = row
    aliases: dict[str, list[str]] = {}
    apath = reference_dir() / ALIASES_FILE
    if apath.exists():
        with open(apath, encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                aliases.setdefault(label_key(row["alias"]), []).append(row["indicator_code"].strip())
    by_topic: dict[str, list[str]] = {}
    for code in indicators:
        for t in topics:
            if code == t.code or code.startswith(t.code + "."):
                by_topic.setdefault(t.code, []).append(code)
    return Vocabulary(topics, dict(cfg.get("bases") or {}), {label_key(x) for x in cfg.get("totals") or []},
                      indicators, aliases, by_topic)


def vocabulary() -> Vocabulary:
    return _load(str(reference_dir()))
