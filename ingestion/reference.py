"""Reference data: the indicator catalogue, areas, departments, and who may report what."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

import pandas as pd

from ingestion.config import load_yaml, reference_dir, reference_table
from ingestion.text import ascii_key, key

STATISTICS_OFFICE = "CTK"  # may report any indicator
LEVELS = ("province", "district", "commune")
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
        if department == STATISTICS_OFFICE:
            return indicator in self.indicators.index
        if indicator not in self.indicators.index:
            return False
        return self.indicators.at[indicator, "department_code"] == department or (
            (department, indicator) in self.reporters
        )

    def allowed_pairs(self) -> set[str]:
        owners = {f"{d}|{c}" for c, d in self.indicators["department_code"].items()}
        return owners | {f"{d}|{c}" for d, c in self.reporters}

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


def areas_file() -> Path:
    return reference_dir() / "areas.csv"


class AreaResolver:
    """Area codes and names -> official area code.

    A name may carry its type ('Thành phố Dĩ An', 'TP. Dĩ An'), an older type ('Thị xã Dĩ An') or
    none ('Dĩ An': the highest level that has the name wins, as reports name districts bare), and
    may lack diacritics when that is unambiguous. A name that fits two areas is refused.
    """

    def __init__(self, areas: pd.DataFrame) -> None:
        self.areas = areas.set_index("area_code", drop=False)
        cfg = load_yaml("areas.yml")
        self.aliases = {key(k): str(v) for k, v in (cfg.get("aliases") or {}).items()}
        types = cfg.get("types") or {}
        self.type_words = sorted(
            ((key(w), t["level"], key(t["type"])) for w, t in types.items()), key=lambda x: -len(x[0])
        )
        self.by_name: dict[str, dict[str, set[str]]] = {lv: {} for lv in LEVELS}
        self.by_ascii: dict[str, dict[str, set[str]]] = {lv: {} for lv in LEVELS}
        self.type_of = {c: key(t) for c, t in zip(areas["area_code"], areas["area_type"], strict=True)}
        for code, name, level in zip(areas["area_code"], areas["name_vi"], areas["level"], strict=True):
            _, _, base = self._split_type(name)
            self.by_name[level].setdefault(base, set()).add(code)
            self.by_ascii[level].setdefault(strip_ascii(base), set()).add(code)
        # the country, its regions and provinces: resolved after the province's own register, and codes the
        # gate accepts (all_codes); ``areas`` stays the province's register
        self.national = NationalAreas.load(cfg.get("national_aliases") or {})

    @property
    def all_codes(self) -> set[str]:
        """Every area code a figure may carry: the province's register, the country, regions, provinces."""
        codes = set(self.areas.index)
        if self.national is not None:
            codes |= {u.code for u in self.national.units}
        return codes

    def _split_type(self, name: str) -> tuple[str | None, str | None, str]:
        """(level, official type, bare name) of a written area name."""
        k = key(name)
        for word, level, official in self.type_words:
            if k.startswith(word) and (word.endswith(".") or k[len(word) : len(word) + 1] == " "):
                rest = k[len(word) :].strip()
                if rest:
                    return level, official, rest
        return None, None, k

    def resolve(self, raw: str) -> tuple[str | None, str | None]:
        """(code, None) when resolved, (None, reason) when not."""
        text = str(raw).strip()
        if text in self.areas.index:
            return text, None
        k = key(text)
        if k in self.aliases:
            return self.aliases[k], None
        level, official, base = self._split_type(text)
        levels = [level] if level else list(LEVELS)
        for index in (self.by_name, self.by_ascii):
            probe = base if index is self.by_name else strip_ascii(base)
            for lv in levels:
                codes = index[lv].get(probe)
                if not codes:
                    continue
                if len(codes) > 1 and official:
                    # 'Phường Tân Hiệp' vs 'Xã Tân Hiệp': the written type tells them apart
                    codes = {c for c in codes if self.type_of[c] == official} or codes
                if len(codes) > 1:
                    names = ", ".join(f"{c} {self.areas.at[c, 'name_vi']}" for c in sorted(codes))
                    return None, f"tên địa bàn '{text}' khớp với nhiều đơn vị ({names}); hãy ghi mã địa bàn"
                return next(iter(codes)), None
        if self.national is not None:  # a province of the country ('Đồng Nai'), the country, a region
            code, _reason = self.national.resolve(text)
            if code is not None:
                return code, None
        return None, f"không tìm thấy địa bàn '{text}' trong danh mục đơn vị hành chính"


_NATIONAL_TYPES = re.compile(r"^(?:tỉnh|thành phố|tp\.?|t\.p\.?|tx\.?)\s+")


def national_key(name: str) -> str:
    """A province's or region's name as a comparison key: no type word ('Tỉnh', 'Thành phố', 'TP.'), no
    diacritics, dashes as spaces ('Thừa Thiên - Huế' = 'thua thien hue')."""
    k = _NATIONAL_TYPES.sub("", key(name).strip())
    return " ".join(ascii_key(k).replace("-", " ").replace(".", " ").split())


@dataclass
class NationalArea:
    code: str
    name: str
    level: str  # country | region | province
    valid_from: str  # '' = since before the warehouse's coverage
    valid_to: str  # '' = still valid


class NationalAreas:
    """The country ('VN'), its statistical regions and its provinces (reference/provinces_vn.csv: the 63 until
    2025-06-30, the 34 from 2025-07-01; reference/statistical_areas_vn.csv), by name and date.

    A province is named with or without its type, with or without diacritics ('TP. Hồ Chí Minh', 'Ha Noi'),
    or by an older name (config/areas.yml ``national_aliases``). The same name may be two units (Tây Ninh is
    72 until 2025-06-30 and 80 after): :meth:`resolve` takes the date the figure is about."""

    def __init__(self, units: list[NationalArea], aliases: dict[str, str]) -> None:
        self.units = units
        self.by_key: dict[str, list[NationalArea]] = {}
        for u in units:
            self.by_key.setdefault(national_key(u.name), []).append(u)
        self.aliases = {national_key(k): str(v) for k, v in aliases.items()}

    @classmethod
    def load(cls, aliases: dict[str, str]) -> NationalAreas | None:
        units: list[NationalArea] = []
        ref = reference_dir()
        if (ref / "statistical_areas_vn.csv").exists():
            for r in _read_csv("statistical_areas_vn.csv").to_dict("records"):
                units.append(NationalArea(r["area_code"], r["name_vi"], r["level"], "", ""))
        if (ref / "provinces_vn.csv").exists():
            for r in _read_csv("provinces_vn.csv").to_dict("records"):
                units.append(NationalArea(r["area_code"], r["name_vi"], "province", r["valid_from"], r["valid_to"]))
        return cls(units, aliases) if units else None

    def frame(self) -> pd.DataFrame:
        """One row per code (the latest name), in the columns of the areas file."""
        latest: dict[str, NationalArea] = {}
        for u in self.units:
            if u.code not in latest or (u.valid_from or "") >= (latest[u.code].valid_from or ""):
                latest[u.code] = u
        return pd.DataFrame({
            "area_code": list(latest), "name_vi": [u.name for u in latest.values()],
            "area_type": ["" for _ in latest], "level": [u.level for u in latest.values()],
            "parent_area_code": ["" if u.level == "country" else "VN" for u in latest.values()],
        })

    def resolve(self, text: str, on: str | None = None) -> tuple[str | None, str | None]:
        """(code, None) or (None, reason) for a name, valid on the date ``on`` ('2025-02-28'; None: any date,
        when the name means one code at every date)."""
        k = national_key(text)
        if k in self.aliases:
            return self.aliases[k], None
        found = self.by_key.get(k, [])
        if on is not None:
            found = [u for u in found
                     if (not u.valid_from or u.valid_from <= on) and (not u.valid_to or on <= u.valid_to)]
        codes = sorted({u.code for u in found})
        if len(codes) == 1:
            return codes[0], None
        if not codes:
            return None, f"'{text}' không phải tên tỉnh, thành phố hay vùng nào" + (f" vào ngày {on}" if on else "")
        return None, f"'{text}' là tên của nhiều đơn vị ({', '.join(codes)}); cần biết kỳ của số liệu"


def strip_ascii(k: str) -> str:
    return ascii_key(k)


@lru_cache(maxsize=4)
def _load_areas(path: str) -> AreaResolver:
    return AreaResolver(pd.read_csv(path, dtype=str, keep_default_na=False))


def areas() -> AreaResolver:
    return _load_areas(str(areas_file()))


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
    """Each department's cadence (the most frequent reporting frequency among the indicators it owns) and
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
        owned = set(cat.indicators.loc[cat.indicators["department_code"] == department, "frequency"])
        cadence = next((f for f in by_length if f in owned), "year")
        out[department] = (cadence, allowed.get((department, cadence), 400))
    return out
