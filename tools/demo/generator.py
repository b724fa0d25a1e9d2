"""A seeded, deterministic generator of realistic departmental exports: the demo landing folder.

    generate(landing, size="S")      # ~700k observations in half a minute (2020 through last month)
    generate(landing, size="M")      # millions: every indicator x all areas of each period, ytd and plans
    generate(landing, size="L")      # tens of millions: also preliminary rounds, all values revised, more years

Every department of ``reference/departments.csv`` sends the indicators it owns, at their frequency,
as its house style dictates: Format A CSV/TSV in every encoding, delimiter and label form of the
input contract (a few legacy HTML-as-.xls files, a few plain .xlsx sheets), Format B monthly report
workbooks for a few departments, Format C JSON/JSON Lines from the provincial systems. About one value
in ten is first sent as an estimate and revised later in a separate ``*_dieu_chinh`` file. The real
figures of ``tools/demo/seed_figures.csv`` appear exactly, as official values.

The demo follows the 2025 reorganisation. Periods from July 2025 are reported by the 36 new communes and
wards (and 74, the former province, for the province's figures); the districts' last period is June 2025.
A department merged on 1 March 2025 sends its files until it ceased; files arriving later come from its
successor (``landing/STC/`` sends what Sở Kế hoạch và Đầu tư owned), in the successor's house style.

Each file carries its arrival as its modification time: most arrive a few days before the due date of
``reference/reporting_calendar.csv``, about one in eight after it, a few submissions never (always after
the period's end; plans in the December before their year; revisions weeks after the original). Nothing
arrives on or after ``as_of`` (default: today): the run stops at the last month that could have been sent.
Two deliberate mistakes (:data:`MISTAKES`) show the quarantine at work: a row by an abolished district code
after June 2025, and a file from a department that had ceased to exist.

Size is a knob on areas, value types, revisions and years, not a separate code path; generation
streams department by department and file by file (one department's numbers in memory at a time).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import time
import zlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from tools.demo.formats import (
    ACTUAL,
    ESTIMATE,
    OFFICIAL,
    PLAN,
    PRELIMINARY,
    YTD,
    Lookups,
    Rows,
    Style,
    json_records,
    jsonl_line,
    null_records,
    write_csv,
    write_html,
    write_json,
    write_xlsx_table,
)
from tools.demo.model import (
    CHANGE,
    LEVELS,
    NEW_LEVEL,
    Areas,
    Indicator,
    Model,
    Seed,
    Series,
    load_indicators,
    rng_for,
)
from tools.demo.report import SIGNERS, Line, write_report


@dataclass(frozen=True)
class Size:
    """What a size means: which areas, value types, revision rounds and years are generated."""

    name: str
    all_communes: bool  # every indicator down to the 91 communes (else only a handful)
    district_subrows: bool  # sub-rows (breakdowns by sector, product, market, sex) by district too
    ytd_levels: tuple[str, ...]
    annual_levels: tuple[str, ...]  # yearly totals of sub-annual indicators
    half_levels: tuple[str, ...]  # six-month totals (or levels) of sub-annual indicators
    plan_levels: tuple[str, ...]
    revision_share: float  # share of (indicator, period) first sent as an estimate
    preliminary: bool  # revised values also pass through a preliminary ('Sơ bộ') file
    years_before: int  # extra years before the requested first year


PD = ("province", "district")
#: Real figures the province published, which the demo's series pass through exactly.
SEED_FIGURES = Path(__file__).with_name("seed_figures.csv")

SIZES = {
    "S": Size("S", False, False, ("province",), ("province",), ("province",), ("province",), 0.10, False, 0),
    "M": Size("M", True, True, PD, PD, PD, PD, 0.10, False, 0),
    "L": Size("L", True, True, LEVELS, LEVELS, PD, LEVELS, 0.60, True, 2),
}

#: Indicators that go down to the communes even in size S (where it makes sense to): population,
#: digital addresses, community digital-technology teams, birth registrations (made at the commune).
COMMUNE_NAMES = re.compile(r"^(dân số|số dân)\b|địa chỉ số|tổ công nghệ số cộng đồng|đăng ký khai sinh", re.IGNORECASE)
MAX_COMMUNE_INDICATORS = 13
#: Departments that also send a monthly report workbook (Format B).
REPORT_DEPARTMENTS = ("SCT", "SKHDT", "STC", "CTK")
MAX_REPORT_ROWS = 24

FILE_PREFIX = {
    "CTK": "so_lieu_thong_ke",
    "SKHDT": "chi_tieu_ke_hoach_dau_tu",
    "STC": "so_lieu_tai_chinh_ngan_sach",
    "SCT": "so_lieu_cong_thuong",
    "SNNPTNT": "chi_tieu_nong_nghiep",
    "SGTVT": "so_lieu_giao_thong_van_tai",
    "SXD": "so_lieu_xay_dung",
    "STNMT": "so_lieu_tai_nguyen_moi_truong",
    "SGDDT": "chi_tieu_giao_duc",
    "SYT": "chi_tieu_y_te",
    "SLDTBXH": "so_lieu_lao_dong_xa_hoi",
    "SVHTTDL": "so_lieu_van_hoa_du_lich",
    "SKHCN": "so_lieu_khoa_hoc_cong_nghe",
    "STTTT": "chi_tieu_chuyen_doi_so",
    "SNV": "so_lieu_noi_vu",
    "STP": "so_lieu_tu_phap",
    "TTRA": "so_lieu_thanh_tra",
    "CA": "so_lieu_an_ninh_trat_tu",
    "CTHUE": "so_lieu_thu_thue",
    "BHXH": "so_lieu_bao_hiem_xa_hoi",
    "NHNN": "so_lieu_ngan_hang",
    "BQLKCN": "so_lieu_khu_cong_nghiep",
    "VPUBND": "so_lieu_cai_cach_hanh_chinh",
    "PCDL": "so_lieu_dien_luc",
    "SNNMT": "so_lieu_nong_nghiep_moi_truong",
}

#: House styles: how a department's clerk or system writes its Format A exports. A department sends one file
#: per period of its reporting cadence (reference/reporting_calendar.csv: its most frequent frequency).
HOUSE = {
    "CTK": dict(encoding="cp1258", delimiter=",", header="ascii", area="name", names="bare"),
    "SKHDT": dict(encoding="utf-16", delimiter="\t", header="vi", plan_xlsx=True),
    "SCT": dict(encoding="utf-8", delimiter=";", header="vi", scaled=True),
    "STC": dict(encoding="utf-8-sig", delimiter=",", header="ascii", group=False, scaled=True, plan_xlsx=True),
    "STTTT": dict(encoding="utf-8-sig", delimiter=";", header="ascii", pct_sign="%"),
    "VPUBND": dict(encoding="utf-8", delimiter=",", header="ascii"),
    "SYT": dict(encoding="utf-8", delimiter=",", header="ascii", area="name", names="official"),
    "SLDTBXH": dict(encoding="cp1258", delimiter=";", header="vi", scaled=True),
    "CA": dict(encoding="utf-16", delimiter="\t", header="vi", legacy_html=2021),
    "NHNN": dict(encoding="utf-8", delimiter="\t", header="ascii", pct_sign=" %"),
    "SNNPTNT": dict(encoding="cp1258", delimiter=",", header="vi", legacy_html=2022),
    # the department made on 1 March 2025 from agriculture and environment: a new system, UTF-8 with names
    "SNNMT": dict(encoding="utf-8-sig", delimiter=";", header="vi", area="both", pct_sign=" %"),
}
TEMPLATES = (
    dict(encoding="utf-8", delimiter=",", header="ascii"),
    dict(encoding="utf-8-sig", delimiter=";", header="vi", pct_sign=" %"),
    dict(encoding="cp1258", delimiter=",", header="vi", area="name", names="abbrev"),
    dict(encoding="utf-16", delimiter="\t", header="vi"),
    dict(encoding="utf-8", delimiter="\t", header="ascii", scaled=True),
    dict(encoding="utf-8-sig", delimiter=",", header="ascii", group=False),
)
#: Format C systems.
SYSTEMS = {
    "json": ("HTTTGQTTHC", "htttgqtthc"),
    "jsonl:dcs": ("NEN_TANG_DIA_CHI_SO", "nen_tang_dia_chi_so"),
    "jsonl:soc": ("SOC_BINH_DUONG", "soc_giam_sat_an_toan_thong_tin"),
}
#: Units a department may write at another scale: catalogue unit -> (written unit, x10^mul, +decimals).
ALT_UNITS = {"tỷ đồng": ("triệu đồng", 3, 0), "triệu USD": ("nghìn USD", 3, 0), "nghìn người": ("người", 3, 0)}
#: District-level units that were towns (thị xã) before becoming cities (thành phố) that year.
CITY_SINCE = {"724": 2020, "725": 2020, "721": 2023, "723": 2023}
ABBREV = {"Thành phố": "TP.", "Thị xã": "TX.", "Huyện": "H."}

#: Vietnam's time zone: arrivals are office hours there.
VN = dt.timezone(dt.timedelta(hours=7))
#: Share of submissions that arrive after their due date, and of monthly or quarterly submissions never sent.
LATE_SHARE, MISSING_SHARE = 0.12, 0.025
#: The deliberate mistakes, each sent once when its department is in the run: a row by an abolished district
#: code for a period after June 2025 (department, area code, month), and a file signed by a department after
#: it ceased (department, month of the file), a copy of a few rows its successor sent.
MISTAKES = {"old_area": ("SCT", "718", "2025-08"), "ceased_sender": ("SKHDT", "2025-04")}


@dataclass
class _Slot:
    """One submission of a group of departments (a department and those merged into it): when it arrived."""

    arrival: dt.datetime  # when the file landed (its modification time)
    late: bool  # after its due date


@dataclass
class _File:
    kind: str  # A | json | jsonl | wb
    role: str  # periodic | annual | plan
    year: int
    month: int = 0
    system: str = ""
    chunks: list[tuple] = field(default_factory=list)
    arrival: dt.datetime | None = None
    new: bool = False  # reports the new units (periods from July 2025): area names of that time
    owners: set = field(default_factory=set)  # whose indicators it carries
    codes_only: bool = False  # a deliberate mistake: areas written by code, so the reader takes them as they are


@dataclass
class _Summary:
    files: Counter = field(default_factory=Counter)
    variants: Counter = field(default_factory=Counter)
    samples: dict[str, str] = field(default_factory=dict)
    observations: Counter = field(default_factory=Counter)
    revisions: int = 0
    bytes: int = 0
    departments: set = field(default_factory=set)
    submissions: Counter = field(default_factory=Counter)  # on_time | late | missing | not_yet
    mistakes: list = field(default_factory=list)
    first_arrival: str = ""
    last_arrival: str = ""


class _Run:
    def __init__(
        self,
        landing: Path,
        size: Size,
        seed: int,
        years: tuple[int, int],
        departments: Iterable[str] | None,
        progress: Callable[[str], None] | None,
        as_of: dt.date,
    ) -> None:
        from ingestion.areas import areas as area_resolver
        from ingestion.config import reference_table
        from ingestion.reference import catalogue, profile, reporting_cadences

        self.landing = Path(landing)
        self.size = size
        self.seed = int(seed)
        self.progress = progress or (lambda msg: None)
        first, last = int(years[0]) - size.years_before, int(years[1])
        if last < first:
            raise ValueError(f"years must be (first, last), got {years}")
        self.emit_years = list(range(first, last + 1))
        self.int_years = [first - 1] + self.emit_years
        #: nothing arrives on or after the start of this day (Vietnam time)
        self.cutoff = dt.datetime(as_of.year, as_of.month, as_of.day, tzinfo=VN)
        seeds_df = pd.read_csv(SEED_FIGURES, dtype=str, keep_default_na=False)
        seeds_df["value"] = seeds_df["value"].astype(float)
        self.indicators = load_indicators(seeds_df)
        self.by_code = {i.code: i for i in self.indicators}
        self.seeds: dict[str, list[Seed]] = {}
        for r in seeds_df.itertuples(index=False):
            if r.indicator_code in self.by_code and str(r.area_code) == "74":
                self.seeds.setdefault(r.indicator_code, []).append(Seed(r.period_code, r.value_type, float(r.value)))
        self.areas = Areas.load()
        handful = [i for i in self.indicators if COMMUNE_NAMES.search(i.name)]
        handful.sort(key=lambda i: (not i.additive, i.code))
        self.model = Model(
            self.seed,
            self.indicators,
            self.areas,
            self.int_years,
            self.seeds,
            size.revision_share,
            size.preliminary,
            {i.code for i in handful[:MAX_COMMUNE_INDICATORS]},
            size.all_communes,
            size.district_subrows,
        )
        self.cat = catalogue()
        self.profile = profile
        self.resolver = area_resolver()
        dep = self.cat.departments
        self.all_depts = list(dep["department_code"])
        self.dept_names = dict(zip(dep["department_code"], dep["name_vi"], strict=True))
        self.ceased = {
            d: dt.date.fromisoformat(v) for d, v in zip(dep["department_code"], dep["valid_to"], strict=True) if v
        }
        self.successor = {d: s for d, s in zip(dep["department_code"], dep["successor_code"], strict=True) if s}
        self.wanted = {d.upper() for d in departments} if departments is not None else None
        # a group: a department and the departments merged into it, generated together (the successor sends
        # their indicators once they ceased); groups in the order of their first department
        self.groups: dict[str, list[str]] = {}
        for d in self.all_depts:
            self.groups.setdefault(self.head(d), []).append(d)
        self.groups = dict(sorted(self.groups.items(), key=lambda kv: self.all_depts.index(kv[1][0])))
        self.cadence = {d: c for d, (c, _stale) in reporting_cadences().items()}
        cal = reference_table("reporting_calendar")
        self.due_days = {
            (d, f): int(n)
            for d, f, n in zip(cal["department_code"], cal["frequency"], cal["due_days_after_period_end"], strict=True)
        }
        self._slots: dict[tuple, _Slot | None] = {}
        self._house: dict[str, dict] = {}
        self.domain_order = {d: i for i, d in enumerate(self.cat.domains["domain_code"])}
        self.domain_names = dict(zip(self.cat.domains["domain_code"], self.cat.domains["name_vi"], strict=True))
        # global period table
        periods = []
        for y in self.int_years:
            periods += [f"{y}", f"{y}-S1", f"{y}-S2"] + [f"{y}-Q{q}" for q in range(1, 5)]
            periods += [f"{y}-{m:02d}" for m in range(1, 13)]
        self.per_id = {p: i for i, p in enumerate(periods)}
        alt = {}
        for ind in self.indicators:
            if ind.unit in ALT_UNITS:
                alt[ind.idx] = ALT_UNITS[ind.unit]
            elif ind.unit.strip() == "%" and ind.lo >= 0 and ind.hi <= 100:
                alt[ind.idx] = ("tỷ lệ", 0, 2)
        self.lk = Lookups(
            codes=np.array([i.code for i in self.indicators], dtype=np.dtypes.StringDType()),
            names=[i.name for i in self.indicators],
            units=[i.unit for i in self.indicators],
            k=np.array([i.k for i in self.indicators], dtype=np.int64),
            lo_i=np.array([i.lo_i for i in self.indicators], dtype=np.int64),
            hi_i=np.array([i.hi_i for i in self.indicators], dtype=np.int64),
            percent=np.array([i.unit.strip() == "%" for i in self.indicators]),
            area_codes=np.array(self.areas.codes, dtype=np.dtypes.StringDType()),
            periods=periods,
            alt_unit=alt,
        )
        self._names: dict[tuple[str, int, bool], np.ndarray] = {}
        self.summary = _Summary()
        # where the deliberate mistakes go (only when their department is generated)
        dept, code, month = MISTAKES["old_area"]
        self.mistake_area = None
        if self.generates(dept) and int(month[:4]) in self.emit_years:
            self.mistake_area = (self.mistake_indicator(dept), self.areas.index[code], month)
        dept, month = MISTAKES["ceased_sender"]
        self.mistake_sender = (dept, month) if self.generates(dept) and int(month[:4]) in self.emit_years else None

    def generates(self, dept: str) -> bool:
        return self.wanted is None or dept in self.wanted

    def head(self, dept: str) -> str:
        """The department that answers today for what ``dept`` owned (itself, or its last successor)."""
        seen = {dept}
        while dept in self.successor and self.successor[dept] not in seen:
            dept = self.successor[dept]
            seen.add(dept)
        return dept

    def sender(self, owner: str, arrival: dt.datetime) -> str:
        """Who sends a file of ``owner``'s indicators that arrives then: the owner, or the successor that
        existed on that day."""
        while owner in self.ceased and arrival.date() > self.ceased[owner] and owner in self.successor:
            owner = self.successor[owner]
        return owner

    def mistake_indicator(self, dept: str) -> str:
        """A monthly flow of ``dept`` sent by district: the row the clerk keys by the old district code."""
        for ind in self.indicators:
            if (
                ind.dept == dept
                and ind.freq == "month"
                and ind.additive
                and not ind.parent
                and ind.code not in self.seeds
                and self.channel(dept, ind) == "csv"
            ):
                return ind.code
        return ""

    # -- areas as clerks write them ------------------------------------------------------------
    def area_names(self, variant: str, year: int, new: bool) -> np.ndarray:
        """Each area's name as a file of that year writes it; ``new``: a file of the new units' periods."""
        key = (variant, year, new)
        if key not in self._names:
            # the period a name is checked against: one when the unit (old or new) was valid
            period = f"{max(year, CHANGE.year)}-12" if new else f"{min(year, CHANGE.year)}-01"
            out = []
            for code, name, level in zip(self.areas.codes, self.areas.names, self.areas.levels, strict=True):
                cand = name
                if level == "province":
                    official = self.areas.province_name_new if new and self.areas.province_name_new else name
                    cand = {"abbrev": "Toàn tỉnh", "bare": "Bình Dương"}.get(variant, official)
                elif level == "district":
                    typ, bare = name.split(" ", 1) if not name.startswith("Thành phố") else ("Thành phố", name[10:])
                    if code in CITY_SINCE and (year < CITY_SINCE[code] or variant == "old"):
                        typ = "Thị xã"
                    if variant == "bare":
                        cand = bare
                    elif variant == "abbrev":
                        cand = f"{ABBREV.get(typ, typ)} {bare}"
                    else:
                        cand = f"{typ} {bare}"
                if (level == NEW_LEVEL) == new or level == "province":
                    if self.resolver.resolve(cand, period)[0] != code:
                        cand = name
                out.append(cand)
            self._names[key] = np.array(out, dtype=np.dtypes.StringDType())
        return self._names[key]

    # -- styles ---------------------------------------------------------------------------------
    def house(self, dept: str) -> dict:
        if dept not in self._house:
            self._house[dept] = HOUSE.get(dept) or TEMPLATES[self.all_depts.index(dept) % len(TEMPLATES)]
        return self._house[dept]

    def style(self, dept: str, role: str, year: int, stem: str) -> Style:
        h = self.house(dept)
        rng = rng_for(self.seed, "style", dept, stem)
        forms = (
            ("month", int(rng.integers(6))),
            ("quarter", int(rng.integers(4))),
            ("half", int(rng.integers(2))),
            ("year", int(rng.integers(2))),
            ("ytd", int(rng.integers(4))),
        )
        container = "csv"
        if h.get("legacy_html") and year <= h["legacy_html"] and role in ("periodic", "annual"):
            container = "html"
        if h.get("plan_xlsx") and role == "plan" and year % 2 == 1:
            container = "xlsx"
        header = h.get("header", "ascii")
        if rng.random() < 0.15:
            header = "vi" if header == "ascii" else "ascii"
        area, names = h.get("area", "code"), h.get("names", "official")
        r = rng.random()
        if area == "code" and r < 0.2:
            area, names = "name", ("official", "abbrev", "bare", "old")[int(rng.integers(4))]
        elif r < 0.08:
            area = "both"
        extra = ""
        r = rng.random()
        if r < 0.15:
            extra = "stt"
        elif r < 0.25:
            extra = "ghi_chu"
        pct = h.get("pct_sign", "")
        if not pct and rng.random() < 0.15:
            pct = "%"
        title = ""
        if rng.random() < 0.2 or container == "html":
            title = f"SỐ LIỆU BÁO CÁO CỦA {dept} - NĂM {year}"
        return Style(
            container=container,
            encoding=h.get("encoding", "utf-8"),
            delimiter=h.get("delimiter", ","),
            newline="\r\n" if h.get("encoding") in ("utf-16", "cp1258") or rng.random() < 0.5 else "\n",
            header=header,
            group=bool(h.get("group", True)) != (rng.random() < 0.1),
            pct_sign=pct,
            area=area,
            names=names,
            forms=forms,
            with_name=rng.random() < 0.85,
            with_unit=rng.random() < 0.85,
            with_status=rng.random() < 0.7,
            vt_words=int(rng.random() < 0.3),
            st_words=int(rng.random() < 0.5),
            scaled=bool(h.get("scaled", False)) and rng.random() < 0.7,
            extra=extra,
            period_first=rng.random() < 0.15,
            title=title,
        )

    # -- routing --------------------------------------------------------------------------------
    def channel(self, dept: str, ind: Indicator) -> str:
        name = ind.name.lower()
        if dept == "VPUBND" and ind.freq == "month":
            return "json"
        if dept == "STTTT" and "địa chỉ số" in name:
            return "jsonl:dcs"
        if dept == "STTTT" and ind.domain == "ATTT":
            return "jsonl:soc"
        return "csv"

    def report_indicators(self, dept: str, inds: list[Indicator]) -> list[Indicator]:
        """Monthly indicators a department's report workbook shows, matched back by name (also by the
        department that took it over, whose workbook carries them once it ceased)."""
        if dept not in REPORT_DEPARTMENTS:
            return []
        profiles = [self.profile(d) for d in dict.fromkeys((dept, self.head(dept)))]
        cands = [
            i
            for i in inds
            if i.freq == "month"
            and i.code not in self.seeds
            and all(
                self.cat.match_name(i.name, prof.aliases) == i.code
                and self.cat.match_name("Trong đó: " + i.name, prof.aliases) == i.code
                for prof in profiles
            )
        ]
        codes = {i.code for i in cands}
        key = lambda i: (i.agg != "sum", i.code)  # noqa: E731
        tops: dict[str, list[Indicator]] = {}
        kids: dict[str, list[Indicator]] = {}
        for i in sorted(cands, key=key):
            if i.parent in codes:
                kids.setdefault(i.parent, []).append(i)
            else:
                tops.setdefault(i.domain, []).append(i)
        picked: dict[str, list[Indicator]] = {}  # domain -> rows in report order (parent, its sub-rows)
        n = 0
        while n < MAX_REPORT_ROWS and any(tops.values()):  # round robin over domains
            for dom in sorted(tops, key=lambda d: self.domain_order.get(d, 99)):
                if not tops[dom] or n >= MAX_REPORT_ROWS:
                    continue
                top = tops[dom].pop(0)
                rows = [top] + [k for k in kids.get(top.code, []) if k.domain == dom][:3]
                rows = rows[: MAX_REPORT_ROWS - n]
                picked.setdefault(dom, []).extend(rows)
                n += len(rows)
        return [i for dom in sorted(picked, key=lambda d: self.domain_order.get(d, 99)) for i in picked[dom]]

    # -- when files arrive ----------------------------------------------------------------------
    def slot_month(self, group: str, em: int) -> int:
        """The last month of the group's reporting period that the month ``em`` falls in."""
        step = {"month": 1, "quarter": 3, "half": 6}.get(self.cadence.get(group, "month"), 12)
        return -(-em // step) * step

    def protected(self, group: str, slot: tuple) -> bool:
        """Submissions that are always sent: a year with a real figure, the indicators kept down to the
        communes (their series across July 2025 are the demo's story), a deliberate mistake."""
        y, members = slot[1], self.groups[group]
        if any(s.period[:4] == str(y) for c, ss in self.seeds.items() if self.by_code[c].dept in members for s in ss):
            return True
        if any(self.by_code[c].dept in members for c in self.model.commune_codes):
            return True
        mistakes = []
        if self.mistake_area:
            mistakes.append((MISTAKES["old_area"][0], self.mistake_area[2]))
        if self.mistake_sender:
            mistakes.append(self.mistake_sender)
        return any(dept in members and slot == ("periodic", int(month[:4]), int(month[5:])) for dept, month in mistakes)

    def slot(self, group: str, slot: tuple) -> _Slot | None:
        """When the group's submission ``slot`` arrived; None when it was never sent or has not arrived yet.

        Slots: ("periodic", year, month) the file of a reporting period (month, quarter...) ending that month,
        ("annual", year), ("plan", year), ("json", year, month), ("jsonl:...", year)."""
        key = (group, slot)
        if key in self._slots:
            return self._slots[key]
        kind, y = slot[0], slot[1]
        rng = rng_for(self.seed, "arrival", group, *slot)
        hour, minute = 8 + int(rng.integers(0, 9)), int(rng.integers(0, 60))
        late = False
        out: _Slot | None
        if kind == "plan":  # the year's targets, in the December before
            out = _Slot(dt.datetime(y - 1, 12, int(rng.integers(5, 29)), hour, minute, tzinfo=VN), False)
        elif kind == "json":  # a provincial system's monthly export, early on the 5th
            end = _month_end(y, slot[2])
            out = _Slot(dt.datetime.combine(end, dt.time(7, 40), VN) + dt.timedelta(days=5), False)
        elif kind.startswith("jsonl"):  # a yearly dump, the night after the last month it holds
            end = min(dt.date(y, 12, 31), _month_end(*_last_month(self.cutoff.date())))
            out = _Slot(dt.datetime.combine(end, dt.time(0, 25), VN) + dt.timedelta(days=1), False)
        else:
            if kind == "annual":
                end, freq = dt.date(y, 12, 31), "year"
            else:
                end, freq = _month_end(y, slot[2]), self.cadence.get(group, "month")
            due = end + dt.timedelta(days=self.due_days.get((group, freq), 20))
            u = rng.random()
            if kind == "periodic" and u < MISSING_SHARE and not self.protected(group, slot):
                self.summary.submissions["missing"] += 1
                self._slots[key] = None
                return None
            if u < MISSING_SHARE + LATE_SHARE:
                late = True
                day = due + dt.timedelta(days=1 + int(rng.integers(0, 21)))
            else:
                day = max(due - dt.timedelta(days=int(rng.integers(1, 10))), end + dt.timedelta(days=1))
            out = _Slot(dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=VN), late)
        if out.arrival >= self.cutoff:
            self.summary.submissions["not_yet"] += 1
            out = None
        elif kind in ("periodic", "annual"):
            self.summary.submissions["late" if out.late else "on_time"] += 1
        self._slots[key] = out
        return out

    def file_arrival(self, sender: str, info: _Slot) -> dt.datetime:
        """The slot's arrival for one sender: departments of a group do not send in the same minute (later the
        same day: never before the slot's own time, which is after the period's end)."""
        when = info.arrival + dt.timedelta(minutes=zlib.crc32(sender.encode()) % 90)
        return when if when < self.cutoff else info.arrival

    def stem(self, sender: str, slot: tuple) -> str:
        prefix = FILE_PREFIX.get(sender, f"so_lieu_{sender.lower()}")
        kind, y = slot[0], slot[1]
        if kind == "periodic":
            em = slot[2]
            cadence = self.cadence.get(self.head(sender), "month")
            if cadence == "month":
                return f"{prefix}_thang_{em:02d}_{y}"
            if cadence == "half":
                return f"{prefix}_{y}_6_thang_{'dau' if em <= 6 else 'cuoi'}"
            return f"{prefix}_{y}_q{(em - 1) // 3 + 1}"
        if kind == "annual":
            return f"{prefix}_nam_{y}"
        if kind == "plan":
            return f"ke_hoach_nam_{y}"
        if kind == "json":
            return f"{SYSTEMS['json'][1]}_{y}-{slot[2]:02d}"
        return f"{SYSTEMS[kind][1]}_{y}"

    def route(self, group: str, s: Series, in_report: bool, files: dict[tuple[str, str], _File]) -> None:
        """Put the series' values into the files that carry them: by period, by the units valid in the
        period (the new communes and wards from July 2025), from the department that sent it then."""
        ind, g = s.ind, s.grid
        lv = self.areas.levels[s.area_idx]
        old_era, new_era = np.isin(lv, LEVELS), np.isin(lv, ("province", NEW_LEVEL))

        def cols(levels: Iterable[str]) -> tuple[np.ndarray, np.ndarray]:
            """(columns before July 2025, columns after) of the areas at these levels: the new units stand for
            the districts and the communes."""
            levels = set(levels)
            later = levels | ({NEW_LEVEL} if levels & {"district", "commune"} else set())
            return (
                np.flatnonzero(old_era & np.isin(lv, list(levels))),
                np.flatnonzero(new_era & np.isin(lv, list(later))),
            )

        all_cols = cols(LEVELS)
        ytd_cols = cols(self.size.ytd_levels)
        # the yearly figures of an indicator kept down to the communes go down to them too (2025: the new units)
        down = ("district", "commune") if self.model.with_communes(ind) else ()
        annual_cols = cols(self.size.annual_levels + down)
        plan_cols = cols(self.size.plan_levels)
        half_cols = cols(self.size.half_levels)
        if in_report:  # the province's figure is in the report workbook

            def drop_province(c: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
                return c[0][c[0] != 0], c[1][c[1] != 0]

            all_cols, ytd_cols, plan_cols = drop_province(all_cols), drop_province(ytd_cols), drop_province(plan_cols)
        chan = self.channel(ind.dept, ind)
        codes = g.codes()
        emit = set(self.emit_years)
        mistake = self.mistake_area if self.mistake_area and self.mistake_area[0] == ind.code else None

        def new_period(y: int, em: int) -> bool:
            """Whether the period ending in that month is reported by the new units."""
            return y * 100 + em >= CHANGE.year * 100 + CHANGE.month

        def file(slot: tuple, kind: str, role: str, y: int, month: int = 0, system: str = "") -> _File | None:
            """The file of this slot from whoever sent it (None: never sent, or not arrived yet)."""
            info = self.slot(group, slot)
            if info is None:
                return None
            sender = self.sender(ind.dept, info.arrival)
            key = (sender, self.stem(sender, slot))
            f = files.get(key)
            if f is None:
                f = files[key] = _File(kind, role, y, month, system, new=new_period(y, month or 12))
                f.arrival = self.file_arrival(sender, info)
            f.owners.add(ind.dept)
            return f

        cutoff_month = _last_month(self.cutoff.date())
        for i in range(g.n):
            y, em = int(g.year_of[i]), int(g.end_month[i])
            if y not in emit or (y, em) > cutoff_month:
                continue
            new = new_period(y, em)
            pid = self.per_id[codes[i]]
            if chan == "json" and g.ppy == 12:
                f = file(("json", y, em), "json", "periodic", y, em, "json")
            elif chan.startswith("jsonl"):
                f = file((chan, y), "jsonl", "periodic", y, 0, chan)
            elif g.ppy == 1:
                f = file(("annual", y), "A", "annual", y)
            else:
                sm = self.slot_month(group, em)
                f = file(("periodic", y, sm), "A", "periodic", y, sm)
            if f is None:
                continue
            if in_report:
                info = self.slot(group, ("periodic", y, em))
                if info is not None:
                    sender = self.sender(ind.dept, info.arrival)
                    wb = files.setdefault(
                        (sender, f"bao_cao_thang_{em:02d}_{y}"), _File("wb", "periodic", y, em, new=new)
                    )
                    wb.arrival = self.file_arrival(sender, info) + dt.timedelta(hours=1)
                    wb.owners.add(ind.dept)
            c = all_cols[new]
            flag = bool(s.flagged[i])
            pre = s.preliminary[i, c] if (flag and s.preliminary is not None) else None
            f.chunks.append(
                (ind.idx, pid, ACTUAL, s.area_idx[c], s.actual[i, c], s.estimate[i, c] if flag else None, pre)
            )
            # a year to date through January is the month's own figure, through June the half's
            # (ingestion.periods.first_months): not sent again beside it in the same file
            c = ytd_cols[new]
            if em == 1 or (em == 6 and s.half is not None):
                c = c[~np.isin(c, all_cols[new] if em == 1 else half_cols[new])]
            if s.ytd is not None and len(c):  # with the month's estimate while it is one
                ytd, before = s.ytd[i, c], s.ytd[i, c] - s.actual[i, c]
                est = before + s.estimate[i, c] if flag else None
                pre = before + s.preliminary[i, c] if (flag and s.preliminary is not None) else None
                if chan.startswith("jsonl"):  # a yearly dump: the months as it holds them, estimates included
                    first = i - (i % 12)
                    if s.flagged[first : i + 1].any():
                        est = s.estimate[first : i + 1, c].sum(axis=0)
                        if s.preliminary is not None:
                            pre = s.preliminary[first : i + 1, c].sum(axis=0)
                f.chunks.append((ind.idx, pid, YTD, s.area_idx[c], ytd, est, pre))
            if mistake and codes[i] == mistake[2]:  # a clerk keys the old district's code for a new month
                at = np.flatnonzero(s.area_idx == mistake[1])
                f.chunks.append((ind.idx, pid, ACTUAL, s.area_idx[at], s.actual[i, at], None, None))
                f.codes_only = True
        for yi, y in enumerate(g.years):
            if y not in emit:
                continue
            new = y >= CHANGE.year
            pid = self.per_id[str(y)]
            if s.annual is not None and s.annual_ok[yi] and len(annual_cols[new]):
                f = file(("annual", y), "A", "annual", y)
                if f is not None:
                    c = annual_cols[new]
                    f.chunks.append((ind.idx, pid, ACTUAL, s.area_idx[c], s.annual[yi, c], None, None))
            if s.half is not None:
                for h in (1, 2):
                    c = half_cols[new_period(y, 6 * h)]
                    if not len(c) or (y, 6 * h) > cutoff_month:
                        continue
                    sm = self.slot_month(group, 6 * h)
                    f = file(("periodic", y, sm), "A", "periodic", y, sm)
                    if f is not None:
                        per = self.per_id[f"{y}-S{h}"]
                        f.chunks.append((ind.idx, per, ACTUAL, s.area_idx[c], s.half[2 * yi + h - 1, c], None, None))
            if len(plan_cols[new]):
                f = file(("plan", y), "A", "plan", y)
                if f is not None:
                    c = plan_cols[new]
                    f.chunks.append((ind.idx, pid, PLAN, s.area_idx[c], s.plan[yi, c], None, None))

    # -- writing --------------------------------------------------------------------------------
    @staticmethod
    def materialize(chunks: list[tuple]) -> tuple[Rows, Rows | None, Rows | None]:
        """(rows as first sent, their official revisions, their preliminary versions)."""
        lens = np.array([len(c[3]) for c in chunks], dtype=np.int64)
        ind = np.repeat(np.array([c[0] for c in chunks], dtype=np.int64), lens)
        per = np.repeat(np.array([c[1] for c in chunks], dtype=np.int64), lens)
        vt = np.repeat(np.array([c[2] for c in chunks], dtype=np.int8), lens)
        area = np.concatenate([c[3] for c in chunks]).astype(np.int64)
        official = np.concatenate([c[4] for c in chunks]).astype(np.int64)
        est_flag = np.repeat(np.array([c[5] is not None for c in chunks]), lens)
        first = official.copy()
        if est_flag.any():
            first[est_flag] = np.concatenate([c[5] for c in chunks if c[5] is not None])
        st = np.where(est_flag, ESTIMATE, OFFICIAL).astype(np.int8)
        order = np.lexsort((area, ind, vt, per))
        rows = Rows(ind, area, per, vt, st, first).take(order)
        rev = pre = None
        if est_flag.any():
            idx = np.flatnonzero(est_flag[order])
            rev = Rows(ind, area, per, vt, np.zeros_like(st), official).take(order).take(idx)
            pflag = np.repeat(np.array([c[6] is not None for c in chunks]), lens)
            if pflag.any():
                pv = official.copy()
                pv[pflag] = np.concatenate([c[6] for c in chunks if c[6] is not None])
                pre = (
                    Rows(ind, area, per, vt, np.full_like(st, PRELIMINARY), pv)
                    .take(order)
                    .take(np.flatnonzero(pflag[order]))
                )
        return rows, rev, pre

    def _emit(self, dept: str, name: str, data: bytes, variant: str, fmt: str, obs: int, when: dt.datetime) -> None:
        """Write a file as it landed: its modification time is its arrival."""
        path = self.landing / dept / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        ns = int(when.timestamp()) * 1_000_000_000
        os.utime(path, ns=(ns, ns))
        sm = self.summary
        stamp = when.isoformat()
        sm.first_arrival = min(sm.first_arrival or stamp, stamp)
        sm.last_arrival = max(sm.last_arrival, stamp)
        sm.files[fmt] += 1
        sm.variants[variant] += 1
        sm.samples.setdefault(variant, f"{dept}/{name}")
        sm.departments.add(dept)
        sm.observations[fmt] += obs
        sm.bytes += len(data)

    def write_table(
        self,
        dept: str,
        stem: str,
        f: _File,
        rows: Rows,
        style: Style,
        rng: np.random.Generator,
        when: dt.datetime,
    ) -> str:
        """Write a Format A file; return its name."""
        if (rows.st != OFFICIAL).any() and not style.with_status:
            style = replace(style, with_status=True)  # an estimate must say so
        if style.scaled and not style.with_unit:
            style = replace(style, with_unit=True)  # a value at another scale must say its unit
        if f.codes_only:
            style = replace(style, area="code")
        names = self.area_names(style.names, f.year, f.new)
        if style.container == "html":
            data, _ = write_html(rows, self.lk, style, names, rng)
            name, variant, fmt = stem + ".xls", "A-html-xls", "A-html-xls"
        elif style.container == "xlsx":
            inside = dt.datetime(f.year - 1, 12, 15, 8, 0, 0)
            data, _ = write_xlsx_table(rows, self.lk, style, names, rng, inside, dept, f"Ke hoach {f.year}")
            name, variant, fmt = stem + ".xlsx", "A-xlsx", "A-xlsx"
        else:
            data, enc = write_csv(rows, self.lk, style, names, rng)
            st = replace(style, encoding=enc)
            name, variant, fmt = stem + st.suffix, st.variant(), "A-csv"
        self._emit(dept, name, data, variant, fmt, len(rows), when)
        return name

    def revised_at(self, dept: str, stem: str, f: _File) -> tuple[dt.datetime, dt.datetime]:
        """When the preliminary ('_cap_nhat') and the official ('_dieu_chinh') versions of a file arrived:
        one to two weeks, then three to nine weeks after it."""
        rng = rng_for(self.seed, "revised", dept, stem)
        first = f.arrival + dt.timedelta(days=int(rng.integers(6, 15)), hours=int(rng.integers(0, 4)))
        return first, first + dt.timedelta(days=int(rng.integers(14, 50)))

    def write_A(self, dept: str, stem: str, f: _File) -> None:
        rows, rev, pre = self.materialize(f.chunks)
        style = self.style(dept, f.role, f.year, stem)
        rng = rng_for(self.seed, "file", dept, stem)
        name = self.write_table(dept, stem, f, rows, style, rng, f.arrival)
        if f.codes_only or dept in self.ceased and f.arrival.date() > self.ceased[dept]:
            self.summary.mistakes.append(f"{dept}/{name}")
        for (suffix, extra), when in zip(
            (("_cap_nhat", pre), ("_dieu_chinh", rev)), self.revised_at(dept, stem, f), strict=True
        ):
            if extra is not None and len(extra) and when < self.cutoff:
                st = replace(style, with_status=True, container="csv" if style.container == "xlsx" else style.container)
                self.write_table(self.sender(dept, when), stem + suffix, f, extra, st, rng, when)
                if suffix == "_dieu_chinh":
                    self.summary.revisions += len(extra)

    def write_system(self, dept: str, stem: str, f: _File) -> None:
        rows, rev, pre = self.materialize(f.chunks)
        system, _ = SYSTEMS[f.system]
        rng = rng_for(self.seed, "system", dept, stem)
        codes = sorted({str(self.lk.codes[i]) for i in np.unique(rows.ind)})[:2]
        if f.kind == "json":
            period = f"{f.year}-{f.month:02d}"
            ny, nm = (f.year + 1, 1) if f.month == 12 else (f.year, f.month + 1)
            env = {
                "he_thong": system,
                "don_vi": dept,
                "thoi_diem_xuat": f"{ny}-{nm:02d}-05T07:30:00+07:00",
                "ky_bao_cao": period,
            }
            recs = json_records(rows, self.lk, rng, period, with_name=rng.random() < 0.3).tolist()
            self._emit(
                dept,
                stem + ".json",
                write_json(recs + null_records(codes, str(f.year)), env),
                "C-json",
                "C-json",
                len(rows),
                f.arrival,
            )
            for suffix, extra, day in (("_cap_nhat", pre, 20), ("_dieu_chinh", rev, 28)):
                when = dt.datetime(ny, nm, day, 16, 5, tzinfo=VN)
                if extra is not None and len(extra) and when < self.cutoff:
                    env2 = dict(env, thoi_diem_xuat=f"{ny}-{nm:02d}-{day}T16:00:00+07:00")
                    recs = json_records(extra, self.lk, rng, period, with_name=False, explicit_share=1.0).tolist()
                    data = write_json(recs, env2)
                    to = self.sender(dept, when)
                    self._emit(to, stem + suffix + ".json", data, "C-json", "C-json", len(extra), when)
                    if suffix == "_dieu_chinh":
                        self.summary.revisions += len(extra)
            return
        source = ', "nguon": "' + system + '"'

        def lines(r: Rows, explicit: float, nulls: bool) -> str:
            out = []
            pcodes = [self.lk.periods[p] for p in np.unique(r.per)]
            pcodes.sort(key=lambda c: (c[:4], _end_month(c), len(c)))
            for pc in pcodes:
                sub = r.take(np.flatnonzero(r.per == self.per_id[pc]))
                recs = json_records(
                    sub, self.lk, rng, pc, with_name=False, extra=source, explicit_share=explicit
                ).tolist()
                if nulls and pc == pcodes[-1]:
                    recs += null_records(codes, str(f.year))
                ey, em = int(pc[:4]), _end_month(pc)
                ey, em = (ey + 1, 1) if em == 12 else (ey, em + 1)
                env = {
                    "he_thong": system,
                    "don_vi": dept,
                    "thoi_diem_xuat": f"{ey}-{em:02d}-01T00:15:00+07:00",
                    "ky_bao_cao": pc,
                }
                out.append(jsonl_line(recs, env))
            return "\n".join(out) + "\n"

        data = lines(rows, 0.3, True).encode("utf-8")
        self._emit(dept, stem + ".jsonl", data, "C-jsonl", "C-jsonl", len(rows), f.arrival)
        for (suffix, extra), when in zip(
            (("_cap_nhat", pre), ("_dieu_chinh", rev)), self.revised_at(dept, stem, f), strict=True
        ):
            if extra is not None and len(extra) and when < self.cutoff:
                self._emit(
                    self.sender(dept, when),
                    stem + suffix + ".jsonl",
                    lines(extra, 1.0, False).encode("utf-8"),
                    "C-jsonl",
                    "C-jsonl",
                    len(extra),
                    when,
                )
                if suffix == "_dieu_chinh":
                    self.summary.revisions += len(extra)

    def write_report(self, dept: str, stem: str, f: _File, report: list[Series]) -> None:
        y, m = f.year, f.month
        rng = rng_for(self.seed, "report", dept, stem)
        numeric = rng.random() < 0.2
        chosen = {s.ind.code for s in report}
        lines: list[Line] = []
        revised: list[tuple] = []
        obs = 0
        section, n_top, n_sub, last_top = None, 0, 0, None

        def txt(v: float | None, k: int) -> object:
            if v is None:
                return "-"
            if numeric:
                return round(float(v), k)
            return _vi_number(round(v * 10**k), k)

        for s in report:
            ind = s.ind
            if ind.domain != section:
                section = ind.domain
                lines.append(
                    Line(
                        _roman(len([x for x in lines if x.section]) + 1),
                        self.domain_names.get(section, section).upper(),
                        section=True,
                    )
                )
                n_top, last_top = 0, None
            yi = s.grid.years.index(y)
            i = yi * 12 + (m - 1)
            sc = ind.scale
            est = s.estimate[i, 0] if s.flagged[i] else s.actual[i, 0]
            # in January the year to date is the month's own figure, already in its column: left empty; with
            # an estimate for the month, the year to date adds it up too
            ytd = s.ytd[i, 0] - s.actual[i, 0] + est if s.ytd is not None and m > 1 else None
            if s.flagged[i]:
                pid = self.per_id[f"{y}-{m:02d}"]
                revised.append((ind.idx, pid, ACTUAL, s.area_idx[:1], s.actual[i, :1], None, None))
                if ytd is not None:
                    revised.append((ind.idx, pid, YTD, s.area_idx[:1], s.ytd[i, :1], None, None))
            plan = s.plan[yi, 0]
            same = s.ytd[i - 12, 0] if s.ytd is not None and i >= 12 else None
            pct_plan = round(100.0 * ytd / plan, 1) if ytd is not None and plan else None
            pct_same = round(100.0 * ytd / same, 1) if ytd is not None and same else None
            cells = [
                txt(plan / sc, ind.k),
                txt(est / sc, ind.k),
                txt(None if ytd is None else ytd / sc, ind.k),
                txt(None if same is None else same / sc, ind.k),
                txt(pct_plan, 1),
                txt(pct_same, 1),
            ]
            obs += 2 + (ytd is not None)
            if ind.parent and ind.parent in chosen and last_top == ind.parent:
                n_sub += 1
                name = ("Trong đó: " if n_sub == 1 else "- ") + ind.name
                lines.append(Line(f"{n_top}.{n_sub}", name, ind.unit, cells))
            else:
                n_top += 1
                n_sub, last_top = 0, ind.code
                lines.append(Line(n_top if rng.random() < 0.7 else f"{n_top}", ind.name, ind.unit, cells))
        signer, preparer = (SIGNERS[int(j)] for j in rng.choice(len(SIGNERS), 2, replace=False))
        data = write_report(
            dept,
            self.dept_names.get(dept, dept),
            y,
            m,
            lines,
            int(rng.integers(40, 400)),
            int(rng.integers(20, 29)),
            rng.random() < 0.6,
            signer,
            preparer,
        )
        self._emit(dept, stem + ".xlsx", data, "B-xlsx", "B-xlsx", obs, f.arrival)
        # corrected with the department's file of the month, an hour after it
        when = self.revised_at(dept, self.stem(dept, ("periodic", y, m)), f)[1]
        if revised and when < self.cutoff:
            rows, _, _ = self.materialize(revised)
            style = replace(self.style(dept, "periodic", y, stem), container="csv", with_status=True)
            self.write_table(self.sender(dept, when), stem + "_dieu_chinh", f, rows, style, rng, when)
            self.summary.revisions += len(rows)

    # -- one group of departments ----------------------------------------------------------------
    def group(self, head: str) -> None:
        """Generate the indicators of a department and of the departments merged into it, and write every
        file they sent, each from the department that sent it."""
        members = [d for d in self.groups[head] if self.generates(d)]
        inds = [i for i in self.indicators if i.dept in members]
        if not inds:
            return
        t0 = time.perf_counter()
        report_inds = {d: self.report_indicators(d, [i for i in inds if i.dept == d]) for d in members}
        in_report = {i.code for rows in report_inds.values() for i in rows}
        files: dict[tuple[str, str], _File] = {}
        series = {}
        before = sum(self.summary.observations.values())
        for ind in inds:
            s = self.model.build(ind)
            if ind.code in in_report:
                series[ind.code] = s
            self.route(head, s, ind.code in in_report, files)
        if self.mistake_sender and self.mistake_sender[0] in members:
            self.ceased_sender_file(head, files)
        for key in sorted(files):
            sender, stem = key
            f = files.pop(key)
            if f.kind == "A":
                self.write_A(sender, stem, f)
            elif f.kind == "wb":  # the report lines of the departments whose figures it carries, by domain
                report = [series[i.code] for d in members if d in f.owners for i in report_inds[d]]
                report.sort(key=lambda s: self.domain_order.get(s.ind.domain, 99))
                self.write_report(sender, stem, f, report)
            else:
                self.write_system(sender, stem, f)
        obs = sum(self.summary.observations.values()) - before
        who = "+".join(members)
        self.progress(f"{who}: {len(inds)} indicators, {obs:,} observations, {time.perf_counter() - t0:.1f}s")

    def ceased_sender_file(self, head: str, files: dict[tuple[str, str], _File]) -> None:
        """The deliberate mistake of a ceased department: its clerk still sends a few of its province figures
        for a month after it ceased, the same day its successor sent them."""
        dept, month = self.mistake_sender
        slot = ("periodic", int(month[:4]), int(month[5:]))
        info = self.slot(head, slot)
        sender = self.sender(dept, info.arrival) if info else dept
        f = files.get((sender, self.stem(sender, slot))) if info else None
        if f is None or sender == dept:
            return
        chunks = []
        for c in f.chunks:
            if self.indicators[c[0]].dept == dept and c[2] == ACTUAL and (c[3] == 0).any() and len(chunks) < 6:
                at = np.flatnonzero(c[3] == 0)
                chunks.append((c[0], c[1], ACTUAL, c[3][at], c[4][at], None, None))
        if chunks:
            wrong = _File("A", "periodic", slot[1], slot[2], chunks=chunks, new=f.new, owners={dept})
            wrong.arrival = f.arrival + dt.timedelta(hours=2)
            files[(dept, self.stem(dept, slot))] = wrong


def _vi_number(v: int, k: int) -> str:
    """One integer in units of 10^-k in the Vietnamese form ('1.234.567', '12,5'), as format_numbers writes it."""
    a = abs(int(v))
    text = f"{a // 10**k:,}".replace(",", ".")
    if k > 0:
        text += "," + str(a % 10**k).zfill(k)
    return "-" + text if v < 0 else text


def _month_end(y: int, m: int) -> dt.date:
    return dt.date(y + m // 12, m % 12 + 1, 1) - dt.timedelta(days=1)


def _last_month(day: dt.date) -> tuple[int, int]:
    """(year, month) of the last month that ended before ``day``."""
    return (day.year, day.month - 1) if day.month > 1 else (day.year - 1, 12)


def _end_month(code: str) -> int:
    if len(code) == 4:
        return 12
    t = code[5:]
    if t[0] == "S":
        return 6 * int(t[1])
    if t[0] == "Q":
        return 3 * int(t[1])
    return int(t)


def _roman(n: int) -> str:
    vals = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = ""
    for v, s in vals:
        while n >= v:
            out += s
            n -= v
    return out


def generate(
    landing: Path,
    size: str = "S",
    seed: int = 20250701,
    years: tuple[int, int] | None = None,
    progress: Callable[[str], None] | None = None,
    departments: Iterable[str] | None = None,
    as_of: dt.date | None = None,
) -> dict:
    """Write demo exports under landing/<DEPARTMENT_CODE>/...; return a summary dict
    (files by format, observations written, bytes, submissions on time, late, missing).

    ``size`` is 'S', 'M' or 'L' (see :data:`SIZES`); ``years`` the first and last year sent (default: 2020
    through the year of the last month before ``as_of``); ``as_of`` the day the landing folder is seen
    (default: today): nothing arrives on or after it. ``departments`` restricts the run to the indicators some
    departments own (tests); a successor still sends them once their owner ceased. Same seed, size, years and
    ``as_of`` give byte-identical files with the same modification times. ``progress`` receives one message
    per department (a department with those merged into it).
    """
    spec = SIZES[str(size).upper()]
    t0 = time.perf_counter()
    as_of = as_of or dt.date.today()
    if years is None:
        years = (2020, _last_month(as_of)[0])
    run = _Run(Path(landing), spec, seed, tuple(years), departments, progress, as_of)
    for head in run.groups:
        run.group(head)
    sm = run.summary
    return {
        "size": spec.name,
        "seed": int(seed),
        "years": [run.emit_years[0], run.emit_years[-1]],
        "departments": len(sm.departments),
        "files": dict(sorted(sm.files.items())),
        "files_total": int(sum(sm.files.values())),
        "variants": dict(sorted(sm.variants.items())),
        "samples": dict(sorted(sm.samples.items())),
        "observations": int(sum(sm.observations.values())),
        "observations_by_format": dict(sorted(sm.observations.items())),
        "revised_values": int(sm.revisions),
        "bytes": int(sm.bytes),
        "as_of": as_of.isoformat(),
        "arrivals": [sm.first_arrival, sm.last_arrival],
        "submissions": dict(sorted(sm.submissions.items())),
        "deliberate_mistakes": sorted(sm.mistakes),
        "seconds": round(time.perf_counter() - t0, 1),
    }
