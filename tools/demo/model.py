"""The numbers of the demo: one series per indicator for the province and its areas.

Areas follow the 2025 reorganisation: the province (74) with its 9 districts and 91 communes until
2025-06-30, and its 36 new communes and wards from 2025-07-01 (74 then being the statistical area of the
former province). Every series is computed for all of them over the whole run; the generator sends each
period by the units valid in it. A new unit's share of the province is the sum of its predecessors' shares
(a divided old commune counted in equal parts), so that a unit made of whole old communes continues their
sum across July 2025.

Everything is a pure function of (seed, indicator code, years), so any indicator can be rebuilt
on its own, in any order, with the same result: this is what makes the output byte-identical
between runs and lets the generator stream department by department.

Values are kept as integers in units of 10^-k of the catalogue unit (k = the indicator's decimals):
sums over areas and over months are then exact, so district values add up to the province value
and year-to-date rows equal the running sum of the months, to the last digit.
"""

from __future__ import annotations

import math
import zlib
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

import numpy as np
import pandas as pd

FREQ_PPY = {"month": 12, "quarter": 4, "half": 2, "year": 1}
ADDITIVE_KINDS = {"count", "amount"}
LEVELS = ("province", "district", "commune")
#: The level of the 36 communes and wards valid from 2025-07-01 (level ``commune`` in the register).
NEW_LEVEL = "new_commune"
#: The day the new communes and wards replaced the districts and their communes.
CHANGE = date(2025, 7, 1)
#: Domains whose flows follow the business cycle (Tết dip, the 2021 lockdown in Bình Dương).
ECONOMIC_DOMAINS = {"KT", "NS", "DN", "FDI", "CN", "KCN", "TM", "XNK", "GT", "XD", "LD", "DL", "NL", "NN"}
#: Month of the Lunar New Year holiday (production and trade dip that month).
TET_MONTH = {2015: 2, 2016: 2, 2017: 1, 2018: 2, 2019: 2, 2020: 1, 2021: 2, 2022: 2, 2023: 1, 2024: 2, 2025: 1, 2026: 2}
#: The province's story where no published figure pins a year down: (year, base year, ratio), the yearly
#: level of the year is ``ratio`` times the real figure of the base year. These shape a series, they are never
#: sent as figures. Exports fell in 2023 after the 35.7 billion USD of 2022 (a demo assumption of about -9%).
STORY: dict[str, tuple[tuple[int, int, float], ...]] = {"XNK.001": ((2023, 2022, 0.91),)}
#: Relative size of the district-level units (population in thousands, 2019 census), the base of the
#: district weights of additive indicators.
DISTRICT_SIZE = {
    "718": 306,
    "719": 97,
    "720": 115,
    "721": 203,
    "722": 90,
    "723": 370,
    "724": 403,
    "725": 508,
    "726": 66,
}


def rng_for(seed: int, *parts: object) -> np.random.Generator:
    """A generator that depends only on the seed and the given labels (never on Python's hash)."""
    return np.random.default_rng([int(seed) & 0xFFFFFFFF] + [zlib.crc32(str(p).encode("utf-8")) for p in parts])


# ---------------------------------------------------------------------------------------------
# Reference data
# ---------------------------------------------------------------------------------------------


@dataclass
class Indicator:
    idx: int
    code: str
    name: str
    unit: str
    kind: str
    agg: str
    direction: str
    freq: str
    dept: str
    domain: str
    parent: str
    lo: float
    hi: float
    k: int

    @property
    def ppy(self) -> int:
        return FREQ_PPY[self.freq]

    @property
    def additive(self) -> bool:
        return self.kind in ADDITIVE_KINDS and self.hi > 0

    @property
    def scale(self) -> int:
        return 10**self.k

    @property
    def lo_i(self) -> int:
        return math.ceil(round(self.lo * self.scale, 6))

    @property
    def hi_i(self) -> int:
        return math.floor(round(self.hi * self.scale, 6))


def _default_range(kind: str, unit: str, agg: str) -> tuple[float, float]:
    """A plausible range when the catalogue gives none (core_indicators.csv has no ranges)."""
    u = unit.strip().lower()
    if kind == "percent" and agg == "none":  # a growth rate
        return -50.0, 100.0
    if kind == "rank":
        return 1.0, 63.0
    if kind == "index":
        return 0.0, 300.0
    if u == "%" or kind == "percent":
        return 0.0, 100.0
    if kind in ("rate", "ratio", "average"):
        return 0.0, 1000.0
    big = {
        "tỷ đồng": 1.5e6,
        "triệu usd": 1.5e5,
        "hồ sơ": 5e6,
        "đối tượng": 5e6,
        "người": 2.5e5,
        "nghìn người": 1e4,
        "doanh nghiệp": 2.5e4,
        "ca": 5e4,
        "vụ": 2.5e3,
    }
    return 0.0, big.get(u, 1e5)


def _decimals(kind: str, unit: str, lo: float, hi: float) -> int:
    if kind in ("count", "rank"):
        return 0
    span = hi - lo
    if span <= 2:
        return 3
    if span <= 20:
        return 2
    return 1


def is_flat(ind: Indicator) -> bool:
    """A growth rate or an index against a base period: no trend, it moves around its level."""
    return ind.agg == "none" and ind.kind in ("percent", "index")


def load_indicators(seeds: pd.DataFrame) -> list[Indicator]:
    """The catalogue as the readers see it (indicators.csv, else core_indicators.csv)."""
    from ingestion.reference import catalogue

    df = catalogue().indicators
    df = df[df["national_template"] != "1"]  # the statistics office's national workbook is not a department's
    out = []
    for i, r in enumerate(df.itertuples(index=False)):
        kind, unit = str(r.value_kind), str(r.unit)
        dlo, dhi = _default_range(kind, unit, str(r.time_aggregation))
        lo = float(r.range_min) if pd.notna(r.range_min) else dlo
        hi = float(r.range_max) if pd.notna(r.range_max) else dhi
        k = _decimals(kind, unit, lo, hi)
        # a count is whole, unless in thousands (2.763,12 nghìn người): a real figure then sets the decimals
        whole = kind == "rank" or (kind == "count" and not unit.strip().lower().startswith(("nghìn", "triệu")))
        for v in seeds.loc[seeds["indicator_code"] == r.indicator_code, "value"]:
            while not whole and abs(float(v) * 10**k - round(float(v) * 10**k)) > 1e-6:
                k += 1
        freq = str(r.frequency) if str(r.frequency) in FREQ_PPY else "year"
        out.append(
            Indicator(
                idx=i,
                code=str(r.indicator_code),
                name=str(r.name_vi),
                unit=unit,
                kind=kind,
                agg=str(r.time_aggregation),
                direction=str(r.direction),
                freq=freq,
                dept=str(r.department_code),
                domain=str(r.domain_code),
                parent=str(getattr(r, "parent_indicator_code", "") or ""),
                lo=lo,
                hi=hi,
                k=k,
            )
        )
    return out


@dataclass
class Areas:
    """Every unit the demo reports by, in a fixed order: the province (74), the 9 districts and 91 communes
    valid until 2025-06-30, then the 36 communes and wards valid from 2025-07-01 (level :data:`NEW_LEVEL`).
    A code may appear twice (25747 is Phường Phú Cường, then Phường Thủ Dầu Một): an area is its index."""

    codes: list[str]
    names: list[str]
    levels: np.ndarray  # 'province' | 'district' | 'commune' | NEW_LEVEL
    parent: np.ndarray  # index of the parent area, -1 for the province (the province for a new unit)
    index: dict[str, int] = field(default_factory=dict)  # code -> index of the units valid until 2025-06-30
    new_index: dict[str, int] = field(default_factory=dict)  # code -> index of the units valid from 2025-07-01
    #: (new units, old communes): the share of each old commune that went into each new unit (1 whole,
    #: 1/k for a commune divided between k new units); each column sums to 1
    succession: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))
    #: the province's name in the new period (the statistical area of the former province)
    province_name_new: str = ""

    @classmethod
    def load(cls) -> Areas:
        from ingestion.areas import areas

        register = areas()
        df = register.frame(on=date.fromordinal(CHANGE.toordinal() - 1))
        df = df[
            df["level"].isin(["province", "district", "commune"]) & df["area_code"].isin(register.local_codes)
        ].reset_index(drop=True)
        order = {"province": 0, "district": 1, "commune": 2}
        df = df.assign(_o=df["level"].map(order)).sort_values(["_o", "parent_area_code", "area_code"], kind="stable")
        new = register.frame(on=CHANGE)
        province_new = new.loc[new["area_code"] == "74", "name_vi"].tolist()
        new = new[(new["level"] == "commune") & (new["parent_area_code"] == "74")].sort_values("area_code")
        codes = df["area_code"].tolist()
        index = {c: i for i, c in enumerate(codes)}
        parent = [index.get(p, -1) for p in df["parent_area_code"]]
        levels = df["level"].tolist()
        new_codes = new["area_code"].tolist()
        new_index = {c: len(codes) + i for i, c in enumerate(new_codes)}
        # shares of the old communes in the new units, from the register's successions
        old_communes = [c for c, lv in zip(codes, levels, strict=True) if lv == "commune"]
        col = {c: j for j, c in enumerate(old_communes)}
        share = np.zeros((len(new_codes), len(old_communes)))
        for u, code in enumerate(new_codes):
            for old, _kind in register.predecessors.get((code, CHANGE), []):
                if old in col:
                    share[u, col[old]] = 1.0 / max(1, len(register.successors.get((old, CHANGE), [])))
        return cls(
            codes + new_codes,
            df["name_vi"].tolist() + new["name_vi"].tolist(),
            np.array(levels + [NEW_LEVEL] * len(new_codes), dtype=object),
            np.array(parent + [0] * len(new_codes), dtype=np.int64),
            index,
            new_index,
            share,
            province_new[0] if province_new else "",
        )

    @cached_property
    def districts(self) -> np.ndarray:
        return np.flatnonzero(self.levels == "district")

    @cached_property
    def communes(self) -> np.ndarray:
        return np.flatnonzero(self.levels == "commune")

    @cached_property
    def new_units(self) -> np.ndarray:
        return np.flatnonzero(self.levels == NEW_LEVEL)

    @cached_property
    def communes_of(self) -> dict[int, np.ndarray]:
        return {int(d): np.flatnonzero(self.parent == d) for d in self.districts}

    @cached_property
    def district_pos(self) -> np.ndarray:
        """For each old commune (in :attr:`communes` order), the position of its district in :attr:`districts`."""
        pos = {int(d): j for j, d in enumerate(self.districts)}
        return np.array([pos[int(self.parent[c])] for c in self.communes], dtype=np.int64)

    def new_shares(self, district_w: np.ndarray, commune_w: np.ndarray) -> np.ndarray:
        """(n, 36) shares of the new units in the province, from (n, 9) district weights and (91,) weights of
        the communes within their district: a new unit weighs what its (parts of) old communes weighed."""
        inner = np.empty(len(self.communes))
        for com in self.communes_of.values():
            at = np.searchsorted(self.communes, com)
            inner[at] = commune_w[at] / commune_w[at].sum()
        dshare = district_w / district_w.sum(axis=1, keepdims=True)
        return (dshare[:, self.district_pos] * inner[None, :]) @ self.succession.T


# ---------------------------------------------------------------------------------------------
# Series
# ---------------------------------------------------------------------------------------------


@dataclass
class Grid:
    """The periods of the run for one frequency: internal years (one before the first emitted year,
    for the 'same period last year' columns of the reports) through the last year."""

    years: list[int]
    ppy: int

    @cached_property
    def n(self) -> int:
        return len(self.years) * self.ppy

    @cached_property
    def year_of(self) -> np.ndarray:
        return np.repeat(np.array(self.years), self.ppy)

    @cached_property
    def sub(self) -> np.ndarray:
        """1-based number of the period within its year (month, quarter, half, or 1)."""
        return np.tile(np.arange(1, self.ppy + 1), len(self.years))

    @cached_property
    def end_month(self) -> np.ndarray:
        return self.sub * (12 // self.ppy)

    @cached_property
    def mid_month(self) -> np.ndarray:
        return self.end_month - (12 // self.ppy - 1) / 2.0

    @cached_property
    def tau(self) -> np.ndarray:
        """Time in years since the start of the grid, at the middle of each period."""
        return (self.year_of - self.years[0]) + (self.mid_month - 0.5) / 12.0

    def codes(self) -> list[str]:
        out = []
        for y, s in zip(self.year_of.tolist(), self.sub.tolist(), strict=True):
            if self.ppy == 1:
                out.append(f"{y}")
            elif self.ppy == 2:
                out.append(f"{y}-S{s}")
            elif self.ppy == 4:
                out.append(f"{y}-Q{s}")
            else:
                out.append(f"{y}-{s:02d}")
        return out

    def position(self, period: str) -> int | None:
        """Index of a period code of this frequency, or None."""
        codes = self.codes()
        return codes.index(period) if period in codes else None


def _ar1(rng: np.random.Generator, n: int, sigma: float, phi: float = 0.55) -> np.ndarray:
    e = rng.normal(0.0, sigma * math.sqrt(1 - phi * phi), n)
    out = np.empty(n)
    acc = rng.normal(0.0, sigma)
    for i in range(n):  # n <= a few hundred periods: one small loop per indicator, not per observation
        acc = phi * acc + e[i]
        out[i] = acc
    return out


def allocate(total: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Split integer totals (T,) into integer parts (T, D) proportional to weights, summing exactly."""
    total = np.asarray(total, dtype=np.int64)
    w = weights / weights.sum(axis=1, keepdims=True)
    raw = total[:, None].astype(np.float64) * w
    fl = np.floor(raw).astype(np.int64)
    rem = total - fl.sum(axis=1)
    frac = raw - fl
    order = np.argsort(-frac, axis=1, kind="stable")
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, np.broadcast_to(np.arange(w.shape[1]), order.shape).copy(), axis=1)
    return fl + (ranks < rem[:, None]).astype(np.int64)


def round_sig(x: np.ndarray, digits: int = 3) -> np.ndarray:
    """Round to a number of significant digits (plans are round numbers: 285.000, 34.000)."""
    x = np.asarray(x, dtype=np.float64)
    out = x.copy()
    nz = np.abs(x) > 0
    mag = np.floor(np.log10(np.abs(x[nz])))
    f = 10.0 ** (mag - digits + 1)
    out[nz] = np.round(x[nz] / f) * f
    return out


def _round_target(x: np.ndarray, scale: int) -> np.ndarray:
    """Targets are round: whole numbers from 10 up (52%, 108%), one decimal below (6,5%)."""
    v = np.asarray(x, dtype=np.float64) / scale
    step = np.where(np.abs(v) >= 10, 1.0, 0.1)
    step = np.maximum(step, 1.0 / scale)
    return np.round(np.round(v / step) * step * scale)


@dataclass
class Seed:
    period: str
    value_type: str  # actual | plan | ytd
    value: float


@dataclass
class Series:
    """All values of one indicator, as integers in units of 10^-k.

    Columns are areas (``area_idx`` into :class:`Areas`), rows are the periods of ``grid``.
    """

    ind: Indicator
    grid: Grid
    area_idx: np.ndarray
    actual: np.ndarray  # (n, A)
    flagged: np.ndarray  # (n,) first sent as an estimate, revised later
    estimate: np.ndarray  # (n, A) estimate values (equal to actual where not flagged)
    preliminary: np.ndarray | None  # (n, A) or None
    ytd: np.ndarray | None  # (n, A) monthly flows only
    annual: np.ndarray | None  # (years, A) for sub-annual indicators; rows with annual_ok False are not sent
    annual_ok: np.ndarray | None
    half: np.ndarray | None  # (years * 2, A) six-month values of quarterly and monthly indicators
    plan: np.ndarray  # (years, A)
    province_float: np.ndarray  # (n,) province series before rounding, in catalogue units


class Model:
    """Builds :class:`Series` for indicators; remembers province series so that sub-indicators
    ('Trong đó') can follow their parent."""

    def __init__(
        self,
        seed: int,
        indicators: list[Indicator],
        areas: Areas,
        years: list[int],
        seeds: dict[str, list[Seed]],
        revision_share: float,
        preliminary: bool,
        commune_codes: set[str],
        all_communes: bool,
        district_subrows: bool = True,
    ) -> None:
        self.seed = seed
        self.by_code = {i.code: i for i in indicators}
        self.areas = areas
        self.years = years  # internal years (first one not emitted)
        self.seeds = seeds
        self.revision_share = revision_share
        self.preliminary = preliminary
        self.commune_codes = commune_codes
        self.all_communes = all_communes
        self.district_subrows = district_subrows
        self._province: dict[str, np.ndarray] = {}
        self._district_w: dict[str, np.ndarray] = {}
        self._commune_w: dict[str, np.ndarray] = {}
        base = rng_for(seed, "commune-size")
        self.commune_size = np.exp(base.normal(0.0, 0.5, len(areas.codes)))

    # -- which areas -------------------------------------------------------------------------
    def with_communes(self, ind: Indicator) -> bool:
        return self.all_communes or ind.code in self.commune_codes

    def columns(self, ind: Indicator) -> np.ndarray:
        """The areas computed: the province, the districts, the old communes when the indicator goes down to
        them, and the new communes and wards (which stand for both districts and communes from July 2025)."""
        lv = self.areas.levels
        keep = (lv == "province") | (lv == "district") | (lv == NEW_LEVEL)
        if self.with_communes(ind):
            keep |= lv == "commune"
        return np.flatnonzero(keep)

    def sent(self, ind: Indicator, cols: np.ndarray) -> np.ndarray:
        """Which of the computed columns are sent: a sub-row ('Trong đó', a breakdown by sector, product,
        market...) stays at province level unless the size breaks sub-rows down by district too."""
        if self.district_subrows or not (ind.parent and ind.parent in self.by_code) or self.with_communes(ind):
            return np.arange(len(cols))
        return np.flatnonzero(self.areas.levels[cols] == "province")

    # -- the family of an indicator (root of the parent chain) --------------------------------
    def _root(self, ind: Indicator) -> Indicator:
        seen = set()
        while ind.parent and ind.parent in self.by_code and ind.parent not in seen:
            seen.add(ind.code)
            ind = self.by_code[ind.parent]
        return ind

    def _linked_parent(self, ind: Indicator) -> Indicator | None:
        """The parent whose series a sub-indicator follows (same kind of flow or stock, no seeds)."""
        p = self.by_code.get(ind.parent) if ind.parent else None
        if p is None or ind.code in self.seeds:
            return None
        if not (p.additive and ind.additive and p.unit == ind.unit and p.freq == ind.freq and p.agg == ind.agg):
            return None
        return p

    # -- province series ----------------------------------------------------------------------
    def province(self, ind: Indicator) -> np.ndarray:
        """Province values in catalogue units (floats), one per period of the indicator's grid."""
        if ind.code not in self._province:
            self._province[ind.code] = self._province_additive(ind) if ind.additive else self._province_bounded(ind)
        return self._province[ind.code]

    def _shape(self, ind: Indicator, grid: Grid, rng: np.random.Generator) -> np.ndarray:
        """Trend x seasonality x shocks x noise, positive, mean about 1 in the first year."""
        tau = grid.tau
        d = ind.direction
        if ind.agg == "sum":
            g = (
                rng.uniform(0.04, 0.12)
                if d == "up"
                else rng.uniform(-0.07, -0.01)
                if d == "down"
                else rng.uniform(-0.01, 0.06)
            )
            level = (1.0 + g) ** tau
            if grid.ppy > 1:
                m = grid.mid_month
                a1, p1 = rng.uniform(0.03, 0.12), rng.uniform(1, 12)
                a2, p2 = rng.uniform(0.0, 0.05), rng.uniform(1, 12)
                season = 1 + a1 * np.cos(2 * np.pi * (m - p1) / 12) + a2 * np.cos(4 * np.pi * (m - p2) / 12)
                level = level * season
                if ind.domain in ECONOMIC_DOMAINS:
                    tet = np.array([TET_MONTH.get(y, 2) for y in grid.year_of])
                    if grid.ppy == 12:
                        level = level * np.where(grid.sub == tet, rng.uniform(0.78, 0.9), 1.0)
                    elif grid.ppy == 4:
                        level = level * np.where(grid.sub == 1, rng.uniform(0.93, 0.98), 1.0)
            noise = np.exp(_ar1(rng, grid.n, rng.uniform(0.02, 0.06)))
        else:  # a stock: grows smoothly
            g = (
                rng.uniform(0.02, 0.10)
                if d == "up"
                else rng.uniform(-0.05, -0.005)
                if d == "down"
                else rng.uniform(-0.01, 0.04)
            )
            steps = np.full(grid.n, math.log1p(g) / grid.ppy) + rng.normal(0, 0.01 / math.sqrt(grid.ppy), grid.n)
            level = np.exp(np.cumsum(steps) - steps[0])
            noise = np.exp(_ar1(rng, grid.n, 0.004))
        shock = np.ones(grid.n)
        if ind.domain in ECONOMIC_DOMAINS:
            ym = grid.year_of * 100 + grid.end_month
            lockdown = rng.uniform(0.6, 0.85)
            if grid.ppy == 12:
                shock = np.where((ym >= 202107) & (ym <= 202109), lockdown, 1.0)
                shock = np.where(ym == 202004, rng.uniform(0.8, 0.92), shock)
            elif grid.ppy == 4:
                shock = np.where(ym == 202109, (2 + lockdown) / 3, 1.0)
            elif grid.ppy == 2:
                shock = np.where(ym == 202112, (5 + lockdown) / 6, 1.0)
            else:
                shock = np.where(grid.year_of == 2021, (11 + lockdown) / 12, 1.0)
            if ind.agg != "sum":
                shock = 1 - (1 - shock) * 0.2
        return level * shock * noise

    def _annual_ref(self, ind: Indicator, grid: Grid, x: np.ndarray) -> np.ndarray:
        """Per year: the value a plan of that year compares with (total, year-end level, mean)."""
        m = x.reshape(len(grid.years), grid.ppy)
        if ind.agg == "sum":
            return m.sum(axis=1)
        if ind.agg == "last":
            return m[:, -1]
        return m.mean(axis=1)

    def _anchors(self, ind: Indicator, grid, level_for_plan) -> list[tuple[int, float]]:
        """(year, yearly level) pairs a series must pass through: real actuals as they are, and for a
        real plan the level ``level_for_plan(plan)`` that the year's actual should reach."""
        anchors = []
        for s in self.seeds.get(ind.code, []):
            y = int(s.period[:4])
            if y not in grid.years:
                continue
            if s.value_type == "actual" and len(s.period) == 4:
                anchors.append((y, float(s.value)))
            elif s.value_type == "plan":
                anchors.append((y, level_for_plan(float(s.value))))
        known = dict(anchors)
        for y, base, ratio in STORY.get(ind.code, ()):
            if y in grid.years and y not in known and base in known:
                anchors.append((y, known[base] * ratio))
        return anchors

    def _plan_target(self, ind: Indicator, plan: float, rng: np.random.Generator) -> float:
        """Where the actual value of a year with a seeded plan lands relative to the plan."""
        if ind.direction == "up":
            r = rng.uniform(0.86, 0.99)
        elif ind.direction == "down":
            r = rng.uniform(1.01, 1.12)
        else:
            r = rng.uniform(0.95, 1.05)
        return plan * r

    def _province_additive(self, ind: Indicator) -> np.ndarray:
        grid = Grid(self.years, ind.ppy)
        rng = rng_for(self.seed, "province", ind.code)
        hi = ind.hi
        parent = self._linked_parent(ind)
        if parent is not None:
            base = self.province(parent)
            share0 = rng.uniform(0.4, 0.8) * min(1.0, ind.hi / max(parent.hi, 1e-9))
            drift = rng.normal(0, 0.03)
            x = base * share0 * np.exp(drift * grid.tau + _ar1(rng, grid.n, 0.02))
        else:
            x = self._shape(ind, grid, rng)
            ref = self._annual_ref(ind, grid, x)
            x = x * (hi * rng.uniform(0.18, 0.3) / max(ref.max(), 1e-12))
        # anchors: real figures and the actual level of a year with a real plan
        anchors = self._anchors(ind, grid, lambda p: self._plan_target(ind, p, rng))
        if anchors:
            ref = self._annual_ref(ind, grid, x)
            ys = np.array([a[0] for a in anchors], dtype=float)
            logc = np.array([math.log(max(a[1], 1e-9) / max(ref[grid.years.index(a[0])], 1e-12)) for a in anchors])
            order = np.argsort(ys)
            corr = np.interp(grid.year_of.astype(float), ys[order], logc[order])
            x = x * np.exp(corr)
        # keep every yearly total (and a plan 8% above it) inside the range
        ref = self._annual_ref(ind, grid, x)
        cap = 0.9 * hi / 1.08
        over = np.repeat(np.minimum(1.0, cap / np.maximum(ref, 1e-12)), grid.ppy)
        return x * over

    def _province_bounded(self, ind: Indicator) -> np.ndarray:
        grid = Grid(self.years, ind.ppy)
        rng = rng_for(self.seed, "province", ind.code)
        lo, hi = ind.lo, ind.hi
        span = max(hi - lo, 1e-9)
        if ind.kind == "percent" and lo < 0 < hi:  # a growth rate
            v0 = hi * rng.uniform(0.08, 0.18)
        elif ind.kind == "index" and lo < 100 < hi and ind.unit.strip() in ("%", ""):
            v0 = 100 * rng.uniform(0.98, 1.1)
        elif ind.kind == "rank":
            v0 = lo + span * rng.uniform(0.15, 0.6)
        elif ind.kind in ("rate", "ratio", "average"):
            v0 = lo + span * rng.uniform(0.12, 0.35)
        elif ind.kind == "index":
            v0 = lo + span * rng.uniform(0.45, 0.75)
        else:
            v0 = lo + span * (rng.uniform(0.25, 0.6) if ind.direction == "up" else rng.uniform(0.3, 0.75))
        pos = min(max((v0 - lo) / span, 0.01), 0.99)
        z0 = math.log(pos / (1 - pos))
        flat = is_flat(ind)  # growth rates and indices wander around their level
        if flat:
            slope = rng.uniform(-0.01, 0.01)
            sigma = rng.uniform(0.01, 0.035) if ind.kind == "index" else rng.uniform(0.03, 0.08)
        elif ind.direction == "up":
            slope, sigma = rng.uniform(0.05, 0.25), rng.uniform(0.015, 0.05)
        elif ind.direction == "down":
            slope, sigma = -rng.uniform(0.05, 0.25), rng.uniform(0.015, 0.05)
        else:
            slope, sigma = rng.uniform(-0.03, 0.03), rng.uniform(0.015, 0.05)
        z = z0 + slope * grid.tau + _ar1(rng, grid.n, sigma)
        if grid.ppy > 1:
            z = z + rng.uniform(0.0, 0.04) * np.cos(2 * np.pi * (grid.mid_month - rng.uniform(1, 12)) / 12)
        if flat and ind.domain in ECONOMIC_DOMAINS and "giá" not in ind.name.lower():
            # the July-September 2021 lockdown: production and trade fell against the year before
            ym = grid.year_of * 100 + grid.end_month
            weight = {12: 1.0, 4: 1.0, 2: 0.5, 1: 0.25}[grid.ppy]
            hit = {12: (ym >= 202107) & (ym <= 202109), 4: ym == 202109, 2: ym == 202112, 1: ym == 202112}[grid.ppy]
            z = z - np.where(hit, weight * rng.uniform(0.15, 0.4), 0.0)

        # anchors, in logit space so that the series stays inside the range
        def level_below_plan(p: float) -> float:
            if ind.direction == "up":
                return p - (p - lo) * rng.uniform(0.02, 0.12)
            if ind.direction == "down":
                return p + (hi - p) * rng.uniform(0.02, 0.1)
            return p

        anchors = self._anchors(ind, grid, level_below_plan)
        if anchors:

            def logit(v: float) -> float:
                q = min(max((v - lo) / span, 0.002), 0.998)
                return math.log(q / (1 - q))

            m = z.reshape(len(grid.years), grid.ppy)
            at = m[:, -1] if ind.agg == "last" else m.mean(axis=1)
            ys = np.array([a[0] for a in anchors], dtype=float)
            diff = np.array([logit(a[1]) - at[grid.years.index(a[0])] for a in anchors])
            order = np.argsort(ys)
            z = z + np.interp(grid.tau, ys[order] - grid.years[0] + 0.5, diff[order])
        return lo + span / (1 + np.exp(-z))

    # -- areas --------------------------------------------------------------------------------
    def _district_weights(self, ind: Indicator, grid: Grid) -> np.ndarray:
        """(n, 9) weights of the districts; shared by a family of indicators (parent and sub-rows)."""
        root = self._root(ind)
        key = f"{root.code}|{grid.ppy}"
        if key not in self._district_w:
            rng = rng_for(self.seed, "districts", root.code)
            base = np.array([DISTRICT_SIZE.get(self.areas.codes[d], 150) for d in self.areas.districts], float)
            base = base * np.exp(rng.normal(0, 0.35, len(base)))
            drift = rng.normal(0, 0.03, len(base))
            w = base[None, :] * np.exp(np.outer(grid.tau, drift))
            self._district_w[key] = w
        return self._district_w[key]

    def _commune_weights(self, ind: Indicator) -> np.ndarray:
        """(91,) weights of the old communes within their district; shared by a family of indicators."""
        root = self._root(ind)
        if root.code not in self._commune_w:
            rng = rng_for(self.seed, "communes", root.code)
            com = self.areas.communes
            self._commune_w[root.code] = self.commune_size[com] * np.exp(rng.normal(0, 0.25, len(com)))
        return self._commune_w[root.code]

    def _offsets(self, ind: Indicator, spread: float) -> np.ndarray:
        """A fixed offset of each area from its parent (bounded indicators); a new unit's offset from the
        province is the average of its old communes' offsets from the province, weighted by the part of each."""
        rng = rng_for(self.seed, "offsets", ind.code)
        a = self.areas
        offs = rng.normal(0, spread, len(a.codes))
        offs[0] = 0.0
        from_province = offs[a.communes] + offs[a.districts][a.district_pos]
        sh = a.succession
        offs[a.new_units] = (sh @ from_province) / np.maximum(sh.sum(axis=1), 1e-12)
        return offs

    def build(self, ind: Indicator) -> Series:
        grid = Grid(self.years, ind.ppy)
        cols = self.columns(ind)
        rng = rng_for(self.seed, "areas", ind.code)
        prov = self.province(ind)
        seeds = self.seeds.get(ind.code, [])
        lo_i, hi_i = ind.lo_i, ind.hi_i
        n, ny = grid.n, len(grid.years)
        col_of = {int(a): j for j, a in enumerate(cols)}
        dcols = np.array([col_of[int(d)] for d in self.areas.districts])
        ncols = np.array([col_of[int(u)] for u in self.areas.new_units])
        pinned = np.zeros(n, dtype=bool)  # periods fixed by a real figure: never revised

        if ind.additive:
            p_int = np.clip(np.round(prov * ind.scale), max(lo_i, 0), hi_i).astype(np.int64)
            for s in seeds:
                if s.value_type != "actual":
                    continue
                v = int(round(s.value * ind.scale))
                pos = grid.position(s.period)
                if pos is not None:
                    p_int[pos] = v
                    pinned[pos] = True
                elif len(s.period) == 4 and int(s.period) in grid.years:
                    yi = grid.years.index(int(s.period))
                    sl = slice(yi * grid.ppy, (yi + 1) * grid.ppy)
                    if ind.agg == "sum":
                        w = np.maximum(prov[sl], 1e-9)[None, :]
                        p_int[sl] = allocate(np.array([v]), w)[0]
                    else:
                        p_int[sl.stop - 1] = v
                    pinned[sl] = True
            values = np.zeros((n, len(cols)), dtype=np.int64)
            values[:, 0] = p_int
            w = self._district_weights(ind, grid)
            dist = allocate(p_int, w)
            values[:, dcols] = dist
            cw = self._commune_weights(ind)
            if self.with_communes(ind):
                for j, d in enumerate(self.areas.districts):
                    com = self.areas.communes_of[int(d)]
                    at = np.searchsorted(self.areas.communes, com)
                    ccols = np.array([col_of[int(c)] for c in com])
                    values[:, ccols] = allocate(dist[:, j], np.broadcast_to(cw[at], (n, len(com))))
            values[:, ncols] = allocate(p_int, self.areas.new_shares(w, cw))
        else:
            span = ind.hi - ind.lo
            spread = 0.06 * span if ind.kind != "rank" else 4.0
            if ind.kind == "percent" and ind.lo < 0:
                spread = 0.02 * span
            if ind.kind == "index" and ind.lo < 100 < ind.hi:
                spread = 3.0
            vals = np.empty((n, len(cols)))
            vals[:, 0] = prov
            offs = self._offsets(ind, spread)[cols]
            noise = rng.normal(0, spread * 0.25, (n, len(cols)))
            for j in range(1, len(cols)):
                par = self.areas.parent[cols[j]]
                pj = col_of.get(int(par), 0)
                vals[:, j] = vals[:, pj] + offs[j] + noise[:, j]
            values = np.clip(np.round(vals * ind.scale), lo_i, hi_i).astype(np.int64)
            for s in seeds:
                if s.value_type != "actual":
                    continue
                pos = grid.position(s.period)
                if pos is None and len(s.period) == 4 and ind.agg == "last" and int(s.period) in grid.years:
                    pos = (grid.years.index(int(s.period)) + 1) * grid.ppy - 1
                if pos is not None:
                    values[pos, 0] = int(round(s.value * ind.scale))
                    pinned[pos] = True

        # year to date (monthly flows) and yearly values of sub-annual indicators
        ytd = None
        if grid.ppy == 12 and ind.agg == "sum":
            ytd = values.reshape(ny, 12, -1).cumsum(axis=1).reshape(n, -1)
        annual = annual_ok = None
        if grid.ppy > 1:
            m = values.reshape(ny, grid.ppy, -1)
            annual_ok = np.full(ny, ind.agg in ("sum", "last", "average"))
            if ind.agg == "sum":
                annual = m.sum(axis=1)
            elif ind.agg == "last":
                annual = m[:, -1, :].copy()
            elif ind.additive:  # an average of an additive quantity: leaves first, then sums
                annual = np.round(m.mean(axis=1)).astype(np.int64)
                self._resum(annual, cols, col_of, np.array(grid.years) >= CHANGE.year)
            else:
                annual = np.clip(np.round(m.mean(axis=1)), lo_i, hi_i).astype(np.int64)
            for s in seeds:
                if s.value_type == "actual" and len(s.period) == 4 and int(s.period) in grid.years:
                    yi = grid.years.index(int(s.period))
                    annual[yi, 0] = int(round(s.value * ind.scale))
                    annual_ok[yi] = True

        half = None
        if grid.ppy in (4, 12) and ind.agg in ("sum", "last", "average"):
            h = values.reshape(ny * 2, grid.ppy // 2, -1)
            if ind.agg == "sum":
                half = h.sum(axis=1)
            elif ind.agg == "last":
                half = h[:, -1, :].copy()
            elif ind.additive:
                half = np.round(h.mean(axis=1)).astype(np.int64)
                halves = np.repeat(np.array(grid.years), 2) * 100 + np.tile([6, 12], ny)
                self._resum(half, cols, col_of, halves >= CHANGE.year * 100 + CHANGE.month)
            else:
                half = np.clip(np.round(h.mean(axis=1)), lo_i, hi_i).astype(np.int64)

        plan = self._plans(ind, grid, values, annual, cols, col_of, rng)
        flagged, estimate, prelim = self._revisions(ind, grid, values, pinned, rng, cols, col_of)
        keep = self.sent(ind, cols)
        if len(keep) < len(cols):

            def cut(a: np.ndarray | None) -> np.ndarray | None:
                return None if a is None else a[:, keep]

            values, estimate, prelim, ytd = cut(values), cut(estimate), cut(prelim), cut(ytd)
            annual, half, plan, cols = cut(annual), cut(half), cut(plan), cols[keep]
        return Series(ind, grid, cols, values, flagged, estimate, prelim, ytd, annual, annual_ok, half, plan, prov)

    def _resum(self, m: np.ndarray, cols: np.ndarray, col_of: dict[int, int], new: np.ndarray) -> None:
        """Make district columns the sum of their communes and the province the sum of districts; in the
        rows of the new units (``new``), the province the sum of the new units."""
        districts = self.areas.districts
        for d in districts:
            com = [col_of[int(c)] for c in self.areas.communes_of[int(d)] if int(c) in col_of]
            if com:
                m[:, col_of[int(d)]] = m[:, com].sum(axis=1)
        by_district = m[:, [col_of[int(d)] for d in districts]].sum(axis=1)
        by_unit = m[:, [col_of[int(u)] for u in self.areas.new_units]].sum(axis=1)
        m[:, 0] = np.where(new, by_unit, by_district)

    def _plans(
        self,
        ind: Indicator,
        grid: Grid,
        values: np.ndarray,
        annual: np.ndarray | None,
        cols: np.ndarray,
        col_of: dict[int, int],
        rng: np.random.Generator,
    ) -> np.ndarray:
        ny = len(grid.years)
        if annual is not None and ind.agg in ("sum", "last", "average"):
            ref = annual.astype(np.float64)
        else:
            ref = values.reshape(ny, grid.ppy, -1).mean(axis=1)
        d = ind.direction
        lo_i, hi_i = ind.lo_i, ind.hi_i
        if ind.additive:
            if d == "up":
                f = rng.uniform(1.0, 1.08, ny)
            elif d == "down":
                f = rng.uniform(0.92, 1.0, ny)
            else:
                f = rng.uniform(0.97, 1.04, ny)
            prov = round_sig(ref[:, 0] * f, 3)
            prov = np.clip(np.round(prov), max(lo_i, 0), hi_i).astype(np.int64)
        else:
            base = ref[:, 0]
            sign = 1.0 if d == "up" else -1.0 if d == "down" else rng.choice([-1.0, 1.0], ny)
            if is_flat(ind):  # a growth or index target: a point or two above the level
                shift = rng.uniform(0.2, 2.0, ny) * ind.scale
            elif ind.kind == "rank":
                shift = np.maximum(1, np.round(np.abs(base) * rng.uniform(0.03, 0.1, ny)))
            else:
                shift = np.abs(base) * rng.uniform(0.01, 0.06, ny)
                if d == "neutral":
                    shift = shift / 3
            prov = _round_target(base + sign * shift, ind.scale)
            prov = np.clip(prov, lo_i, hi_i).astype(np.int64)
        for s in self.seeds.get(ind.code, []):
            if s.value_type == "plan" and len(s.period) == 4 and int(s.period) in grid.years:
                prov[grid.years.index(int(s.period))] = int(round(s.value * ind.scale))
        plan = np.zeros((ny, len(cols)), dtype=np.int64)
        plan[:, 0] = prov
        dcols = np.array([col_of[int(x)] for x in self.areas.districts])
        if ind.additive:
            w = np.maximum(ref[:, dcols], 1e-9)
            dist = allocate(prov, w)
            plan[:, dcols] = dist
            ncols = np.array([col_of[int(x)] for x in self.areas.new_units])
            plan[:, ncols] = allocate(prov, np.maximum(ref[:, ncols], 1e-9))
            for j, dd in enumerate(self.areas.districts):
                com = [col_of[int(c)] for c in self.areas.communes_of[int(dd)] if int(c) in col_of]
                if com:
                    plan[:, com] = allocate(dist[:, j], np.maximum(ref[:, com], 1e-9))
        else:
            delta = prov.astype(np.float64) - ref[:, 0]
            rest = _round_target(ref[:, 1:] + delta[:, None], ind.scale)
            plan[:, 1:] = np.clip(rest, lo_i, hi_i).astype(np.int64)
        return plan

    def _revisions(
        self,
        ind: Indicator,
        grid: Grid,
        values: np.ndarray,
        pinned: np.ndarray,
        rng: np.random.Generator,
        cols: np.ndarray,
        col_of: dict[int, int],
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
        """Which periods are first sent as estimates, and the estimate (and preliminary) values. The areas'
        estimates of an additive indicator add up to the province's, as the final values do."""
        n = grid.n
        flagged = (rng.random(n) < self.revision_share) & ~pinned
        flagged &= grid.year_of > self.years[0]
        estimate = values.copy()
        prelim = values.copy() if self.preliminary else None
        if not flagged.any():
            return flagged, estimate, prelim
        lo_i, hi_i = ind.lo_i, ind.hi_i
        rows = np.flatnonzero(flagged)
        v = values[rows]
        sign = np.where(rng.random(len(rows)) < 0.5, -1, 1)[:, None]
        rel = rng.uniform(0.005, 0.04, (len(rows), 1))
        if ind.additive:
            delta = np.maximum(np.round(np.abs(v) * rel), 1).astype(np.int64)
        else:
            span_i = max(hi_i - lo_i, 1)
            delta = np.maximum(np.round(span_i * rel * 0.3), 1).astype(np.int64) * np.ones_like(v)
        est = v + sign * delta
        alt = v - sign * delta
        est = np.where((est < lo_i) | (est > hi_i), alt, est)
        est = np.clip(est, lo_i, hi_i)
        estimate[rows] = est
        if prelim is not None:
            prelim[rows] = np.clip(np.round((est + v) / 2), lo_i, hi_i).astype(np.int64)
        if ind.additive:
            estimate[rows] = self._spread(est[:, 0], v, col_of)
            if prelim is not None:
                prelim[rows] = self._spread(prelim[rows, 0], v, col_of)
        return flagged, estimate, prelim

    def _spread(self, total: np.ndarray, like: np.ndarray, col_of: dict[int, int]) -> np.ndarray:
        """(r, C) values whose province column is ``total`` and whose districts, their communes and the new
        units split it exactly, in the proportions of ``like`` (r, C)."""
        out = np.zeros_like(like)
        out[:, 0] = total
        w = np.maximum(like.astype(np.float64), 1e-9)
        dcols = np.array([col_of[int(d)] for d in self.areas.districts])
        out[:, dcols] = allocate(total, w[:, dcols])
        for j, d in enumerate(self.areas.districts):
            com = [col_of[int(c)] for c in self.areas.communes_of[int(d)] if int(c) in col_of]
            if com:
                out[:, com] = allocate(out[:, dcols[j]], w[:, com])
        ncols = np.array([col_of[int(u)] for u in self.areas.new_units])
        out[:, ncols] = allocate(total, w[:, ncols])
        return out
