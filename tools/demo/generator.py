"""A seeded, deterministic generator of realistic departmental exports: the demo landing folder.

    generate(landing, size="S")      # ~250k observations in a few seconds
    generate(landing, size="M")      # ~5 million: every indicator x all 101 areas, ytd and plans
    generate(landing, size="L")      # ~20 million: also preliminary rounds, all values revised, more years

Every department of ``reference/departments.csv`` sends the indicators it owns, at their frequency,
as its house style dictates: Format A CSV/TSV in every encoding, delimiter and label form of the
input contract (a few legacy HTML-as-.xls files, a few plain .xlsx sheets), Format B monthly report
workbooks for a few departments, Format C JSON/JSON Lines from the provincial systems. About one value
in ten is first sent as an estimate and revised later in a separate ``*_dieu_chinh`` file. The real
figures of ``tools/demo/seed_figures.csv`` appear exactly, as official values.

Size is a knob on areas, value types, revisions and years, not a separate code path; generation
streams department by department and file by file (one department's numbers in memory at a time).
"""

from __future__ import annotations

import datetime as dt
import re
import time
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
    format_numbers,
    json_records,
    jsonl_line,
    null_records,
    write_csv,
    write_html,
    write_json,
    write_xlsx_table,
)
from tools.demo.model import LEVELS, Areas, Indicator, Model, Seed, Series, load_indicators, rng_for
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
#: digital addresses, community digital-technology teams.
COMMUNE_NAMES = re.compile(r"^(dân số|số dân)\b|địa chỉ số|tổ công nghệ số cộng đồng", re.IGNORECASE)
MAX_COMMUNE_INDICATORS = 12
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
}

#: House styles: how a department's clerk or system writes its Format A exports.
HOUSE = {
    "CTK": dict(encoding="cp1258", delimiter=",", header="ascii", area="name", names="bare", cadence="quarter"),
    "SKHDT": dict(encoding="utf-16", delimiter="\t", header="vi", cadence="month", plan_xlsx=True),
    "SCT": dict(encoding="utf-8", delimiter=";", header="vi", scaled=True, cadence="month"),
    "STC": dict(
        encoding="utf-8-sig", delimiter=",", header="ascii", group=False, scaled=True, cadence="month", plan_xlsx=True
    ),
    "STTTT": dict(encoding="utf-8-sig", delimiter=";", header="ascii", pct_sign="%", cadence="quarter"),
    "VPUBND": dict(encoding="utf-8", delimiter=",", header="ascii", cadence="quarter"),
    "SYT": dict(encoding="utf-8", delimiter=",", header="ascii", area="name", names="official", cadence="quarter"),
    "SLDTBXH": dict(encoding="cp1258", delimiter=";", header="vi", scaled=True, cadence="quarter"),
    "CA": dict(encoding="utf-16", delimiter="\t", header="vi", cadence="month", legacy_html=2021),
    "NHNN": dict(encoding="utf-8", delimiter="\t", header="ascii", pct_sign=" %", cadence="quarter"),
    "SNNPTNT": dict(encoding="cp1258", delimiter=",", header="vi", cadence="quarter", legacy_html=2022),
}
TEMPLATES = (
    dict(encoding="utf-8", delimiter=",", header="ascii", cadence="quarter"),
    dict(encoding="utf-8-sig", delimiter=";", header="vi", cadence="quarter", pct_sign=" %"),
    dict(encoding="cp1258", delimiter=",", header="vi", cadence="quarter", area="name", names="abbrev"),
    dict(encoding="utf-16", delimiter="\t", header="vi", cadence="month"),
    dict(encoding="utf-8", delimiter="\t", header="ascii", cadence="quarter", scaled=True),
    dict(encoding="utf-8-sig", delimiter=",", header="ascii", cadence="month", group=False),
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


@dataclass
class _File:
    kind: str  # A | json | jsonl | wb
    role: str  # periodic | annual | plan
    year: int
    month: int = 0
    system: str = ""
    chunks: list[tuple] = field(default_factory=list)


@dataclass
class _Summary:
    files: Counter = field(default_factory=Counter)
    variants: Counter = field(default_factory=Counter)
    samples: dict[str, str] = field(default_factory=dict)
    observations: Counter = field(default_factory=Counter)
    revisions: int = 0
    bytes: int = 0
    departments: set = field(default_factory=set)


class _Run:
    def __init__(
        self,
        landing: Path,
        size: Size,
        seed: int,
        years: tuple[int, int],
        departments: Iterable[str] | None,
        progress: Callable[[str], None] | None,
    ) -> None:
        from ingestion.areas import areas as area_resolver
        from ingestion.reference import catalogue, profile

        self.landing = Path(landing)
        self.size = size
        self.seed = int(seed)
        self.progress = progress or (lambda msg: None)
        first, last = int(years[0]) - size.years_before, int(years[1])
        if last < first:
            raise ValueError(f"years must be (first, last), got {years}")
        self.emit_years = list(range(first, last + 1))
        self.int_years = [first - 1] + self.emit_years
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
        self.dept_codes = list(dep["department_code"])
        self.dept_names = dict(zip(dep["department_code"], dep["name_vi"], strict=True))
        if departments is not None:
            wanted = {d.upper() for d in departments}
            self.dept_codes = [d for d in self.dept_codes if d in wanted]
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
        self._names: dict[tuple[str, int], np.ndarray] = {}
        self.summary = _Summary()

    # -- areas as clerks write them ------------------------------------------------------------
    def area_names(self, variant: str, year: int) -> np.ndarray:
        key = (variant, year)
        if key not in self._names:
            out = []
            for code, name, level in zip(self.areas.codes, self.areas.names, self.areas.levels, strict=True):
                cand = name
                if level == "province":
                    cand = {"abbrev": "Toàn tỉnh", "bare": "Bình Dương"}.get(variant, name)
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
                if self.resolver.resolve(cand)[0] != code:
                    cand = name
                out.append(cand)
            self._names[key] = np.array(out, dtype=np.dtypes.StringDType())
        return self._names[key]

    # -- styles ---------------------------------------------------------------------------------
    def house(self, dept: str) -> dict:
        if dept in HOUSE:
            return HOUSE[dept]
        return TEMPLATES[self.dept_codes_all().index(dept) % len(TEMPLATES)]

    def dept_codes_all(self) -> list[str]:
        return list(self.cat.departments["department_code"])

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
        """Monthly indicators a department's report workbook shows, matched back by name."""
        if dept not in REPORT_DEPARTMENTS:
            return []
        prof = self.profile(dept)
        cands = [
            i
            for i in inds
            if i.freq == "month"
            and i.code not in self.seeds
            and self.cat.match_name(i.name, prof.aliases) == i.code
            and self.cat.match_name("Trong đó: " + i.name, prof.aliases) == i.code
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

    def _cadence_stem(self, dept: str, y: int, em: int) -> str:
        prefix = FILE_PREFIX.get(dept, f"so_lieu_{dept.lower()}")
        if self.house(dept).get("cadence") == "month":
            return f"{prefix}_thang_{em:02d}_{y}"
        return f"{prefix}_{y}_q{(em - 1) // 3 + 1}"

    def route(self, dept: str, s: Series, in_report: bool, files: dict[str, _File]) -> None:
        ind, g = s.ind, s.grid
        prefix = FILE_PREFIX.get(dept, f"so_lieu_{dept.lower()}")
        lv = self.areas.levels[s.area_idx]
        ytd_cols = np.flatnonzero(np.isin(lv, self.size.ytd_levels))
        annual_cols = np.flatnonzero(np.isin(lv, self.size.annual_levels))
        plan_cols = np.flatnonzero(np.isin(lv, self.size.plan_levels))
        half_cols = np.flatnonzero(np.isin(lv, self.size.half_levels))
        all_cols = np.arange(len(s.area_idx))
        if in_report:
            all_cols, ytd_cols, plan_cols = all_cols[1:], ytd_cols[ytd_cols != 0], plan_cols[plan_cols != 0]
        chan = self.channel(dept, ind)
        codes = g.codes()
        emit = set(self.emit_years)

        def add(stem: str, f: _File, chunk: tuple) -> None:
            files.setdefault(stem, f).chunks.append(chunk)

        for i in range(g.n):
            y, em = int(g.year_of[i]), int(g.end_month[i])
            if y not in emit:
                continue
            pid = self.per_id[codes[i]]
            if chan == "json" and g.ppy == 12:
                stem, f = f"{SYSTEMS['json'][1]}_{y}-{em:02d}", _File("json", "periodic", y, em, "json")
            elif chan.startswith("jsonl"):
                stem, f = f"{SYSTEMS[chan][1]}_{y}", _File("jsonl", "periodic", y, 0, chan)
            elif g.ppy == 1:
                stem, f = f"{prefix}_nam_{y}", _File("A", "annual", y)
            else:
                stem, f = self._cadence_stem(dept, y, em), _File("A", "periodic", y, em)
            if in_report:
                files.setdefault(f"bao_cao_thang_{em:02d}_{y}", _File("wb", "periodic", y, em))
            flag = bool(s.flagged[i])
            pre = s.preliminary[i, all_cols] if (flag and s.preliminary is not None) else None
            add(
                stem,
                f,
                (
                    ind.idx,
                    pid,
                    ACTUAL,
                    s.area_idx[all_cols],
                    s.actual[i, all_cols],
                    s.estimate[i, all_cols] if flag else None,
                    pre,
                ),
            )
            if s.ytd is not None and len(ytd_cols):
                add(stem, f, (ind.idx, pid, YTD, s.area_idx[ytd_cols], s.ytd[i, ytd_cols], None, None))
        for yi, y in enumerate(g.years):
            if y not in emit:
                continue
            pid = self.per_id[str(y)]
            if s.annual is not None and s.annual_ok[yi] and len(annual_cols):
                add(
                    f"{prefix}_nam_{y}",
                    _File("A", "annual", y),
                    (ind.idx, pid, ACTUAL, s.area_idx[annual_cols], s.annual[yi, annual_cols], None, None),
                )
            if s.half is not None and len(half_cols):
                for h in (1, 2):
                    add(
                        self._cadence_stem(dept, y, 6 * h),
                        _File("A", "periodic", y, 6 * h),
                        (
                            ind.idx,
                            self.per_id[f"{y}-S{h}"],
                            ACTUAL,
                            s.area_idx[half_cols],
                            s.half[2 * yi + h - 1, half_cols],
                            None,
                            None,
                        ),
                    )
            if len(plan_cols):
                add(
                    f"ke_hoach_nam_{y}",
                    _File("A", "plan", y),
                    (ind.idx, pid, PLAN, s.area_idx[plan_cols], s.plan[yi, plan_cols], None, None),
                )

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

    def _emit(self, dept: str, name: str, data: bytes, variant: str, fmt: str, obs: int) -> None:
        path = self.landing / dept / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        sm = self.summary
        sm.files[fmt] += 1
        sm.variants[variant] += 1
        sm.samples.setdefault(variant, f"{dept}/{name}")
        sm.departments.add(dept)
        sm.observations[fmt] += obs
        sm.bytes += len(data)

    def write_table(self, dept: str, stem: str, f: _File, rows: Rows, style: Style, rng: np.random.Generator) -> None:
        if (rows.st != OFFICIAL).any() and not style.with_status:
            style = replace(style, with_status=True)  # an estimate must say so
        if style.scaled and not style.with_unit:
            style = replace(style, with_unit=True)  # a value at another scale must say its unit
        names = self.area_names(style.names, f.year)
        if style.container == "html":
            data, _ = write_html(rows, self.lk, style, names, rng)
            self._emit(dept, stem + ".xls", data, "A-html-xls", "A-html-xls", len(rows))
        elif style.container == "xlsx":
            when = dt.datetime(f.year - 1, 12, 15, 8, 0, 0)
            data, _ = write_xlsx_table(rows, self.lk, style, names, rng, when, dept, f"Ke hoach {f.year}")
            self._emit(dept, stem + ".xlsx", data, "A-xlsx", "A-xlsx", len(rows))
        else:
            data, enc = write_csv(rows, self.lk, style, names, rng)
            st = replace(style, encoding=enc)
            self._emit(dept, stem + st.suffix, data, st.variant(), "A-csv", len(rows))

    def write_A(self, dept: str, stem: str, f: _File) -> None:
        rows, rev, pre = self.materialize(f.chunks)
        style = self.style(dept, f.role, f.year, stem)
        rng = rng_for(self.seed, "file", dept, stem)
        self.write_table(dept, stem, f, rows, style, rng)
        for suffix, extra in (("_cap_nhat", pre), ("_dieu_chinh", rev)):
            if extra is not None and len(extra):
                st = replace(style, with_status=True, container="csv" if style.container == "xlsx" else style.container)
                self.write_table(dept, stem + suffix, f, extra, st, rng)
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
            )
            for suffix, extra, day in (("_cap_nhat", pre, 20), ("_dieu_chinh", rev, 28)):
                if extra is not None and len(extra):
                    env2 = dict(env, thoi_diem_xuat=f"{ny}-{nm:02d}-{day}T16:00:00+07:00")
                    recs = json_records(extra, self.lk, rng, period, with_name=False, explicit_share=1.0).tolist()
                    self._emit(dept, stem + suffix + ".json", write_json(recs, env2), "C-json", "C-json", len(extra))
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

        self._emit(dept, stem + ".jsonl", lines(rows, 0.3, True).encode("utf-8"), "C-jsonl", "C-jsonl", len(rows))
        for suffix, extra in (("_cap_nhat", pre), ("_dieu_chinh", rev)):
            if extra is not None and len(extra):
                self._emit(
                    dept,
                    stem + suffix + ".jsonl",
                    lines(extra, 1.0, False).encode("utf-8"),
                    "C-jsonl",
                    "C-jsonl",
                    len(extra),
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
            return str(format_numbers(np.array([round(v * 10**k)]), np.array([k]))[0])

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
            if s.flagged[i]:
                revised.append(
                    (ind.idx, self.per_id[f"{y}-{m:02d}"], ACTUAL, s.area_idx[:1], s.actual[i, :1], None, None)
                )
            plan = s.plan[yi, 0]
            ytd = s.ytd[i, 0] if s.ytd is not None else None
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
        self._emit(dept, stem + ".xlsx", data, "B-xlsx", "B-xlsx", obs)
        if revised:
            rows, _, _ = self.materialize(revised)
            style = replace(self.style(dept, "periodic", y, stem), container="csv", with_status=True)
            self.write_table(dept, stem + "_dieu_chinh", f, rows, style, rng)
            self.summary.revisions += len(rows)

    # -- one department -------------------------------------------------------------------------
    def department(self, dept: str) -> None:
        inds = [i for i in self.indicators if i.dept == dept]
        if not inds:
            return
        t0 = time.perf_counter()
        report_inds = self.report_indicators(dept, inds)
        in_report = {i.code for i in report_inds}
        files: dict[str, _File] = {}
        series = {}
        before = sum(self.summary.observations.values())
        for ind in inds:
            s = self.model.build(ind)
            if ind.code in in_report:
                series[ind.code] = s
            self.route(dept, s, ind.code in in_report, files)
        report = [series[i.code] for i in report_inds]
        nfiles = 0
        for stem in sorted(files):
            f = files.pop(stem)
            if f.kind == "A":
                self.write_A(dept, stem, f)
            elif f.kind == "wb":
                self.write_report(dept, stem, f, report)
            else:
                self.write_system(dept, stem, f)
            nfiles += 1
        obs = sum(self.summary.observations.values()) - before
        self.progress(f"{dept}: {len(inds)} indicators, {obs:,} observations, {time.perf_counter() - t0:.1f}s")


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
    years=(2020, 2025),
    progress: Callable[[str], None] | None = None,
    departments: Iterable[str] | None = None,
) -> dict:
    """Write demo exports under landing/<DEPARTMENT_CODE>/...; return a summary dict
    (files by format, observations written, bytes).

    ``size`` is 'S', 'M' or 'L' (see :data:`SIZES`); ``years`` the first and last year sent;
    ``departments`` restricts the run to some department codes (tests). Same seed and size give
    byte-identical files. ``progress`` receives one message per department.
    """
    spec = SIZES[str(size).upper()]
    t0 = time.perf_counter()
    run = _Run(Path(landing), spec, seed, tuple(years), departments, progress)
    for dept in run.dept_codes:
        run.department(dept)
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
        "seconds": round(time.perf_counter() - t0, 1),
    }
