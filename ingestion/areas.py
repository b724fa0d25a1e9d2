"""The area register: every version of every area, and what a code or a name means in a period.

``reference/areas.csv`` holds one row per area *version*: the country, its regions, its provinces (the 63
until 2025-06-30, the 34 from 2025-07-01), the province's districts and communes until 2025-06-30, its 36
new communes and wards from 2025-07-01, and the former province as a statistical area from then on (code
74, the union of the 36). A code means nothing without its date: 25750 is Phường Phú Hòa until 2025-06-30
and Phường Phú Lợi after, 79 names a larger city from 2025-07-01. ``reference/area_successions.csv`` says
which old units went into which new ones.

The rule, here and in dbt (``int_area_periods``): a value's area is the version of its code whose validity
overlaps the value's period; when two do (a year that spans the change), the later one. A code with no
version in the period is refused, with a reason that names the unit(s) valid then.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import pandas as pd

from ingestion.config import load_yaml, reference_table
from ingestion.periods import period_bounds
from ingestion.text import ascii_key, key

#: The levels of the province's own register, highest first: a bare name ('Dĩ An') is the highest level
#: that has it, as reports name districts bare.
LOCAL_LEVELS = ("province", "statistical", "district", "commune")
OPEN_START, OPEN_END = date(1900, 1, 1), date(9999, 12, 31)


def _date(text: str, default: date) -> date:
    return date.fromisoformat(text) if text else default


def _dmy(d: date) -> str:
    return d.strftime("%d/%m/%Y")


@dataclass(frozen=True)
class AreaVersion:
    code: str
    name: str
    type: str
    level: str  # country | region | province | statistical | district | commune
    parent: str
    valid_from: date  # OPEN_START: since before the warehouse's coverage
    valid_to: date  # OPEN_END: still valid

    def overlaps(self, start: date, end: date) -> bool:
        return self.valid_from <= end and start <= self.valid_to

    @property
    def label(self) -> str:
        return f"{self.name} ({self.code})"

    def validity(self) -> str:
        if self.valid_from == OPEN_START:
            return f"đến {_dmy(self.valid_to)}"
        if self.valid_to == OPEN_END:
            return f"từ {_dmy(self.valid_from)}"
        return f"từ {_dmy(self.valid_from)} đến {_dmy(self.valid_to)}"


def _bounds(period: str | None) -> tuple[date, date]:
    return period_bounds(period) if period else (OPEN_START, OPEN_END)


_CODE = re.compile(r"^(?:\d+|VN(?:-\w+)?)$")  # what a code looks like, known or not
_NATIONAL_TYPES = re.compile(r"^(?:tỉnh|thành phố|tp\.?|t\.p\.?|tx\.?)\s+")


def national_key(name: str) -> str:
    """A province's or region's name as a comparison key: no type word ('Tỉnh', 'Thành phố', 'TP.'), no
    diacritics, dashes as spaces ('Thừa Thiên - Huế' = 'thua thien hue')."""
    k = _NATIONAL_TYPES.sub("", key(name).strip())
    return " ".join(ascii_key(k).replace("-", " ").replace(".", " ").split())


class AreaRegister:
    """Area codes and names -> the official area code valid in a period.

    The province's own units are named with their type ('Thành phố Dĩ An', 'TP. Dĩ An'), an older type
    ('Thị xã Dĩ An') or none ('Dĩ An'), with or without diacritics when that is unambiguous; a name that fits
    two units valid in the period is refused. The country, its regions and provinces are named as the
    statistics office writes them (config/areas.yml ``national_aliases``, :func:`national_key`).
    """

    def __init__(self, versions: list[AreaVersion], successions: pd.DataFrame) -> None:
        self.versions = versions
        self.by_code: dict[str, list[AreaVersion]] = defaultdict(list)
        for v in versions:
            self.by_code[v.code].append(v)
        for vs in self.by_code.values():
            vs.sort(key=lambda v: v.valid_from)
        cfg = load_yaml("areas.yml")
        self.aliases = {key(k): str(v) for k, v in (cfg.get("aliases") or {}).items()}
        self.national_aliases = {national_key(k): str(v) for k, v in (cfg.get("national_aliases") or {}).items()}
        self.type_words = sorted(
            ((key(w), t["level"], key(t["type"])) for w, t in (cfg.get("types") or {}).items()),
            key=lambda x: -len(x[0]),
        )
        self.local_codes = local = self._local_codes()
        self.by_name: dict[str, dict[str, list[AreaVersion]]] = {lv: defaultdict(list) for lv in LOCAL_LEVELS}
        self.by_ascii: dict[str, dict[str, list[AreaVersion]]] = {lv: defaultdict(list) for lv in LOCAL_LEVELS}
        self.by_national_key: dict[str, list[AreaVersion]] = defaultdict(list)
        for v in versions:
            if v.code in local and v.level in LOCAL_LEVELS:
                _, _, base = self._split_type(v.name)
                self.by_name[v.level][base].append(v)
                self.by_ascii[v.level][ascii_key(base)].append(v)
            if v.level in ("country", "region", "province"):
                self.by_national_key[national_key(v.name)].append(v)
        self.successors: dict[tuple[str, date], list[tuple[str, str]]] = defaultdict(list)
        self.predecessors: dict[tuple[str, date], list[tuple[str, str]]] = defaultdict(list)
        for eff, old, new, kind in zip(successions["effective_date"], successions["old_area_code"],
                                       successions["new_area_code"], successions["merge_type"], strict=True):
            when = date.fromisoformat(eff)
            self.successors[(old, when)].append((new, kind))
            self.predecessors[(new, when)].append((old, kind))

    def _local_codes(self) -> set[str]:
        """The province's own units: 74 and every unit under it, at any date."""
        children: dict[str, set[str]] = defaultdict(set)
        for v in self.versions:
            children[v.parent].add(v.code)
        out, todo = set(), ["74"]
        while todo:
            code = todo.pop()
            if code not in out:
                out.add(code)
                todo.extend(children.get(code, ()))
        return out

    # --- codes -----------------------------------------------------------------------------------------

    @property
    def all_codes(self) -> set[str]:
        return set(self.by_code)

    def version_in(self, code: str, period: str | None) -> AreaVersion | None:
        """The version of ``code`` valid in ``period`` (the later one when two overlap it), or None."""
        start, end = _bounds(period)
        found = [v for v in self.by_code.get(code, ()) if v.overlaps(start, end)]
        return found[-1] if found else None

    def valid_in(self, code: str, period: str | None) -> bool:
        return self.version_in(code, period) is not None

    def explain(self, code: str, period: str | None) -> str:
        """Why ``code`` is refused for ``period``, naming the unit(s) valid then."""
        versions = self.by_code.get(code)
        if not versions:
            return f"mã địa bàn '{code}' không có trong danh mục đơn vị hành chính — unknown area code"
        start, end = _bounds(period)
        later = [v for v in versions if v.valid_from > end]
        what = lambda v: f"mã địa bàn {code} ({v.name})"  # noqa: E731
        if later:
            return self._not_yet(later[0], what, period)
        return self._no_longer([v for v in versions if v.valid_to < start][-1], what, period)

    def _no_longer(self, v: AreaVersion, what: Callable[[AreaVersion], str], period: str | None) -> str:
        after = date.fromordinal(v.valid_to.toordinal() + 1)
        then = self._names(self.successors_of(v), after)
        return (f"{what(v)} chỉ có hiệu lực {v.validity()}; từ {_dmy(after)} địa bàn này thuộc "
                f"{then or 'đơn vị khác'}: số liệu kỳ {period} phải báo cáo theo đơn vị mới "
                "— the unit no longer existed in the period; report by the unit(s) valid then")

    def _not_yet(self, v: AreaVersion, what: Callable[[AreaVersion], str], period: str | None) -> str:
        before = date.fromordinal(v.valid_from.toordinal() - 1)
        then = self._names(self.predecessors_of(v), before)
        return (f"{what(v)} chỉ có hiệu lực {v.validity()}; trong kỳ {period} địa bàn này là "
                f"{then or 'đơn vị khác'} — the unit did not exist yet in the period; report by the unit(s) "
                "valid then")

    def successors_of(self, v: AreaVersion) -> list[tuple[str, str]]:
        """(new code, merge type) of the units a version went into when it ended; for a unit without its own
        succession (a district), those its units went into."""
        when = date.fromordinal(v.valid_to.toordinal() + 1) if v.valid_to != OPEN_END else None
        if when is None:
            return []
        own = self.successors.get((v.code, when))
        if own:
            return own
        out: dict[str, str] = {}
        for child in self.children_of(v):
            for new, _kind in self.successors_of(child):
                out.setdefault(new, "")  # a part of the unit went there: whole or not says nothing here
        return list(out.items())

    def predecessors_of(self, v: AreaVersion) -> list[tuple[str, str]]:
        return self.predecessors.get((v.code, v.valid_from), [])

    def children_of(self, v: AreaVersion) -> list[AreaVersion]:
        return [c for c in self.versions if c.parent == v.code and c.overlaps(v.valid_from, v.valid_to)
                and c.valid_to <= v.valid_to and c.valid_from >= v.valid_from]

    def _names(self, pairs: list[tuple[str, str]], on: date) -> str:
        """'Phường Thủ Dầu Một (25747), Phường Phú Lợi (25750, một phần)' for (code, merge type) pairs, each
        named as the unit its code named on ``on``."""
        out = []
        for code, kind in pairs:
            v = next((x for x in self.by_code.get(code, []) if x.valid_from <= on <= x.valid_to), None)
            name = f"{v.name} ({code}" if v else f"({code}"
            out.append(name + (", một phần)" if kind == "partial" else ")"))
        return ", ".join(out)

    # --- names -----------------------------------------------------------------------------------------

    def _split_type(self, name: str) -> tuple[str | None, str | None, str]:
        """(level, official type, bare name) of a written area name."""
        k = key(name)
        for word, level, official in self.type_words:
            if k.startswith(word) and (word.endswith(".") or k[len(word): len(word) + 1] == " "):
                rest = k[len(word):].strip()
                if rest:
                    return level, official, rest
        return None, None, k

    def names_a_type(self, text: str) -> bool:
        k = key(text)
        return any(k.startswith(w + " ") or k.startswith(w) and w.endswith(".") for w, _lv, _t in self.type_words)

    def _local_candidates(self, text: str) -> tuple[list[AreaVersion], str | None]:
        """The province's units a written name may mean, at any date, and the type it was written with."""
        level, official, base = self._split_type(text)
        levels = [level] if level else list(LOCAL_LEVELS)
        for index, probe in ((self.by_name, base), (self.by_ascii, ascii_key(base))):
            for lv in levels:
                found = index[lv].get(probe)
                if found:
                    return list(found), official
        return [], official

    def resolve(self, raw: object, period: str | None = None) -> tuple[str | None, str | None]:
        """(code, None) when ``raw`` (a code or a name) means one unit valid in ``period`` (any date when
        None), (None, reason) when not."""
        text = str(raw).strip()
        if text in self.by_code or _CODE.match(text):
            if period is None or self.valid_in(text, period):
                return text, None
            return None, self.explain(text, period)
        k = key(text)
        if k in self.aliases:
            return self.aliases[k], None
        candidates, official = self._local_candidates(text)
        if candidates:
            start, end = _bounds(period)
            valid = [v for v in candidates if v.overlaps(start, end)]
            if len({v.code for v in valid}) > 1 and official:
                # 'Phường Tân Hiệp' vs 'Xã Tân Hiệp': the written type tells them apart
                valid = [v for v in valid if key(v.type) == official] or valid
            if len({v.code for v in valid}) > 1 and period is not None:
                latest = max(v.valid_from for v in valid)  # a year across the change: the later units
                valid = [v for v in valid if v.valid_from == latest]
            codes = sorted({v.code for v in valid})
            if len(codes) == 1:
                return codes[0], None
            if len(codes) > 1:
                names = ", ".join(f"{c} {self.by_code[c][-1].name}" for c in codes)
                return None, (f"tên địa bàn '{text}' khớp với nhiều đơn vị ({names}); hãy ghi mã địa bàn "
                              "— ambiguous area name")
            later = [v for v in candidates if v.valid_from > end]
            what = lambda v: f"địa bàn '{text}' ({v.name}, mã {v.code})"  # noqa: E731
            if later:
                return None, self._not_yet(min(later, key=lambda v: v.valid_from), what, period)
            return None, self._no_longer(max(candidates, key=lambda v: v.valid_to), what, period)
        code, reason = self.resolve_national(text, period_bounds(period)[1] if period else None)
        if code is not None:
            return code, None
        return None, reason or f"không tìm thấy địa bàn '{text}' trong danh mục đơn vị hành chính — unknown area"

    def names_area(self, text: str) -> bool:
        """Whether ``text`` names a unit of the register at some date (a code, an alias, a name)."""
        k = key(text)
        return (text.strip() in self.by_code or k in self.aliases or bool(self._local_candidates(text)[0])
                or national_key(text) in self.national_aliases or national_key(text) in self.by_national_key)

    def matches(self, code: str, name: str, period: str | None) -> bool:
        """Whether a written name may mean ``code`` in ``period`` (or names nothing the register knows)."""
        k = key(name)
        if k in self.aliases:
            return self.aliases[k] == code
        candidates, _ = self._local_candidates(name)
        if not candidates:
            national = self.by_national_key.get(national_key(name), [])
            return not national or any(v.code == code for v in national)
        start, end = _bounds(period)
        return any(v.code == code and v.overlaps(start, end) for v in candidates)

    def resolve_national(self, text: str, on: date | str | None = None) -> tuple[str | None, str | None]:
        """The country, a region or a province by name, valid on the date ``on`` (any date when None and the
        name means one code at every date)."""
        k = national_key(text)
        if k in self.national_aliases:
            return self.national_aliases[k], None
        found = self.by_national_key.get(k, [])
        if on is not None:
            day = date.fromisoformat(on) if isinstance(on, str) else on
            found = [v for v in found if v.valid_from <= day <= v.valid_to]
        codes = sorted({v.code for v in found})
        if len(codes) == 1:
            return codes[0], None
        if not codes:
            return None, f"'{text}' không phải tên tỉnh, thành phố hay vùng nào" + (f" vào ngày {on}" if on else "")
        return None, f"'{text}' là tên của nhiều đơn vị ({', '.join(codes)}); cần biết kỳ của số liệu"

    def frame(self, on: date | None = None) -> pd.DataFrame:
        """The versions (valid on ``on`` when given) in the columns of the areas file."""
        rows = [v for v in self.versions if on is None or v.valid_from <= on <= v.valid_to]
        return pd.DataFrame({
            "area_code": [v.code for v in rows], "name_vi": [v.name for v in rows],
            "area_type": [v.type for v in rows], "level": [v.level for v in rows],
            "parent_area_code": [v.parent for v in rows],
            "valid_from": [v.valid_from for v in rows], "valid_to": [v.valid_to for v in rows],
        })


def load_versions(table: pd.DataFrame) -> list[AreaVersion]:
    return [AreaVersion(str(r["area_code"]), r["name_vi"], r["area_type"], r["level"], r["parent_area_code"],
                        _date(r["valid_from"], OPEN_START), _date(r["valid_to"], OPEN_END))
            for r in table.to_dict("records")]


@lru_cache(maxsize=4)
def _register(_reference: str) -> AreaRegister:
    return AreaRegister(load_versions(reference_table("areas")), reference_table("area_successions"))


def areas() -> AreaRegister:
    """The register of the reference data in use (cached per reference folder)."""
    from ingestion.config import reference_dir

    return _register(str(reference_dir()))
