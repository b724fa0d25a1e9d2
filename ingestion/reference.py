"""Reference data: the indicator catalogue, areas, departments, and who may report what."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property, lru_cache
from pathlib import Path

import pandas as pd

from ingestion.config import load_yaml, reference_dir, reference_table
from ingestion.text import key

STATISTICS_OFFICE = "CTK"  # may report any indicator
_NUMBERING = re.compile(
    r"^(?:trong đó\s*[:：]?\s*|\d+(?:\.\d+)*\.?(?:\s*[)/:-])?\s+|(?:[ivxlc]+|[a-zđ])\s*[.)]\s*"
    r"|[-+–•*]\s*|\(\d+\)\s*)+",
    re.IGNORECASE,
)


def _read_csv(name: str) -> pd.DataFrame:
    return reference_table(name.removesuffix(".csv")).copy()


@lru_cache(maxsize=65536)  # the same names come back in every month's report
def strip_numbering(name: str) -> str:
    """'1.1 Trong đó: Xuất khẩu' -> 'Xuất khẩu'; '- Hàng dệt may' -> 'Hàng dệt may'."""
    k = key(name)
    prev = None
    while prev != k:
        prev = k
        k = _NUMBERING.sub("", k).strip()
    return k


@dataclass
class Catalogue:
    indicators: pd.DataFrame  # one row per indicator, indexed by indicator_code
    reporters: set[tuple[str, str]]  # (department_code, indicator_code) pairs allowed besides the owner
    departments: pd.DataFrame
    domains: pd.DataFrame
    _names: dict[str, str] = field(default_factory=dict)

    @property
    def codes(self) -> set[str]:
        return set(self.indicators.index)

    @cached_property
    def units(self) -> dict[str, object]:
        """Each indicator's unit by code (a dict: looked up cell by cell, where a Series costs 10x more)."""
        return self.indicators["unit"].to_dict()

    def allowed(self, department: str, indicator: str) -> bool:
        """Whether ``department`` may report ``indicator``: the statistics office any, a department what it
        owns or is a reporter of, and what the departments it took over did (reference/departments.csv
        ``successor_code``: from 1 March 2025 Sở Tài chính reports for Sở Kế hoạch và Đầu tư)."""
        if indicator not in self.indicators.index:
            return False
        if department == STATISTICS_OFFICE:
            return True
        owner = self.indicators.at[indicator, "department_code"]
        return any(d == owner or (d, indicator) in self.reporters for d in self.speaks_for(department))

    @cached_property
    def _departments(self) -> dict[str, dict[str, str]]:
        return {r["department_code"]: r for r in self.departments.to_dict("records")}

    def speaks_for(self, department: str) -> set[str]:
        """The department and every department whose work it took over, directly or not."""
        out, todo = set(), [department]
        while todo:
            d = todo.pop()
            if d not in out:
                out.add(d)
                todo.extend(c for c, r in self._departments.items() if r.get("successor_code") == d)
        return out

    def ceased_before(self, department: str, start: date) -> str | None:
        """Why ``department`` may not report a period that starts on ``start`` (it ceased to exist before),
        naming the department that reports in its place; None when it may."""
        row = self._departments.get(department)
        if not row or not row.get("valid_to") or date.fromisoformat(row["valid_to"]) >= start:
            return None
        successor, seen = row.get("successor_code") or "", {department}
        while successor and successor not in seen:  # the department that exists then
            seen.add(successor)
            nxt = self._departments.get(successor, {})
            if not nxt.get("valid_to") or date.fromisoformat(nxt["valid_to"]) >= start:
                break
            successor = nxt.get("successor_code") or ""
        then = self._departments.get(successor, {})
        return (f"{row['name_vi']} ({department}) không còn từ "
                f"{date.fromisoformat(row['valid_to']) + timedelta(days=1):%d/%m/%Y}; số liệu của kỳ này do "
                f"{then.get('name_vi', '?')} ({successor or '?'}) báo cáo — the department no longer existed in "
                f"the period; its successor {successor or '?'} reports")

    def match_name(self, name: str, aliases: dict[str, str] | None = None) -> str | None:
        """The indicator code whose name (or a department alias) matches ``name``."""
        k = strip_numbering(name)
        if aliases:
            code = _alias_keys(tuple(aliases.items())).get(k)
            if code is not None:
                return code
        return self._names.get(k)


@lru_cache(maxsize=64)
def _alias_keys(aliases: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """A department's aliases by their name key (the first alias of a key wins)."""
    keys: dict[str, str] = {}
    for alias, code in aliases:
        keys.setdefault(strip_numbering(alias), str(code))
    return keys


@lru_cache(maxsize=4)
def _load_catalogue(ref_dir: str) -> Catalogue:
    path = Path(ref_dir)
    ind = _read_csv("indicators.csv")
    if (path / "indicators_national.csv").exists():
        # the statistics office's national template (ingestion/statistics_office): the same columns, plus
        # the comparison base of an index and the member of a family
        national = _read_csv("indicators_national.csv").assign(national_template="1")
        ind = pd.concat([ind, national[~national["indicator_code"].isin(ind["indicator_code"])]],
                        ignore_index=True).fillna("")
    for col, default in (("range_min", ""), ("range_max", ""), ("parent_indicator_code", ""),
                         ("comparison_base", ""), ("member", ""), ("national_template", "")):
        if col not in ind:
            ind[col] = default
    ind["range_min"] = pd.to_numeric(ind["range_min"], errors="coerce")
    ind["range_max"] = pd.to_numeric(ind["range_max"], errors="coerce")
    ind = ind.set_index("indicator_code", drop=False)
    reporters: set[tuple[str, str]] = set()
    if (path / "indicator_reporters.csv").exists():
        rep = _read_csv("indicator_reporters.csv")
        reporters = set(zip(rep["department_code"], rep["indicator_code"], strict=True))
    # reference/indicator_aliases.csv is read by the statistics-office reader only (statistics_office.catalogue):
    # its names are row labels ('Gạo', 'Tổng số') that mean an indicator only within a table's topic
    # a name the generated catalogue has is its indicator's, whatever the national template calls its rows
    order = ind["national_template"].ne("1").to_numpy()
    names = {strip_numbering(n): c for c, n, generated in sorted(
        zip(ind["indicator_code"], ind["name_vi"], order, strict=True), key=lambda x: x[2])}
    return Catalogue(ind, reporters, _read_csv("departments.csv"), _read_csv("domains.csv"), names)


def catalogue() -> Catalogue:
    return _load_catalogue(str(reference_dir()))


@dataclass(frozen=True)
class Profile:
    department_code: str
    number_form: str = "vi"
    default_area: str = "74"
    aliases: dict[str, str] = field(default_factory=dict)
    header_synonyms: dict[str, str] = field(default_factory=dict)


def profile(department: str) -> Profile:
    """A department's profile (config/departments.yml) merged over the defaults."""
    cfg = load_yaml("departments.yml")
    merged = dict(cfg.get("defaults") or {})
    own = (cfg.get("departments") or {}).get(department) or {}
    for k, v in own.items():
        if isinstance(v, dict) and isinstance(merged.get(k), dict):
            merged[k] = {**merged[k], **v}
        else:
            merged[k] = v
    return Profile(
        department_code=department,
        number_form=str(merged.get("number_form", "vi")),
        default_area=str(merged.get("default_area", "74")),
        aliases={str(k): str(v) for k, v in (merged.get("aliases") or {}).items()},
        header_synonyms={str(k): str(v) for k, v in (merged.get("header_synonyms") or {}).items()},
    )


def reporting_cadences() -> dict[str, tuple[str, int]]:
    """Each department's cadence (the most frequent reporting frequency among the indicators it owns or took
    over) and
    how many days may pass after its last file before it counts as having stopped sending
    (reference/reporting_calendar.csv; 400 days where the calendar says nothing)."""
    from ingestion.vocabulary import period_months

    cat = catalogue()
    calendar = reference_table("reporting_calendar")
    allowed = {(d, f): int(n) for d, f, n in zip(calendar["department_code"], calendar["frequency"],
                                                 calendar["stale_after_days"], strict=True)}
    by_length = sorted(period_months(), key=period_months().get)
    out = {}
    for department in cat.departments["department_code"]:
        takes = cat.speaks_for(department)  # with what it took over from departments merged into it
        owned = set(cat.indicators.loc[cat.indicators["department_code"].isin(takes), "frequency"])
        cadence = next((f for f in by_length if f in owned), "year")
        out[department] = (cadence, allowed.get((department, cadence), 400))
    return out
