#!/usr/bin/env python3
"""Draft an indicator catalogue: ``indicators.csv`` and ``indicator_reporters.csv``.

The committed ``reference/indicators.csv`` and ``reference/indicator_reporters.csv`` are the catalogue's
source of truth: people review and edit them (a new indicator or a new reporter is a row). This script
wrote their first draft, and can draft more rows the same way; its output is compared and merged by hand,
never copied over the reference files.

The draft is written down here as data:

* ``BREAKDOWNS`` - named sets of sub-rows (by ownership sector, by sex, urban/rural,
  by product group, by administrative level, ...). Each item is a name fragment
  (Vietnamese and English) plus a range factor and optional overrides.
* ``CATALOGUE`` - per domain, a list of indicator *families*: base name vi/en, unit,
  value kind, time aggregation, direction, frequency, owning department, range, the
  breakdowns that apply and the other departments that also report it. A family may
  extend one of the fixed core indicators (``core="XNK.001"``): the core row is kept
  exactly as in ``core_indicators.csv`` and only its sub-rows are added.
* ``expand()`` turns families x breakdowns into indicator rows; codes are assigned in
  order, continuing after the highest core code of the domain.

Run ``python tools/catalogue/draft_catalogue.py --out DIR``. The output is deterministic; standard
library only. The enumerations (value kinds, aggregations, directions, frequencies) are the warehouse's
own, read from reference/*.csv.
"""

from __future__ import annotations

import argparse
import csv
import io
import math
import os
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
REFERENCE = os.path.join(HERE, "..", "..", "reference")

COLUMNS = [
    "indicator_code", "name_vi", "name_en", "domain_code", "unit", "value_kind",
    "time_aggregation", "direction", "frequency", "department_code",
    "parent_indicator_code", "range_min", "range_max",
]


def _codes(name):
    with open(os.path.join(REFERENCE, f"{name}.csv"), encoding="utf-8", newline="") as fh:
        return tuple(row[0] for row in list(csv.reader(fh))[1:])


VALUE_KINDS = _codes("value_kinds")
AGGREGATIONS = _codes("time_aggregations")
DIRECTIONS = _codes("directions")
FREQUENCIES = _codes("period_types")
MONEY_UNITS = ("tỷ đồng", "triệu đồng", "nghìn đồng", "đồng", "triệu USD", "nghìn USD", "USD")


# ---------------------------------------------------------------------------------------
# Building blocks
# ---------------------------------------------------------------------------------------

def B(vi, en, f=1.0, **over):
    """One breakdown item.

    ``vi``/``en`` are fragments inserted at the family's ``{x}`` slot (or appended when the
    name has none). A fragment starting with ``=`` is the sub-row's whole name; one containing
    ``{b}`` is a whole name built around the base name (first letter lower-cased); one starting
    with ``+`` is appended at the end even when the name has a slot; an English fragment starting
    with ``^`` is a prefix.
    ``f`` scales the parent's upper bound (counts and amounts). ``over`` may override
    unit, kind, agg, dir, freq, owner, lo, hi, rep; ``child=False`` makes a derived
    indicator without a parent (e.g. a growth rate).
    """
    return dict(vi=vi, en=en, f=f, **over)


class Fam:
    """One indicator family: a base indicator and the breakdowns that apply to it.

    ``rep`` - other departments that also report the base indicator; ``crep`` - the same for
    its sub-rows. ``parent`` - the code or Vietnamese name of an indicator this family is
    itself a sub-row of (for two-level hierarchies such as revenue -> domestic revenue ->
    revenue by tax).
    """

    def __init__(self, vi, en, unit, kind, agg, dir, freq, owner, lo, hi, by=(), rep=(), crep=(),
                 core=None, parent=None):
        self.vi, self.en, self.unit, self.kind, self.agg = vi, en, unit, kind, agg
        self.dir, self.freq, self.owner, self.lo, self.hi = dir, freq, owner, lo, hi
        self.by = [by] if isinstance(by, str) else list(by)
        self.rep = (rep,) if isinstance(rep, str) else tuple(rep)
        self.crep = (crep,) if isinstance(crep, str) else tuple(crep)
        self.core, self.parent = core, parent


def _unit_kind(unit):
    return "amount" if unit in MONEY_UNITS else "count"


def flow(vi, en, unit, owner, hi, freq="month", dir="up", **kw):
    """A flow over the period (summed over time): count or amount."""
    return Fam(vi, en, unit, kw.pop("kind", _unit_kind(unit)), "sum", dir, freq, owner, 0, hi, **kw)


def stock(vi, en, unit, owner, hi, freq="year", dir="up", **kw):
    """A level at the end of the period (last value over time)."""
    return Fam(vi, en, unit, kw.pop("kind", _unit_kind(unit)), "last", dir, freq, owner, 0, hi, **kw)


def pct(vi, en, owner, freq="year", dir="up", lo=0, hi=100, agg="last", **kw):
    """A share in percent (a status at the end of the period unless ``agg`` says otherwise)."""
    return Fam(vi, en, "%", "percent", agg, dir, freq, owner, lo, hi, **kw)


def growth(vi, en, owner, freq="month", dir="up", lo=-50, hi=100, **kw):
    """A growth rate in percent: not aggregated over time."""
    return Fam(vi, en, "%", "percent", "none", dir, freq, owner, lo, hi, **kw)


def index(vi, en, owner, freq="month", dir="up", lo=0, hi=300, unit="%", **kw):
    """An index (previous period or same period = 100): not aggregated over time."""
    return Fam(vi, en, unit, "index", "none", dir, freq, owner, lo, hi, **kw)


def avg(vi, en, unit, owner, hi, freq="year", dir="up", lo=0, **kw):
    """An average level over the period."""
    return Fam(vi, en, unit, "average", "average", dir, freq, owner, lo, hi, **kw)


def ratio(vi, en, unit, owner, hi, freq="year", dir="up", lo=0, **kw):
    """A ratio of two quantities (per capita, per 10,000 people, ...): not aggregated."""
    return Fam(vi, en, unit, "ratio", "none", dir, freq, owner, lo, hi, **kw)


def rate(vi, en, unit, owner, hi, freq="year", dir="down", lo=0, **kw):
    """A demographic or epidemiological rate (per mille, per 100,000, ...): not aggregated."""
    return Fam(vi, en, unit, "rate", "none", dir, freq, owner, lo, hi, **kw)


def rank(vi, en, owner, freq="year", **kw):
    """A rank among the 63 provinces (1 is best)."""
    return Fam(vi, en, "hạng", "rank", "last", "down", freq, owner, 1, 63, **kw)


def score(vi, en, owner, hi=100, freq="year", unit="điểm", **kw):
    """A composite score (points): a status, kept as an index."""
    return Fam(vi, en, unit, "index", "last", "up", freq, owner, 0, hi, **kw)


def core(code, by=(), rep=(), crep=(), vi=None, en=None):
    """Sub-rows (and extra reporters) of an indicator already defined: a fixed core indicator (by
    code; the core row itself is kept as-is) or a sub-row generated earlier (by its Vietnamese name).

    ``vi``/``en`` may give the name with an ``{x}`` slot where qualifiers go.
    """
    return Fam(vi, en, None, None, None, None, None, None, None, None, by=by, rep=rep, crep=crep,
               core=code)


def L(*items):
    """An inline breakdown: tuples (vi, en[, f[, overrides]])."""
    out = []
    for it in items:
        over = it[3] if len(it) > 3 else {}
        out.append(B(it[0], it[1], it[2] if len(it) > 2 else 1.0, **over))
    return out


# Growth-rate companions (derived indicators, no parent)
G_YOY_WIDE = B("Tốc độ tăng {b} so với cùng kỳ năm trước", "Growth of {b} versus the same period last year",
               child=False, unit="%", kind="percent", agg="none", lo=-100, hi=1000)
G_YOY = B("Tốc độ tăng {b} so với cùng kỳ năm trước", "Growth of {b} versus the same period last year",
          child=False, unit="%", kind="percent", agg="none", lo=-50, hi=100)


# ---------------------------------------------------------------------------------------
# Breakdowns: named sets of sub-rows
# ---------------------------------------------------------------------------------------

BREAKDOWNS = {
    # ownership sector, economy-wide (GRDP, investment, IIP)
    "kv3": [
        B(" của khu vực kinh tế nhà nước", " of the state sector", 0.3),
        B(" của khu vực kinh tế ngoài nhà nước", " of the non-state sector", 0.6),
        B(" của khu vực có vốn đầu tư nước ngoài", " of the foreign-invested sector", 0.8),
    ],
    # domestic vs foreign-invested (exports, imports)
    "kv2": [
        B(" của khu vực kinh tế trong nước", " of the domestic economic sector", 0.5),
        B(" của khu vực có vốn đầu tư nước ngoài", " of the foreign-invested sector", 1.0),
    ],
    "sex_f": [B(" nữ", "^Female ")],
    "sex": [B(" nam", "^Male "), B(" nữ", "^Female ")],
    "urban": [
        B("+ khu vực thành thị", "+ in urban areas"),
        B("+ khu vực nông thôn", "+ in rural areas"),
    ],
    "level3": [
        B(" cấp tỉnh", " at provincial level"),
        B(" cấp huyện", " at district level"),
        B(" cấp xã", " at commune level"),
    ],
    "dtype": [
        B(" tại các thành phố", " in the cities"),
        B(" tại các huyện", " in the rural districts", 0.5),
    ],
    "yoy": [G_YOY],
    "yoyw": [G_YOY_WIDE],
    # exports by main product group (Bình Dương's main export items)
    "xk_hang": [
        B(" gỗ và sản phẩm gỗ", " of wood and wood products", 0.3),
        B(" hàng dệt may", " of textiles and garments", 0.2),
        B(" giày dép các loại", " of footwear", 0.2),
        B(" máy móc, thiết bị, dụng cụ, phụ tùng khác", " of machinery, equipment, tools and parts", 0.2),
        B(" máy vi tính, sản phẩm điện tử và linh kiện", " of computers, electronic products and components", 0.1),
        B(" sản phẩm từ sắt thép", " of iron and steel products", 0.1),
        B(" sản phẩm từ chất dẻo", " of plastic products", 0.1),
        B(" phương tiện vận tải và phụ tùng", " of transport vehicles and parts", 0.1),
        B(" túi xách, ví, vali, mũ, ô dù", " of bags, wallets, suitcases, hats and umbrellas", 0.05),
        B(" cao su", " of natural rubber", 0.05),
        B(" hạt điều", " of cashew nuts", 0.05),
        B(" hàng thủ công mỹ nghệ", " of handicrafts", 0.02),
    ],
    "xk_tt": [
        B(" sang thị trường Hoa Kỳ", " to the United States", 0.4),
        B(" sang thị trường Liên minh châu Âu (EU)", " to the European Union", 0.2),
        B(" sang thị trường Nhật Bản", " to Japan", 0.2),
        B(" sang thị trường Trung Quốc", " to China", 0.2),
        B(" sang thị trường Hàn Quốc", " to the Republic of Korea", 0.1),
        B(" sang thị trường các nước ASEAN", " to ASEAN countries", 0.1),
    ],
    "nk_hang": [
        B(" nguyên phụ liệu dệt may, da giày", " of textile, garment, leather and footwear materials", 0.2),
        B(" gỗ và sản phẩm gỗ", " of wood and wood products", 0.1),
        B(" máy móc, thiết bị, dụng cụ, phụ tùng khác", " of machinery, equipment, tools and parts", 0.2),
        B(" chất dẻo nguyên liệu", " of plastics in primary form", 0.1),
        B(" sắt thép các loại", " of iron and steel", 0.1),
        B(" hóa chất và sản phẩm hóa chất", " of chemicals and chemical products", 0.1),
        B(" bông các loại", " of cotton", 0.05),
        B(" kim loại thường khác", " of other base metals", 0.05),
        B(" thức ăn gia súc và nguyên liệu", " of animal feed and feed ingredients", 0.05),
        B(" máy vi tính, sản phẩm điện tử và linh kiện", " of computers, electronic products and components", 0.1),
    ],
    "nk_tt": [
        B(" từ thị trường Trung Quốc", " from China", 0.4),
        B(" từ thị trường Hàn Quốc", " from the Republic of Korea", 0.2),
        B(" từ thị trường Nhật Bản", " from Japan", 0.2),
        B(" từ thị trường Đài Loan", " from Taiwan", 0.2),
        B(" từ thị trường các nước ASEAN", " from ASEAN countries", 0.2),
        B(" từ thị trường Hoa Kỳ", " from the United States", 0.1),
    ],
    "kcn_dn": [B(" của doanh nghiệp trong các khu công nghiệp", " of enterprises in industrial parks", 0.8,
                 owner="BQLKCN", rep=("SCT",))],
}


# ---------------------------------------------------------------------------------------
# The catalogue: per domain, a list of families
# ---------------------------------------------------------------------------------------

CATALOGUE: dict[str, list[Fam]] = {}

# --- KT: macro economy -----------------------------------------------------------------
SECTORS4_CUR = L(
    ("=Giá trị tăng thêm khu vực nông, lâm nghiệp và thủy sản theo giá hiện hành",
     "=Value added of agriculture, forestry and fishery at current prices", 0.05),
    ("=Giá trị tăng thêm khu vực công nghiệp và xây dựng theo giá hiện hành",
     "=Value added of industry and construction at current prices", 0.7),
    ("=Giá trị tăng thêm khu vực dịch vụ theo giá hiện hành",
     "=Value added of services at current prices", 0.3),
    ("=Thuế sản phẩm trừ trợ cấp sản phẩm theo giá hiện hành",
     "=Product taxes less product subsidies at current prices", 0.1),
)
SECTORS4_CONST = L(
    ("=Giá trị tăng thêm khu vực nông, lâm nghiệp và thủy sản theo giá so sánh 2010",
     "=Value added of agriculture, forestry and fishery at constant 2010 prices", 0.05),
    ("=Giá trị tăng thêm khu vực công nghiệp và xây dựng theo giá so sánh 2010",
     "=Value added of industry and construction at constant 2010 prices", 0.7),
    ("=Giá trị tăng thêm khu vực dịch vụ theo giá so sánh 2010",
     "=Value added of services at constant 2010 prices", 0.3),
    ("=Thuế sản phẩm trừ trợ cấp sản phẩm theo giá so sánh 2010",
     "=Product taxes less product subsidies at constant 2010 prices", 0.1),
)
SECTORS4_GROWTH = L(
    ("=Tốc độ tăng giá trị tăng thêm khu vực nông, lâm nghiệp và thủy sản",
     "=Growth of value added of agriculture, forestry and fishery"),
    ("=Tốc độ tăng giá trị tăng thêm khu vực công nghiệp và xây dựng",
     "=Growth of value added of industry and construction"),
    ("=Tốc độ tăng giá trị tăng thêm khu vực dịch vụ", "=Growth of value added of services"),
    ("=Tốc độ tăng thuế sản phẩm trừ trợ cấp sản phẩm", "=Growth of product taxes less product subsidies"),
)
CPI_GROUPS = [
    ("hàng ăn và dịch vụ ăn uống", "food and catering services"),
    ("đồ uống và thuốc lá", "beverages and tobacco"),
    ("may mặc, mũ nón và giày dép", "garments, headwear and footwear"),
    ("nhà ở, điện, nước, chất đốt và vật liệu xây dựng",
     "housing, electricity, water, fuel and construction materials"),
    ("thiết bị và đồ dùng gia đình", "household equipment and appliances"),
    ("thuốc và dịch vụ y tế", "medicines and health services"),
    ("giao thông", "transport"),
    ("bưu chính viễn thông", "post and telecommunications"),
    ("giáo dục", "education"),
    ("văn hóa, giải trí và du lịch", "culture, entertainment and tourism"),
    ("hàng hóa và dịch vụ khác", "other goods and services"),
]
CPI_BY_GROUP = [B(f"=Chỉ số giá nhóm {vi} so với cùng kỳ năm trước",
                  f"=Consumer price index for {en} versus the same period last year")
                for vi, en in CPI_GROUPS]

CATALOGUE["KT"] = [
    core("KT.001", by=[SECTORS4_GROWTH]),
    flow("Tổng sản phẩm trên địa bàn (GRDP) theo giá hiện hành",
         "Gross regional domestic product (GRDP) at current prices", "tỷ đồng", "CTK", 2_500_000,
         freq="quarter", by=[SECTORS4_CUR]),
    flow("Tổng sản phẩm trên địa bàn (GRDP) theo giá so sánh 2010",
         "Gross regional domestic product (GRDP) at constant 2010 prices", "tỷ đồng", "CTK", 1_500_000,
         freq="quarter", by=[SECTORS4_CONST]),
    pct("Tỷ trọng khu vực nông, lâm nghiệp và thủy sản trong GRDP",
        "Share of agriculture, forestry and fishery in GRDP", "CTK", dir="neutral", agg="none"),
    pct("Tỷ trọng khu vực công nghiệp và xây dựng trong GRDP",
        "Share of industry and construction in GRDP", "CTK", dir="neutral", agg="none"),
    pct("Tỷ trọng khu vực dịch vụ trong GRDP", "Share of services in GRDP", "CTK", agg="none"),
    pct("Tỷ trọng thuế sản phẩm trừ trợ cấp sản phẩm trong GRDP",
        "Share of product taxes less subsidies in GRDP", "CTK", dir="neutral", agg="none"),
    ratio("GRDP bình quân đầu người", "GRDP per capita", "triệu đồng/người", "CTK", 1_000),
    ratio("GRDP bình quân đầu người tính theo USD", "GRDP per capita in US dollars", "USD/người", "CTK", 40_000),
    growth("Tốc độ tăng năng suất lao động", "Labour productivity growth", "CTK", freq="year", lo=-30, hi=50),
    ratio("Năng suất lao động xã hội", "Social labour productivity", "triệu đồng/lao động", "CTK", 2_000),
    ratio("Hệ số sử dụng vốn đầu tư (ICOR)", "Incremental capital-output ratio (ICOR)", "lần", "CTK", 50,
          dir="down"),
    pct("Tỷ lệ đóng góp của năng suất các nhân tố tổng hợp (TFP) vào tăng trưởng",
        "Contribution of total factor productivity (TFP) to growth", "CTK", agg="none"),
    avg("Thu nhập bình quân đầu người một tháng", "Average monthly income per capita",
        "triệu đồng", "CTK", 50),
    flow("Vốn đầu tư thực hiện{x} trên địa bàn", "Realised investment{x} in the province", "tỷ đồng", "CTK",
         500_000, freq="quarter", by=["kv3", "yoy"], rep="SKHDT"),
    pct("Tỷ lệ vốn đầu tư thực hiện so với GRDP", "Realised investment as a share of GRDP", "CTK",
        agg="none"),
    flow("Vốn đầu tư thực hiện từ nguồn ngân sách nhà nước do địa phương quản lý",
         "Realised investment from the locally managed state budget", "tỷ đồng", "SKHDT", 100_000,
         rep="STC", by=[L(
             ("=Vốn đầu tư thực hiện từ nguồn ngân sách nhà nước cấp tỉnh",
              "=Realised investment from the provincial budget", 0.7),
             ("=Vốn đầu tư thực hiện từ nguồn ngân sách nhà nước cấp huyện",
              "=Realised investment from district budgets", 0.4),
             ("=Vốn đầu tư thực hiện từ nguồn ngân sách nhà nước cấp xã",
              "=Realised investment from commune budgets", 0.1),
         )]),
    stock("Kế hoạch vốn đầu tư công được giao", "Public investment capital allocated for the year",
          "tỷ đồng", "SKHDT", 100_000, rep="STC"),
    flow("Giá trị giải ngân vốn đầu tư công", "Public investment disbursed", "tỷ đồng", "SKHDT", 100_000,
         rep="STC"),
    pct("Tỷ lệ giải ngân vốn đầu tư công so với kế hoạch", "Public investment disbursement rate against plan",
        "SKHDT", freq="month", rep="STC"),
    index("Chỉ số giá tiêu dùng (CPI) so với cùng kỳ năm trước",
          "Consumer price index (CPI) versus the same period last year", "CTK", dir="neutral",
          by=[CPI_BY_GROUP], rep="STC"),
    index("Chỉ số giá tiêu dùng (CPI) so với tháng trước", "Consumer price index (CPI) versus the previous month",
          "CTK", dir="neutral"),
    index("Chỉ số giá tiêu dùng (CPI) so với tháng 12 năm trước",
          "Consumer price index (CPI) versus December of the previous year", "CTK", dir="neutral"),
    index("Chỉ số giá tiêu dùng (CPI) bình quân so với cùng kỳ năm trước",
          "Average consumer price index (CPI) versus the same period last year", "CTK", dir="neutral"),
    index("Chỉ số giá vàng so với cùng kỳ năm trước", "Gold price index versus the same period last year",
          "CTK", dir="neutral"),
    index("Chỉ số giá đô la Mỹ so với cùng kỳ năm trước",
          "US dollar price index versus the same period last year", "CTK", dir="neutral"),
    index("Chỉ số giá sản xuất sản phẩm công nghiệp (PPI) so với cùng kỳ năm trước",
          "Industrial producer price index (PPI) versus the same period last year", "CTK", freq="quarter",
          dir="neutral"),
]

# --- NS: public finance, budget, banking ---------------------------------------------
DOMESTIC_REVENUE = L(
    ("=Thu từ khu vực doanh nghiệp nhà nước", "=Revenue from state-owned enterprises", 0.1),
    ("=Thu từ khu vực doanh nghiệp có vốn đầu tư nước ngoài", "=Revenue from foreign-invested enterprises", 0.5),
    ("=Thu từ khu vực công thương nghiệp ngoài quốc doanh",
     "=Revenue from the non-state industry and commerce sector", 0.4),
    ("=Thu thuế thu nhập cá nhân", "=Personal income tax revenue", 0.2),
    ("=Thu lệ phí trước bạ", "=Registration fee revenue", 0.05),
    ("=Thu phí, lệ phí", "=Fees and charges revenue", 0.05),
    ("=Thu tiền sử dụng đất", "=Land use levy revenue", 0.3),
    ("=Thu tiền thuê đất, thuê mặt nước", "=Land and water surface rental revenue", 0.05),
    ("=Thu thuế sử dụng đất phi nông nghiệp", "=Non-agricultural land use tax revenue", 0.01),
    ("=Thu thuế bảo vệ môi trường", "=Environmental protection tax revenue", 0.05),
    ("=Thu xổ số kiến thiết", "=Lottery revenue", 0.05, {"owner": "STC", "rep": ("CTHUE",)}),
    ("=Thu khác ngân sách", "=Other budget revenue", 0.05),
)
RECURRENT_SPENDING = L(
    ("=Chi sự nghiệp giáo dục, đào tạo và dạy nghề", "=Spending on education, training and vocational training", 0.4),
    ("=Chi sự nghiệp y tế, dân số và gia đình", "=Spending on health, population and family", 0.2),
    ("=Chi sự nghiệp khoa học và công nghệ", "=Spending on science and technology", 0.05),
    ("=Chi sự nghiệp văn hóa thông tin", "=Spending on culture and information", 0.05),
    ("=Chi sự nghiệp phát thanh, truyền hình", "=Spending on radio and television", 0.05),
    ("=Chi sự nghiệp thể dục thể thao", "=Spending on physical education and sports", 0.05),
    ("=Chi sự nghiệp bảo vệ môi trường", "=Spending on environmental protection", 0.1),
    ("=Chi sự nghiệp kinh tế", "=Spending on economic services", 0.2),
    ("=Chi quản lý hành chính, Đảng, đoàn thể", "=Spending on administration, the Party and mass organisations", 0.2),
    ("=Chi bảo đảm xã hội", "=Spending on social security", 0.1),
    ("=Chi quốc phòng", "=Defence spending", 0.05),
    ("=Chi an ninh, trật tự an toàn xã hội", "=Spending on security and public order", 0.05),
)
CATALOGUE["NS"] = [
    core("NS.002", rep="CTHUE", by=[L(
        ("=Thu từ hoạt động xuất nhập khẩu", "=Revenue from import and export activities", 0.4),
    ), "yoy"]),
    flow("Thu nội địa", "Domestic budget revenue", "tỷ đồng", "CTHUE", 250_000, parent="NS.002",
         rep="STC", crep="STC", by=[DOMESTIC_REVENUE, "yoy"]),
    Fam("Tỷ lệ thu ngân sách nhà nước so với dự toán", "Budget revenue collected against the annual estimate",
        "%", "ratio", "last", "up", "month", "STC", 0, 300, rep="CTHUE"),
    flow("Tổng thu ngân sách địa phương", "Total local budget revenue", "tỷ đồng", "STC", 150_000),
    core("NS.003", by=[L(
        ("=Chi đầu tư phát triển", "=Development investment spending", 0.6),
        ("=Chi thường xuyên", "=Recurrent spending", 0.5),
        ("=Chi trả nợ lãi các khoản do chính quyền địa phương vay",
         "=Interest payments on local government borrowing", 0.01),
        ("=Chi bổ sung quỹ dự trữ tài chính", "=Transfers to the financial reserve fund", 0.01),
    ), L(
        ("=Chi ngân sách cấp tỉnh", "=Provincial-level budget expenditure", 0.7),
        ("=Chi ngân sách cấp huyện", "=District-level budget expenditure", 0.4),
        ("=Chi ngân sách cấp xã", "=Commune-level budget expenditure", 0.1),
    )]),
    core("Chi thường xuyên", by=[RECURRENT_SPENDING]),
    Fam("Tỷ lệ chi ngân sách địa phương so với dự toán", "Local budget expenditure against the annual estimate",
        "%", "ratio", "last", "neutral", "month", "STC", 0, 300),
    stock("Dư nợ vay của chính quyền địa phương", "Outstanding local government debt", "tỷ đồng", "STC",
          20_000, dir="down"),
    flow("Số dự án quyết toán vốn đầu tư hoàn thành được phê duyệt",
         "Completed investment projects with approved final accounts", "dự án", "STC", 5_000, freq="half"),
    flow("Giá trị giảm trừ qua thẩm tra quyết toán dự án hoàn thành",
         "Reductions made when auditing final accounts of completed projects", "tỷ đồng", "STC", 5_000,
         freq="quarter"),
    flow("Số tiền hoàn thuế giá trị gia tăng", "Value added tax refunded", "tỷ đồng", "CTHUE", 100_000),
    stock("Tổng số tiền nợ thuế", "Total tax arrears", "tỷ đồng", "CTHUE", 50_000, freq="month", dir="down"),
    stock("Số doanh nghiệp đang hoạt động nộp thuế", "Operating enterprises filing tax", "doanh nghiệp", "CTHUE",
          250_000, rep="SKHDT"),
    stock("Số hộ, cá nhân kinh doanh nộp thuế", "Household businesses and individuals paying tax", "hộ",
          "CTHUE", 500_000),
    pct("Tỷ lệ doanh nghiệp kê khai thuế điện tử", "Share of enterprises filing tax returns electronically",
        "CTHUE", freq="half", rep="STTTT"),
    pct("Tỷ lệ doanh nghiệp sử dụng hóa đơn điện tử", "Share of enterprises using electronic invoices",
        "CTHUE", freq="half", rep="STTTT"),
    flow("Số cuộc thanh tra, kiểm tra thuế tại trụ sở người nộp thuế",
         "Tax inspections and audits at taxpayers' premises", "cuộc", "CTHUE", 10_000),
    flow("Số tiền thuế truy thu, truy hoàn và phạt qua thanh tra, kiểm tra",
         "Tax arrears, refunds recovered and penalties from inspections and audits", "tỷ đồng", "CTHUE", 10_000),
    # banking
    stock("Tổng nguồn vốn huy động của các tổ chức tín dụng trên địa bàn",
          "Total funds mobilised by credit institutions in the province", "tỷ đồng", "NHNN", 1_500_000,
          freq="month", by=[L(
              ("=Tiền gửi của tổ chức kinh tế tại các tổ chức tín dụng",
               "=Deposits of economic organisations at credit institutions", 0.6),
              ("=Tiền gửi tiết kiệm của dân cư tại các tổ chức tín dụng",
               "=Household savings deposits at credit institutions", 0.6),
              ("=Vốn huy động bằng ngoại tệ của các tổ chức tín dụng",
               "=Foreign-currency funds mobilised by credit institutions", 0.2),
          )]),
    growth("Tốc độ tăng vốn huy động so với cuối năm trước",
           "Growth of mobilised funds versus the end of the previous year", "NHNN", lo=-30, hi=100),
    stock("Tổng dư nợ cho vay của các tổ chức tín dụng trên địa bàn",
          "Total outstanding loans of credit institutions in the province", "tỷ đồng", "NHNN", 1_500_000,
          freq="month", by=[L(
              ("=Dư nợ cho vay ngắn hạn của các tổ chức tín dụng", "=Outstanding short-term loans", 0.6),
              ("=Dư nợ cho vay trung hạn và dài hạn của các tổ chức tín dụng",
               "=Outstanding medium- and long-term loans", 0.6),
              ("=Dư nợ cho vay nông nghiệp, nông thôn", "=Outstanding loans for agriculture and rural areas", 0.1),
              ("=Dư nợ cho vay doanh nghiệp nhỏ và vừa", "=Outstanding loans to small and medium enterprises", 0.3),
              ("=Dư nợ cho vay xuất khẩu", "=Outstanding export loans", 0.2),
              ("=Dư nợ cho vay nhà ở xã hội", "=Outstanding social housing loans", 0.02),
          )]),
    growth("Tốc độ tăng dư nợ tín dụng so với cuối năm trước",
           "Credit growth versus the end of the previous year", "NHNN", lo=-30, hi=100),
    pct("Tỷ lệ nợ xấu của các tổ chức tín dụng trên địa bàn",
        "Non-performing loan ratio of credit institutions in the province", "NHNN", freq="month", dir="down"),
    stock("Dư nợ cho vay chính sách xã hội", "Outstanding social policy loans", "tỷ đồng", "NHNN", 25_000,
          freq="month", rep="SLDTBXH"),
    avg("Lãi suất cho vay ngắn hạn bình quân", "Average short-term lending rate", "%/năm", "NHNN", 30,
        freq="month", dir="down"),
    avg("Lãi suất huy động kỳ hạn 12 tháng bình quân", "Average 12-month deposit rate", "%/năm", "NHNN", 20,
        freq="month", dir="neutral"),
    stock("Số tổ chức tín dụng và chi nhánh hoạt động trên địa bàn",
          "Credit institutions and branches operating in the province", "tổ chức", "NHNN", 500),
    stock("Số phòng giao dịch ngân hàng", "Bank transaction offices", "phòng giao dịch", "NHNN", 2_000),
    stock("Số máy giao dịch tự động (ATM)", "Automated teller machines (ATM)", "máy", "NHNN", 5_000),
    stock("Số thiết bị chấp nhận thanh toán thẻ (POS)", "Card payment terminals (POS)", "máy", "NHNN", 200_000),
    stock("Số quỹ tín dụng nhân dân", "People's credit funds", "quỹ", "NHNN", 50),
    flow("Giá trị thanh toán không dùng tiền mặt qua ngân hàng", "Value of non-cash payments through banks",
         "tỷ đồng", "NHNN", 50_000_000, rep="STTTT"),
]

# --- DN: investment and enterprises -----------------------------------------------------
NEW_ENT_TYPE = L(
    ("=Số doanh nghiệp tư nhân thành lập mới", "=Newly registered private enterprises", 0.2),
    ("=Số công ty trách nhiệm hữu hạn thành lập mới", "=Newly registered limited liability companies", 1.0),
    ("=Số công ty cổ phần thành lập mới", "=Newly registered joint-stock companies", 0.4),
)
NEW_ENT_SECTOR = L(
    (" ngành công nghiệp chế biến, chế tạo", " in manufacturing", 0.4),
    (" ngành xây dựng", " in construction", 0.2),
    (" ngành bán buôn, bán lẻ, sửa chữa ô tô, xe máy", " in wholesale, retail and vehicle repair", 0.5),
    (" ngành vận tải, kho bãi", " in transport and storage", 0.1),
    (" ngành kinh doanh bất động sản", " in real estate", 0.1),
    (" ngành dịch vụ lưu trú và ăn uống", " in accommodation and food services", 0.1),
)
CATALOGUE["DN"] = [
    core("DN.001", vi="Số doanh nghiệp thành lập mới{x}", by=[NEW_ENT_TYPE, NEW_ENT_SECTOR, "yoyw"]),
    core("DN.002", by=[L(
        ("=Vốn đăng ký của doanh nghiệp thành lập mới ngành công nghiệp chế biến, chế tạo",
         "=Registered capital of newly registered manufacturing enterprises", 0.5),
        ("=Vốn đăng ký của doanh nghiệp thành lập mới ngành kinh doanh bất động sản",
         "=Registered capital of newly registered real estate enterprises", 0.5),
    ), "yoyw"]),
    ratio("Vốn đăng ký bình quân một doanh nghiệp thành lập mới",
          "Average registered capital per newly registered enterprise", "tỷ đồng/doanh nghiệp", "SKHDT", 500,
          freq="month"),
    flow("Số doanh nghiệp đăng ký thay đổi tăng vốn", "Enterprises registering a capital increase",
         "doanh nghiệp", "SKHDT", 10_000),
    flow("Vốn đăng ký tăng thêm của doanh nghiệp đang hoạt động",
         "Additional registered capital of operating enterprises", "tỷ đồng", "SKHDT", 300_000),
    flow("Số doanh nghiệp quay trở lại hoạt động", "Enterprises resuming operations", "doanh nghiệp",
         "SKHDT", 10_000),
    flow("Số doanh nghiệp tạm ngừng kinh doanh có thời hạn", "Enterprises temporarily suspending business",
         "doanh nghiệp", "SKHDT", 15_000, dir="down"),
    flow("Số doanh nghiệp ngừng hoạt động chờ làm thủ tục giải thể",
         "Enterprises ceasing operations pending dissolution", "doanh nghiệp", "SKHDT", 10_000, dir="down"),
    flow("Số doanh nghiệp đã hoàn tất thủ tục giải thể", "Enterprises dissolved", "doanh nghiệp", "SKHDT",
         5_000, dir="down"),
    stock("Số doanh nghiệp{x} đang hoạt động", "Operating enterprises", "doanh nghiệp", "SKHDT", 250_000,
          rep="CTHUE", by=[L(
              (" nhà nước", "^State-owned ", 0.01),
              (" ngoài nhà nước", "^Non-state ", 1.0),
              (" có vốn đầu tư nước ngoài", "^Foreign-invested ", 0.2),
              (" nhỏ và vừa", "^Small and medium-sized ", 1.0),
          )]),
    flow("Số chi nhánh, văn phòng đại diện, địa điểm kinh doanh đăng ký mới",
         "Newly registered branches, representative offices and business locations", "đơn vị", "SKHDT", 20_000),
    flow("Số hộ kinh doanh đăng ký mới", "Newly registered household businesses", "hộ", "SKHDT", 50_000),
    flow("Số hợp tác xã thành lập mới", "Newly established cooperatives", "hợp tác xã", "SKHDT", 200,
         rep="SNNPTNT"),
    stock("Số hợp tác xã đang hoạt động", "Operating cooperatives", "hợp tác xã", "SKHDT", 1_000,
          rep="SNNPTNT"),
    pct("Tỷ lệ hồ sơ đăng ký doanh nghiệp qua mạng điện tử",
        "Share of business registration dossiers filed online", "SKHDT", freq="month", agg="none", rep="STTTT"),
    flow("Số dự án đầu tư trong nước được chấp thuận chủ trương đầu tư",
         "Domestic investment projects granted investment policy approval", "dự án", "SKHDT", 2_000),
    flow("Vốn đăng ký của dự án đầu tư trong nước cấp mới",
         "Registered capital of new domestic investment projects", "tỷ đồng", "SKHDT", 250_000),
    flow("Số lượt dự án đầu tư trong nước điều chỉnh vốn",
         "Domestic investment projects adjusting their capital", "lượt", "SKHDT", 1_000),
    flow("Vốn đầu tư trong nước điều chỉnh tăng", "Additional domestic investment capital", "tỷ đồng",
         "SKHDT", 200_000),
    flow("Số dự án đầu tư trong nước bị chấm dứt hoạt động",
         "Domestic investment projects terminated", "dự án", "SKHDT", 500, dir="down"),
    stock("Số dự án đầu tư trong nước còn hiệu lực", "Valid domestic investment projects", "dự án",
          "SKHDT", 10_000),
    stock("Tổng vốn đăng ký của dự án đầu tư trong nước còn hiệu lực",
          "Registered capital of valid domestic investment projects", "tỷ đồng", "SKHDT", 2_000_000),
    score("Chỉ số năng lực cạnh tranh cấp tỉnh (PCI)", "Provincial Competitiveness Index (PCI) score", "SKHDT"),
    rank("Xếp hạng Chỉ số năng lực cạnh tranh cấp tỉnh (PCI)",
         "Provincial Competitiveness Index (PCI) rank among 63 provinces", "SKHDT"),
    score("Chỉ số năng lực cạnh tranh cấp sở, ngành và địa phương (DDCI)",
          "Department and District Competitiveness Index (DDCI) score", "SKHDT"),
]

# --- FDI: foreign direct investment ---------------------------------------------------
CATALOGUE["FDI"] = [
    core("FDI.001", vi="Vốn đầu tư trực tiếp nước ngoài thu hút{x} (cấp mới và điều chỉnh)",
         en="Foreign direct investment attracted{x} (new and additional)", rep="BQLKCN", by=[L(
        ("=Vốn đầu tư trực tiếp nước ngoài đăng ký cấp mới", "=Newly registered foreign direct investment", 0.7),
        ("=Vốn đầu tư trực tiếp nước ngoài đăng ký điều chỉnh tăng",
         "=Additional registered foreign direct investment", 0.5),
    ), L(
        ("=Vốn đầu tư trực tiếp nước ngoài thu hút vào các khu công nghiệp",
         "=Foreign direct investment attracted into industrial parks", 0.8, {"rep": ("BQLKCN",)}),
        ("=Vốn đầu tư trực tiếp nước ngoài thu hút ngoài các khu công nghiệp",
         "=Foreign direct investment attracted outside industrial parks", 0.5),
    ), L(
        (" vào ngành công nghiệp chế biến, chế tạo", " into manufacturing", 0.8),
        (" vào ngành kinh doanh bất động sản", " into real estate", 0.3),
        (" vào ngành bán buôn, bán lẻ", " into wholesale and retail trade", 0.1),
        (" vào ngành vận tải, kho bãi", " into transport and storage", 0.1),
    ), L(
        (" từ Đài Loan", " from Taiwan", 0.3),
        (" từ Hàn Quốc", " from the Republic of Korea", 0.3),
        (" từ Nhật Bản", " from Japan", 0.3),
        (" từ Singapore", " from Singapore", 0.5),
        (" từ Trung Quốc", " from China", 0.3),
        (" từ Hồng Kông", " from Hong Kong", 0.3),
    ), "yoyw"]),
    flow("Số dự án đầu tư trực tiếp nước ngoài cấp mới", "New foreign direct investment projects", "dự án",
         "SKHDT", 1_000, rep="BQLKCN", by=[L(
             (" trong các khu công nghiệp", " in industrial parks", 0.8, {"owner": "BQLKCN", "rep": ("SKHDT",)}),
             (" ngoài các khu công nghiệp", " outside industrial parks", 0.5),
         )]),
    flow("Số lượt dự án đầu tư trực tiếp nước ngoài điều chỉnh vốn",
         "Foreign direct investment projects adjusting their capital", "lượt", "SKHDT", 1_000, rep="BQLKCN"),
    flow("Số lượt góp vốn, mua cổ phần của nhà đầu tư nước ngoài",
         "Capital contributions and share purchases by foreign investors", "lượt", "SKHDT", 2_000),
    flow("Giá trị góp vốn, mua cổ phần của nhà đầu tư nước ngoài",
         "Value of capital contributions and share purchases by foreign investors", "triệu USD", "SKHDT", 5_000),
    flow("Vốn đầu tư trực tiếp nước ngoài thực hiện", "Realised foreign direct investment", "triệu USD",
         "SKHDT", 15_000, freq="quarter", rep="BQLKCN"),
    flow("Số dự án đầu tư trực tiếp nước ngoài chấm dứt hoạt động",
         "Foreign direct investment projects terminated", "dự án", "SKHDT", 500, dir="down"),
    stock("Số dự án đầu tư trực tiếp nước ngoài còn hiệu lực", "Valid foreign direct investment projects",
          "dự án", "SKHDT", 20_000, freq="month", rep="BQLKCN"),
    stock("Tổng vốn đăng ký của dự án đầu tư trực tiếp nước ngoài còn hiệu lực",
          "Registered capital of valid foreign direct investment projects", "triệu USD", "SKHDT", 200_000,
          freq="month", rep="BQLKCN"),
    stock("Số lao động làm việc trong doanh nghiệp có vốn đầu tư nước ngoài",
          "Workers employed in foreign-invested enterprises", "người", "SKHDT", 3_000_000),
    pct("Tỷ trọng vốn đầu tư trực tiếp nước ngoài thực hiện trong tổng vốn đầu tư thực hiện",
        "Share of realised FDI in total realised investment", "SKHDT", agg="none", dir="neutral"),
    flow("Số dự án đầu tư ra nước ngoài được cấp phép", "Licensed outward investment projects", "dự án",
         "SKHDT", 100, freq="year"),
    flow("Vốn đầu tư ra nước ngoài đăng ký", "Registered outward investment capital", "triệu USD", "SKHDT",
         2_000, freq="year"),
]

# --- CN: industry ---------------------------------------------------------------------
IIP_INDUSTRIES = [
    ("ngành khai khoáng", "mining and quarrying"),
    ("ngành công nghiệp chế biến, chế tạo", "manufacturing"),
    ("ngành sản xuất và phân phối điện, khí đốt, nước nóng, hơi nước và điều hòa không khí",
     "electricity, gas, steam and air-conditioning supply"),
    ("ngành cung cấp nước, hoạt động quản lý và xử lý rác thải, nước thải",
     "water supply, sewerage and waste management"),
    ("ngành sản xuất chế biến thực phẩm", "manufacture of food products"),
    ("ngành sản xuất đồ uống", "manufacture of beverages"),
    ("ngành dệt", "manufacture of textiles"),
    ("ngành sản xuất trang phục", "manufacture of wearing apparel"),
    ("ngành sản xuất da và các sản phẩm có liên quan", "manufacture of leather and related products"),
    ("ngành chế biến gỗ và sản xuất sản phẩm từ gỗ, tre, nứa", "manufacture of wood and wood products"),
    ("ngành sản xuất giấy và sản phẩm từ giấy", "manufacture of paper and paper products"),
    ("ngành sản xuất hóa chất và sản phẩm hóa chất", "manufacture of chemicals and chemical products"),
    ("ngành sản xuất sản phẩm từ cao su và plastic", "manufacture of rubber and plastic products"),
    ("ngành sản xuất kim loại", "manufacture of basic metals"),
    ("ngành sản xuất sản phẩm từ kim loại đúc sẵn", "manufacture of fabricated metal products"),
    ("ngành sản xuất sản phẩm điện tử, máy vi tính và sản phẩm quang học",
     "manufacture of computer, electronic and optical products"),
    ("ngành sản xuất thiết bị điện", "manufacture of electrical equipment"),
    ("ngành sản xuất xe có động cơ", "manufacture of motor vehicles"),
    ("ngành sản xuất giường, tủ, bàn, ghế", "manufacture of furniture"),
]
IIP_BY_INDUSTRY = [B(f"=Chỉ số sản xuất {vi} so với cùng kỳ",
                     f"=Production index of {en} versus same period last year") for vi, en in IIP_INDUSTRIES]
CATALOGUE["CN"] = [
    core("CN.001", by=[IIP_BY_INDUSTRY], rep="SCT"),
    index("Chỉ số sản xuất công nghiệp (IIP) so với tháng trước",
          "Index of industrial production versus the previous month", "CTK"),
    index("Chỉ số tiêu thụ sản phẩm ngành công nghiệp chế biến, chế tạo so với cùng kỳ",
          "Manufacturing sales index versus same period last year", "CTK"),
    index("Chỉ số tồn kho ngành công nghiệp chế biến, chế tạo so với cùng kỳ",
          "Manufacturing inventory index versus same period last year", "CTK", dir="down"),
    pct("Tỷ lệ tồn kho bình quân ngành công nghiệp chế biến, chế tạo", "Average manufacturing inventory ratio",
        "CTK", freq="month", agg="none", dir="down", hi=100),
    index("Chỉ số sử dụng lao động của doanh nghiệp công nghiệp so với cùng kỳ",
          "Employment index of industrial enterprises versus same period last year", "CTK", by=[L(
              ("=Chỉ số sử dụng lao động của doanh nghiệp công nghiệp nhà nước so với cùng kỳ",
               "=Employment index of state-owned industrial enterprises versus same period last year"),
              ("=Chỉ số sử dụng lao động của doanh nghiệp công nghiệp ngoài nhà nước so với cùng kỳ",
               "=Employment index of non-state industrial enterprises versus same period last year"),
              ("=Chỉ số sử dụng lao động của doanh nghiệp công nghiệp có vốn đầu tư nước ngoài so với cùng kỳ",
               "=Employment index of foreign-invested industrial enterprises versus same period last year"),
          )], rep="SLDTBXH"),
    flow("Giá trị sản xuất công nghiệp{x} theo giá hiện hành", "Industrial output value{x} at current prices",
         "tỷ đồng", "CTK", 5_000_000, freq="quarter", by=["kv3"]),
    growth("Tốc độ tăng giá trị tăng thêm ngành công nghiệp", "Growth of industrial value added", "CTK",
           freq="quarter", lo=-30, hi=50),
    pct("Tỷ trọng ngành công nghiệp chế biến, chế tạo trong GRDP", "Share of manufacturing in GRDP", "CTK",
        agg="none"),
    stock("Số lao động làm việc trong ngành công nghiệp", "Workers employed in industry", "nghìn người",
          "CTK", 5_000),
    # main industrial products
    flow("Sản lượng quần áo may sẵn", "Output of ready-made garments", "triệu cái", "CTK", 2_000),
    flow("Sản lượng giày, dép có mũ bằng da", "Output of leather-upper footwear", "triệu đôi", "CTK", 1_000),
    flow("Sản lượng giường, tủ, bàn, ghế bằng gỗ", "Output of wooden furniture", "nghìn chiếc", "CTK", 200_000),
    flow("Sản lượng thức ăn chăn nuôi", "Output of animal feed", "nghìn tấn", "CTK", 20_000),
    flow("Sản lượng sơn và véc ni", "Output of paints and varnishes", "nghìn tấn", "CTK", 2_000),
    flow("Sản lượng gạch ốp lát bằng gốm sứ", "Output of ceramic tiles", "triệu m2", "CTK", 500),
    flow("Sản lượng sắt, thép các loại", "Output of iron and steel", "nghìn tấn", "CTK", 10_000),
    flow("Sản lượng bia các loại", "Output of beer", "triệu lít", "CTK", 5_000),
    flow("Sản lượng nước giải khát không cồn", "Output of non-alcoholic beverages", "triệu lít", "CTK", 5_000),
    flow("Sản lượng bao bì bằng giấy và bìa", "Output of paper and paperboard packaging", "nghìn tấn", "CTK",
         5_000),
    flow("Sản lượng sản phẩm bằng plastic", "Output of plastic products", "nghìn tấn", "CTK", 5_000),
    flow("Sản lượng bê tông trộn sẵn", "Output of ready-mixed concrete", "nghìn m3", "CTK", 20_000),
    flow("Sản lượng sữa và sản phẩm từ sữa", "Output of milk and dairy products", "triệu lít", "CTK", 5_000),
    flow("Sản lượng dây điện và cáp điện", "Output of electric wires and cables", "nghìn tấn", "CTK", 2_000),
    # industrial clusters and support programmes (Department of Industry and Trade)
    stock("Số cụm công nghiệp đã thành lập", "Established industrial clusters", "cụm", "SCT", 50),
    stock("Tổng diện tích các cụm công nghiệp", "Total area of industrial clusters", "ha", "SCT", 2_500),
    pct("Tỷ lệ lấp đầy các cụm công nghiệp", "Occupancy rate of industrial clusters", "SCT", freq="quarter"),
    stock("Số dự án đầu tư trong các cụm công nghiệp", "Investment projects in industrial clusters", "dự án",
          "SCT", 2_000),
    stock("Số cơ sở sản xuất công nghiệp cá thể", "Individual industrial production establishments", "cơ sở",
          "CTK", 100_000),
    stock("Số doanh nghiệp sản xuất sản phẩm công nghiệp hỗ trợ", "Supporting industry enterprises",
          "doanh nghiệp", "SCT", 5_000),
    flow("Số sản phẩm công nghiệp nông thôn tiêu biểu được công nhận",
         "Recognised outstanding rural industrial products", "sản phẩm", "SCT", 200, freq="year"),
    flow("Kinh phí khuyến công", "Industrial extension funding", "triệu đồng", "SCT", 50_000, freq="year"),
    flow("Số cơ sở được hỗ trợ từ chương trình khuyến công",
         "Establishments supported by the industrial extension programme", "cơ sở", "SCT", 500, freq="year"),
    stock("Số cơ sở sản xuất, kinh doanh hóa chất", "Chemical production and trading establishments",
          "cơ sở", "SCT", 5_000),
]

# --- KCN: industrial parks ---------------------------------------------------------
CATALOGUE["KCN"] = [
    stock("Số khu công nghiệp đã được thành lập", "Established industrial parks", "khu", "BQLKCN", 100,
          by=[L(("=Số khu công nghiệp đang hoạt động", "=Operating industrial parks"))]),
    stock("Tổng diện tích các khu công nghiệp đã thành lập", "Total area of established industrial parks", "ha",
          "BQLKCN", 50_000, rep="STNMT"),
    stock("Diện tích đất công nghiệp có thể cho thuê", "Leasable industrial land", "ha", "BQLKCN", 30_000),
    stock("Diện tích đất công nghiệp đã cho thuê", "Industrial land leased", "ha", "BQLKCN", 30_000),
    flow("Diện tích đất công nghiệp cho thuê mới", "Industrial land newly leased", "ha", "BQLKCN", 2_000),
    pct("Tỷ lệ lấp đầy các khu công nghiệp", "Occupancy rate of industrial parks", "BQLKCN", freq="quarter"),
    stock("Số dự án{x} trong các khu công nghiệp còn hiệu lực", "Valid{x} investment projects in industrial parks",
          "dự án", "BQLKCN", 10_000, freq="month", by=[L(
              (" đầu tư trực tiếp nước ngoài", " foreign direct", 0.8),
              (" đầu tư trong nước", " domestic", 0.5),
          )]),
    stock("Vốn đầu tư trực tiếp nước ngoài đăng ký lũy kế trong các khu công nghiệp",
          "Cumulative registered foreign direct investment in industrial parks", "triệu USD", "BQLKCN", 200_000,
          freq="month"),
    stock("Vốn đầu tư trong nước đăng ký lũy kế trong các khu công nghiệp",
          "Cumulative registered domestic investment in industrial parks", "tỷ đồng", "BQLKCN", 500_000,
          freq="month"),
    flow("Số dự án đầu tư trong nước cấp mới trong các khu công nghiệp",
         "New domestic investment projects in industrial parks", "dự án", "BQLKCN", 500),
    flow("Vốn đầu tư trong nước thu hút vào các khu công nghiệp",
         "Domestic investment attracted into industrial parks", "tỷ đồng", "BQLKCN", 200_000, rep="SKHDT"),
    flow("Số lượt dự án trong các khu công nghiệp điều chỉnh vốn",
         "Projects in industrial parks adjusting their capital", "lượt", "BQLKCN", 1_000),
    stock("Số dự án trong các khu công nghiệp đã đi vào hoạt động",
          "Projects in industrial parks in operation", "dự án", "BQLKCN", 10_000),
    stock("Số lao động{x} làm việc trong các khu công nghiệp", "Workers employed in industrial parks", "người",
          "BQLKCN", 2_000_000, freq="quarter", rep="SLDTBXH", by=[L(
              (" nữ", "^Female ", 0.7),
              (" là người nước ngoài", "^Foreign ", 0.05),
          )]),
    flow("Doanh thu của doanh nghiệp trong các khu công nghiệp", "Revenue of enterprises in industrial parks",
         "triệu USD", "BQLKCN", 300_000),
    flow("Số tiền nộp ngân sách nhà nước của doanh nghiệp trong các khu công nghiệp",
         "Budget contributions of enterprises in industrial parks", "tỷ đồng", "BQLKCN", 100_000, rep="CTHUE"),
    pct("Tỷ lệ khu công nghiệp đang hoạt động có nhà máy xử lý nước thải tập trung đạt chuẩn",
        "Share of operating industrial parks with a compliant central wastewater treatment plant", "BQLKCN",
        rep="STNMT"),
    flow("Lượng nước thải được xử lý tại các nhà máy xử lý nước thải tập trung khu công nghiệp",
         "Wastewater treated at industrial park central treatment plants", "nghìn m3", "BQLKCN", 200_000,
         rep="STNMT"),
    flow("Số doanh nghiệp trong khu công nghiệp được kiểm tra về bảo vệ môi trường",
         "Enterprises in industrial parks inspected for environmental protection", "doanh nghiệp", "BQLKCN",
         2_000, freq="quarter", rep="STNMT"),
    flow("Số vụ tranh chấp lao động tập thể, ngừng việc trong các khu công nghiệp",
         "Collective labour disputes and work stoppages in industrial parks", "vụ", "BQLKCN", 200, dir="down",
         rep="SLDTBXH"),
    flow("Số giấy phép lao động cấp cho người nước ngoài làm việc trong các khu công nghiệp",
         "Work permits issued to foreigners working in industrial parks", "giấy phép", "BQLKCN", 20_000,
         rep="SLDTBXH"),
    stock("Diện tích đất khu công nghiệp đã bồi thường, giải phóng mặt bằng",
          "Industrial park land compensated and cleared", "ha", "BQLKCN", 50_000),
    stock("Số khu công nghiệp trong quy hoạch phát triển", "Industrial parks in the development plan", "khu",
          "BQLKCN", 100),
    stock("Số căn hộ lưu trú công nhân tại các khu công nghiệp", "Worker dormitory units in industrial parks",
          "căn", "BQLKCN", 100_000, rep="SXD"),
    flow("Số giấy chứng nhận đăng ký đầu tư được cấp trong các khu công nghiệp",
         "Investment registration certificates issued in industrial parks", "giấy chứng nhận", "BQLKCN", 2_000),
]

# --- TM: trade and services ---------------------------------------------------------
RETAIL_GOODS = L(
    ("=Doanh thu bán lẻ nhóm lương thực, thực phẩm", "=Retail sales of food and foodstuffs", 0.4),
    ("=Doanh thu bán lẻ nhóm hàng may mặc", "=Retail sales of garments", 0.1),
    ("=Doanh thu bán lẻ nhóm đồ dùng, dụng cụ, trang thiết bị gia đình",
     "=Retail sales of household goods and appliances", 0.2),
    ("=Doanh thu bán lẻ nhóm vật phẩm văn hóa, giáo dục", "=Retail sales of cultural and educational goods", 0.05),
    ("=Doanh thu bán lẻ nhóm gỗ và vật liệu xây dựng", "=Retail sales of timber and construction materials", 0.1),
    ("=Doanh thu bán lẻ nhóm ô tô các loại", "=Retail sales of automobiles", 0.1),
    ("=Doanh thu bán lẻ nhóm phương tiện đi lại (trừ ô tô, kể cả phụ tùng)",
     "=Retail sales of other vehicles and parts (excluding automobiles)", 0.1),
    ("=Doanh thu bán lẻ nhóm xăng, dầu các loại", "=Retail sales of petrol and oil", 0.2),
    ("=Doanh thu bán lẻ nhóm nhiên liệu khác (trừ xăng, dầu)",
     "=Retail sales of other fuels (excluding petrol and oil)", 0.05),
    ("=Doanh thu bán lẻ nhóm đá quý, kim loại quý và sản phẩm",
     "=Retail sales of precious stones, precious metals and their products", 0.05),
    ("=Doanh thu bán lẻ nhóm hàng hóa khác", "=Retail sales of other goods", 0.2),
    ("=Doanh thu dịch vụ sửa chữa ô tô, mô tô, xe máy và xe có động cơ khác",
     "=Revenue from repair of motor vehicles and motorcycles", 0.05),
)
CATALOGUE["TM"] = [
    core("TM.001", by=[L(
        ("=Doanh thu bán lẻ hàng hóa", "=Retail sales of goods", 0.8),
        ("=Doanh thu dịch vụ lưu trú, ăn uống", "=Accommodation and food service revenue", 0.2),
        ("=Doanh thu du lịch lữ hành", "=Travel agency and tour operator revenue", 0.02),
        ("=Doanh thu dịch vụ tiêu dùng khác", "=Revenue from other consumer services", 0.2),
    ), "kv3", "yoy"], rep="CTK"),
    core("Doanh thu bán lẻ hàng hóa", by=[RETAIL_GOODS]),
    flow("Doanh thu hoạt động kinh doanh bất động sản", "Real estate business revenue", "tỷ đồng", "CTK",
         100_000, freq="quarter"),
    stock("Số chợ{x} trên địa bàn", "Markets", "chợ", "SCT", 500, by=[L(
        (" hạng 1", "^Class 1 ", 0.1), (" hạng 2", "^Class 2 ", 0.2), (" hạng 3", "^Class 3 ", 1.0),
    )]),
    stock("Số siêu thị", "Supermarkets", "siêu thị", "SCT", 200),
    stock("Số trung tâm thương mại", "Shopping centres", "trung tâm", "SCT", 100),
    stock("Số cửa hàng tiện lợi", "Convenience stores", "cửa hàng", "SCT", 3_000),
    stock("Số cửa hàng bán lẻ xăng dầu", "Petrol retail stations", "cửa hàng", "SCT", 2_000),
    flow("Sản lượng xăng dầu bán ra", "Petroleum products sold", "nghìn m3", "SCT", 5_000),
    stock("Số website thương mại điện tử đã thông báo với cơ quan quản lý",
          "E-commerce websites notified to the authority", "website", "SCT", 20_000, rep="STTTT"),
    stock("Số doanh nghiệp tham gia sàn giao dịch thương mại điện tử",
          "Enterprises selling on e-commerce marketplaces", "doanh nghiệp", "SCT", 50_000, rep="STTTT"),
    pct("Tỷ lệ doanh nghiệp có website hoặc ứng dụng bán hàng trực tuyến",
        "Share of enterprises with a sales website or app", "SCT", rep="STTTT"),
    flow("Số chương trình xúc tiến thương mại được tổ chức", "Trade promotion programmes held", "chương trình",
         "SCT", 200, freq="quarter"),
    flow("Số lượt doanh nghiệp tham gia chương trình xúc tiến thương mại",
         "Enterprise participations in trade promotion programmes", "lượt", "SCT", 5_000, freq="quarter"),
    flow("Số vụ kiểm tra của lực lượng quản lý thị trường", "Inspections by the market surveillance force", "vụ",
         "SCT", 10_000),
    flow("Số vụ vi phạm về buôn lậu, gian lận thương mại và hàng giả bị xử lý",
         "Smuggling, trade fraud and counterfeiting violations handled", "vụ", "SCT", 5_000, dir="down",
         rep="CA", by=[L(
             ("=Số vụ buôn lậu, vận chuyển hàng cấm bị xử lý", "=Smuggling and contraband cases handled", 0.5),
             ("=Số vụ gian lận thương mại bị xử lý", "=Trade fraud cases handled", 1.0),
             ("=Số vụ kinh doanh hàng giả, hàng xâm phạm quyền sở hữu trí tuệ bị xử lý",
              "=Counterfeit and IP-infringing goods cases handled", 0.5),
         )]),
    flow("Số tiền xử phạt vi phạm hành chính của lực lượng quản lý thị trường",
         "Administrative fines imposed by the market surveillance force", "triệu đồng", "SCT", 200_000),
    flow("Giá trị hàng hóa vi phạm bị tịch thu, tiêu hủy", "Value of infringing goods confiscated or destroyed",
         "triệu đồng", "SCT", 200_000),
    avg("Giá xăng RON 95-III bình quân", "Average price of RON 95-III petrol", "đồng/lít", "STC", 50_000,
        freq="month", dir="neutral"),
    avg("Giá dầu diesel 0,05S bình quân", "Average price of 0.05S diesel", "đồng/lít", "STC", 50_000,
        freq="month", dir="neutral"),
    avg("Giá thịt lợn hơi bình quân", "Average live pig price", "đồng/kg", "STC", 150_000, freq="month",
        dir="neutral", rep="SNNPTNT"),
    avg("Giá gạo tẻ thường bình quân", "Average price of ordinary rice", "đồng/kg", "STC", 50_000,
        freq="month", dir="neutral"),
    avg("Giá vàng 99,99% bình quân", "Average price of 99.99% gold", "triệu đồng/lượng", "STC", 300,
        freq="month", dir="neutral"),
    stock("Số điểm bán hàng bình ổn thị trường", "Price stabilisation sales points", "điểm bán", "SCT", 2_000),
    flow("Giá trị hàng hóa tham gia chương trình bình ổn thị trường",
         "Value of goods in the price stabilisation programme", "tỷ đồng", "SCT", 20_000, freq="year"),
    flow("Số phiên chợ đưa hàng Việt về nông thôn, khu công nghiệp",
         "Vietnamese-goods fairs held in rural areas and industrial parks", "phiên", "SCT", 100, freq="year"),
    flow("Số giấy phép bán lẻ rượu được cấp", "Alcohol retail licences issued", "giấy phép", "SCT", 2_000),
    flow("Số giấy phép bán lẻ sản phẩm thuốc lá được cấp", "Tobacco retail licences issued", "giấy phép",
         "SCT", 2_000),
    flow("Số giấy chứng nhận cửa hàng đủ điều kiện bán lẻ xăng dầu được cấp",
         "Petrol retail station eligibility certificates issued", "giấy chứng nhận", "SCT", 1_000),
]

# --- XNK: exports and imports ------------------------------------------------------
CATALOGUE["XNK"] = [
    core("XNK.001", by=["kv2", "xk_hang", "xk_tt", "kcn_dn", "yoy"], rep="BQLKCN"),
    core("XNK.002", by=["kv2", "nk_hang", "nk_tt", "kcn_dn", "yoy"], rep="BQLKCN"),
    flow("Tổng kim ngạch xuất nhập khẩu hàng hóa", "Total merchandise trade turnover", "triệu USD", "SCT",
         250_000),
    flow("Giá trị xuất siêu hàng hóa", "Merchandise trade surplus", "triệu USD", "SCT", 50_000),
    pct("Tỷ trọng kim ngạch xuất khẩu của khu vực có vốn đầu tư nước ngoài",
        "Share of the foreign-invested sector in export turnover", "SCT", freq="month", agg="none",
        dir="neutral"),
    ratio("Kim ngạch xuất khẩu bình quân đầu người", "Export turnover per capita", "USD/người", "SCT", 50_000),
    stock("Số doanh nghiệp có hoạt động xuất khẩu", "Exporting enterprises", "doanh nghiệp", "SCT", 20_000),
    stock("Số doanh nghiệp có hoạt động nhập khẩu", "Importing enterprises", "doanh nghiệp", "SCT", 20_000),
    flow("Số bộ giấy chứng nhận xuất xứ hàng hóa (C/O) ưu đãi được cấp",
         "Preferential certificates of origin (C/O) issued", "bộ", "SCT", 500_000),
    flow("Trị giá hàng hóa xuất khẩu được cấp giấy chứng nhận xuất xứ ưu đãi",
         "Value of exports covered by preferential certificates of origin", "triệu USD", "SCT", 50_000),
    flow("Khối lượng hạt điều xuất khẩu", "Cashew nut export volume", "tấn", "SCT", 500_000),
    flow("Khối lượng cao su xuất khẩu", "Natural rubber export volume", "tấn", "SCT", 500_000),
    flow("Khối lượng gỗ và sản phẩm gỗ xuất khẩu quy đổi", "Export volume of wood and wood products (equivalent)",
         "nghìn m3", "SCT", 20_000),
]


# --- NN: agriculture and rural development ------------------------------------------
CATALOGUE["NN"] = [
    flow("Giá trị sản xuất nông, lâm nghiệp và thủy sản theo giá hiện hành",
         "Gross output of agriculture, forestry and fishery at current prices", "tỷ đồng", "SNNPTNT", 100_000,
         freq="quarter", rep="CTK", by=[L(
             ("=Giá trị sản xuất ngành nông nghiệp", "=Gross output of agriculture", 0.95),
             ("=Giá trị sản xuất ngành lâm nghiệp", "=Gross output of forestry", 0.1),
             ("=Giá trị sản xuất ngành thủy sản", "=Gross output of fishery", 0.1),
         )]),
    ratio("Giá trị sản phẩm thu được trên một héc ta đất trồng trọt",
          "Output value per hectare of cultivated land", "triệu đồng/ha", "SNNPTNT", 2_000),
    stock("Diện tích gieo trồng cây hằng năm", "Sown area of annual crops", "ha", "SNNPTNT", 50_000,
          freq="quarter", by=[L(
              ("=Diện tích gieo trồng lúa", "=Sown area of rice", 0.5),
              ("=Diện tích gieo trồng ngô", "=Sown area of maize", 0.2),
              ("=Diện tích gieo trồng rau, đậu các loại", "=Sown area of vegetables and beans", 0.5),
              ("=Diện tích gieo trồng sắn (khoai mì)", "=Sown area of cassava", 0.2),
          )]),
    stock("Diện tích cây lâu năm hiện có", "Area under perennial crops", "ha", "SNNPTNT", 750_000, by=[L(
        ("=Diện tích cây cao su hiện có", "=Area under rubber", 0.9),
        ("=Diện tích cây ăn quả hiện có", "=Area under fruit trees", 0.2),
        ("=Diện tích cây điều hiện có", "=Area under cashew", 0.1),
        ("=Diện tích cây hồ tiêu hiện có", "=Area under black pepper", 0.05),
    )]),
    flow("Sản lượng mủ cao su khai thác", "Natural rubber latex output", "tấn", "SNNPTNT", 1_000_000,
         freq="quarter"),
    flow("Sản lượng lúa", "Paddy output", "tấn", "SNNPTNT", 200_000, freq="quarter"),
    flow("Sản lượng cây ăn quả", "Fruit output", "tấn", "SNNPTNT", 1_000_000, freq="quarter"),
    flow("Sản lượng rau các loại", "Vegetable output", "tấn", "SNNPTNT", 500_000, freq="quarter"),
    flow("Sản lượng hạt điều", "Cashew nut output", "tấn", "SNNPTNT", 50_000, freq="year"),
    stock("Tổng đàn lợn", "Pig herd", "con", "SNNPTNT", 5_000_000, freq="quarter"),
    stock("Tổng đàn gia cầm", "Poultry flock", "nghìn con", "SNNPTNT", 75_000, freq="quarter"),
    stock("Tổng đàn bò", "Cattle herd", "con", "SNNPTNT", 300_000, freq="quarter"),
    stock("Tổng đàn trâu", "Buffalo herd", "con", "SNNPTNT", 50_000, freq="quarter"),
    flow("Sản lượng thịt hơi xuất chuồng", "Live-weight meat output", "tấn", "SNNPTNT", 2_000_000,
         freq="quarter", by=[L(
             ("=Sản lượng thịt lợn hơi xuất chuồng", "=Live-weight pork output", 0.7),
             ("=Sản lượng thịt gia cầm hơi xuất chuồng", "=Live-weight poultry meat output", 0.5),
             ("=Sản lượng thịt bò hơi xuất chuồng", "=Live-weight beef output", 0.1),
         )]),
    flow("Sản lượng trứng gia cầm", "Poultry egg output", "nghìn quả", "SNNPTNT", 2_000_000, freq="quarter"),
    stock("Số trang trại chăn nuôi", "Livestock farms", "trang trại", "SNNPTNT", 5_000),
    stock("Số cơ sở chăn nuôi được chứng nhận an toàn dịch bệnh",
          "Livestock establishments certified disease-free", "cơ sở", "SNNPTNT", 2_000),
    flow("Số ổ dịch tả lợn châu Phi", "African swine fever outbreaks", "ổ dịch", "SNNPTNT", 500, dir="down"),
    flow("Số con lợn tiêu hủy do bệnh dịch tả lợn châu Phi", "Pigs culled because of African swine fever", "con",
         "SNNPTNT", 200_000, dir="down"),
    flow("Số ổ dịch cúm gia cầm", "Avian influenza outbreaks", "ổ dịch", "SNNPTNT", 200, dir="down"),
    flow("Số ổ dịch lở mồm long móng gia súc", "Foot-and-mouth disease outbreaks", "ổ dịch", "SNNPTNT", 200,
         dir="down"),
    flow("Số liều vắc xin tiêm phòng cho gia súc, gia cầm", "Vaccine doses given to livestock and poultry",
         "liều", "SNNPTNT", 50_000_000),
    flow("Sản lượng thủy sản", "Fishery output", "tấn", "SNNPTNT", 50_000, freq="quarter", by=[L(
        ("=Sản lượng thủy sản nuôi trồng", "=Aquaculture output", 1.0),
        ("=Sản lượng thủy sản khai thác", "=Capture fishery output", 0.2),
    )]),
    stock("Diện tích nuôi trồng thủy sản", "Aquaculture area", "ha", "SNNPTNT", 5_000),
    stock("Diện tích rừng hiện có", "Forest area", "ha", "SNNPTNT", 50_000),
    pct("Tỷ lệ che phủ rừng", "Forest cover rate", "SNNPTNT"),
    pct("Tỷ lệ che phủ cây xanh", "Tree cover rate", "SNNPTNT"),
    flow("Diện tích rừng trồng mới tập trung", "Newly planted concentrated forest", "ha", "SNNPTNT", 2_000,
         freq="year"),
    flow("Sản lượng gỗ khai thác", "Timber harvested", "m3", "SNNPTNT", 500_000, freq="quarter"),
    flow("Số vụ cháy rừng", "Forest fires", "vụ", "SNNPTNT", 100, dir="down"),
    flow("Số vụ vi phạm pháp luật về lâm nghiệp bị phát hiện", "Forestry law violations detected", "vụ",
         "SNNPTNT", 500, dir="down"),
    stock("Diện tích được tưới tiêu chủ động từ công trình thủy lợi",
          "Area actively irrigated and drained by irrigation works", "ha", "SNNPTNT", 100_000),
    stock("Số công trình thủy lợi", "Irrigation works", "công trình", "SNNPTNT", 500),
    stock("Số xã đạt chuẩn nông thôn mới", "Communes meeting the new rural standard", "xã", "SNNPTNT", 100,
          by=[L(
              ("=Số xã đạt chuẩn nông thôn mới nâng cao", "=Communes meeting the advanced new rural standard", 1.0),
              ("=Số xã đạt chuẩn nông thôn mới kiểu mẫu", "=Communes meeting the model new rural standard", 1.0),
          )]),
    pct("Tỷ lệ xã đạt chuẩn nông thôn mới", "Share of communes meeting the new rural standard", "SNNPTNT"),
    stock("Số đơn vị cấp huyện hoàn thành nhiệm vụ xây dựng nông thôn mới",
          "District-level units that have completed the new rural development programme", "đơn vị", "SNNPTNT", 20),
    ratio("Số tiêu chí nông thôn mới bình quân đạt được mỗi xã",
          "Average number of new rural criteria met per commune", "tiêu chí/xã", "SNNPTNT", 19),
    stock("Số sản phẩm OCOP được công nhận", "Recognised OCOP products", "sản phẩm", "SNNPTNT", 1_000, by=[L(
        ("=Số sản phẩm OCOP đạt 3 sao", "=Three-star OCOP products"),
        ("=Số sản phẩm OCOP đạt 4 sao", "=Four-star OCOP products", 0.5),
        ("=Số sản phẩm OCOP đạt 5 sao", "=Five-star OCOP products", 0.1),
    )]),
    pct("Tỷ lệ dân cư nông thôn sử dụng nước sạch đạt quy chuẩn",
        "Share of rural residents using clean water meeting the standard", "SNNPTNT"),
    pct("Tỷ lệ dân cư nông thôn sử dụng nước hợp vệ sinh", "Share of rural residents using hygienic water",
        "SNNPTNT"),
    avg("Thu nhập bình quân đầu người khu vực nông thôn", "Average income per capita in rural areas",
        "triệu đồng/năm", "SNNPTNT", 300, rep="CTK"),
    stock("Số hợp tác xã nông nghiệp đang hoạt động", "Operating agricultural cooperatives", "hợp tác xã",
          "SNNPTNT", 500),
    stock("Số tổ hợp tác sản xuất nông nghiệp", "Agricultural cooperative groups", "tổ", "SNNPTNT", 1_000),
    stock("Diện tích sản xuất nông nghiệp ứng dụng công nghệ cao", "High-tech agricultural production area",
          "ha", "SNNPTNT", 50_000),
    stock("Diện tích sản xuất đạt chứng nhận VietGAP và tương đương",
          "Production area certified VietGAP or equivalent", "ha", "SNNPTNT", 20_000),
    stock("Số mã số vùng trồng được cấp", "Growing area codes issued", "mã số", "SNNPTNT", 500),
    flow("Giá trị thiệt hại do thiên tai", "Damage caused by natural disasters", "triệu đồng", "SNNPTNT",
         1_000_000, dir="down"),
    flow("Số người chết, mất tích do thiên tai", "People dead or missing due to natural disasters", "người",
         "SNNPTNT", 100, dir="down"),
    flow("Số nhà bị sập, tốc mái do thiên tai", "Houses collapsed or unroofed by natural disasters", "căn",
         "SNNPTNT", 10_000, dir="down"),
    flow("Diện tích cây trồng bị thiệt hại do thiên tai", "Crop area damaged by natural disasters", "ha",
         "SNNPTNT", 20_000, dir="down"),
    flow("Số mẫu nông sản được kiểm tra an toàn thực phẩm", "Agricultural product samples tested for food safety",
         "mẫu", "SNNPTNT", 20_000, freq="quarter"),
]

# --- GT: transport -----------------------------------------------------------------
CATALOGUE["GT"] = [
    flow("Khối lượng hàng hóa vận chuyển", "Freight carried", "nghìn tấn", "SGTVT", 500_000, rep="CTK", by=[L(
        (" bằng đường bộ", " by road", 1.0),
        (" bằng đường thủy nội địa", " by inland waterway", 0.2),
    )]),
    flow("Khối lượng hàng hóa luân chuyển", "Freight turnover", "triệu tấn.km", "SGTVT", 50_000, rep="CTK"),
    flow("Số lượt hành khách vận chuyển", "Passengers carried", "nghìn lượt khách", "SGTVT", 500_000, rep="CTK",
         by=[L((" bằng đường bộ", " by road", 1.0), (" bằng đường thủy nội địa", " by inland waterway", 0.05))]),
    flow("Số lượt hành khách luân chuyển", "Passenger turnover", "triệu lượt khách.km", "SGTVT", 50_000,
         rep="CTK"),
    flow("Doanh thu vận tải, kho bãi và dịch vụ hỗ trợ vận tải",
         "Revenue of transport, storage and transport support services", "tỷ đồng", "CTK", 300_000, by=[L(
             ("=Doanh thu vận tải hành khách", "=Passenger transport revenue", 0.2),
             ("=Doanh thu vận tải hàng hóa", "=Freight transport revenue", 0.6),
             ("=Doanh thu kho bãi và dịch vụ hỗ trợ vận tải", "=Storage and transport support services revenue",
              0.4),
         )]),
    stock("Số tuyến xe buýt đang hoạt động", "Bus routes in operation", "tuyến", "SGTVT", 100),
    flow("Số lượt hành khách đi xe buýt", "Bus passenger trips", "lượt khách", "SGTVT", 50_000_000),
    flow("Số phương tiện giao thông đăng ký mới", "Newly registered vehicles", "phương tiện", "CA", 1_000_000,
         rep="SGTVT", by=[L(
             ("=Số ô tô đăng ký mới", "=Newly registered cars", 0.3),
             ("=Số mô tô, xe máy đăng ký mới", "=Newly registered motorcycles", 1.0),
         )]),
    stock("Số ô tô đang được quản lý", "Cars on the register", "chiếc", "CA", 2_000_000),
    stock("Số mô tô, xe máy đang được quản lý", "Motorcycles on the register", "chiếc", "CA", 10_000_000),
    flow("Số giấy phép lái xe được cấp", "Driving licences issued", "giấy phép", "SGTVT", 500_000, by=[L(
        ("=Số giấy phép lái xe cấp mới", "=New driving licences issued", 1.0),
        ("=Số giấy phép lái xe cấp đổi", "=Driving licences renewed or exchanged", 1.0),
    )]),
    flow("Số lượt phương tiện cơ giới đường bộ được kiểm định", "Road motor vehicle inspections", "lượt",
         "SGTVT", 2_000_000),
    stock("Tổng chiều dài đường bộ", "Total road length", "km", "SGTVT", 20_000, by=[L(
        ("=Chiều dài quốc lộ", "=National road length", 0.1),
        ("=Chiều dài đường tỉnh", "=Provincial road length", 0.1),
        ("=Chiều dài đường huyện", "=District road length", 0.2),
        ("=Chiều dài đường đô thị", "=Urban road length", 0.5),
        ("=Chiều dài đường giao thông nông thôn", "=Rural road length", 0.5),
    )]),
    pct("Tỷ lệ đường giao thông nông thôn được cứng hóa", "Share of rural roads with hard surface", "SGTVT"),
    stock("Chiều dài tuyến đường thủy nội địa đang quản lý", "Inland waterways under management", "km", "SGTVT",
          1_000),
    stock("Số cảng, bến thủy nội địa", "Inland waterway ports and wharves", "cảng, bến", "SGTVT", 200),
    flow("Khối lượng hàng hóa thông qua cảng, bến thủy nội địa",
         "Cargo handled at inland waterway ports and wharves", "nghìn tấn", "SGTVT", 100_000),
    flow("Sản lượng container thông qua các cảng cạn (ICD)", "Container throughput at inland container depots",
         "TEU", "SGTVT", 5_000_000),
    stock("Số trung tâm logistics đang hoạt động", "Logistics centres in operation", "trung tâm", "SGTVT", 100,
          rep="SCT"),
    flow("Số vụ vi phạm trật tự an toàn giao thông do thanh tra giao thông xử lý",
         "Traffic violations handled by transport inspectors", "vụ", "SGTVT", 100_000, dir="down"),
    flow("Số tiền xử phạt vi phạm hành chính của thanh tra giao thông",
         "Administrative fines imposed by transport inspectors", "triệu đồng", "SGTVT", 200_000),
    flow("Số phương tiện vi phạm tải trọng bị xử lý", "Overloaded vehicles penalised", "phương tiện", "SGTVT",
         50_000, dir="down", rep="CA"),
    stock("Số dự án giao thông trọng điểm đang triển khai", "Key transport projects under way", "dự án",
          "SGTVT", 50),
    flow("Giá trị giải ngân vốn đầu tư công các dự án giao thông",
         "Public investment disbursed on transport projects", "tỷ đồng", "SGTVT", 50_000, rep="SKHDT"),
    stock("Số doanh nghiệp kinh doanh vận tải", "Transport enterprises", "doanh nghiệp", "SGTVT", 5_000),
    stock("Số phương tiện kinh doanh vận tải được cấp phù hiệu",
          "Commercial transport vehicles holding an operating badge", "phương tiện", "SGTVT", 200_000),
    stock("Số bến xe khách đang hoạt động", "Coach stations in operation", "bến xe", "SGTVT", 100),
    flow("Số lượt xe xuất bến tại các bến xe khách", "Coach departures from coach stations", "lượt xe", "SGTVT",
         2_000_000),
    pct("Tỷ lệ xe khách, xe tải lắp thiết bị giám sát hành trình",
        "Share of coaches and trucks fitted with journey monitoring devices", "SGTVT"),
]

# --- XD: construction, urban development and housing ---------------------------------
CATALOGUE["XD"] = [
    flow("Giá trị sản xuất xây dựng{x} theo giá hiện hành", "Construction output{x} at current prices", "tỷ đồng",
         "CTK", 500_000, freq="quarter", rep="SXD", by=["kv3"]),
    index("Chỉ số giá xây dựng công trình", "Construction price index", "SXD", freq="quarter", dir="neutral"),
    flow("Diện tích sàn nhà ở{x} xây dựng mới", "Floor area of new{x} housing", "m2", "SXD", 25_000_000,
         freq="quarter", rep="CTK", by=[L(
             (" riêng lẻ", " individual", 1.0),
             (" thương mại", " commercial", 0.5),
             (" xã hội", " social", 0.2),
         )]),
    ratio("Diện tích nhà ở bình quân đầu người", "Housing floor area per capita", "m2/người", "SXD", 100,
          by=["urban"]),
    flow("Số căn nhà ở xã hội hoàn thành", "Social housing units completed", "căn", "SXD", 50_000,
         freq="quarter"),
    stock("Số dự án nhà ở xã hội đang triển khai", "Social housing projects under way", "dự án", "SXD", 200),
    stock("Số dự án nhà ở thương mại đang triển khai", "Commercial housing projects under way", "dự án", "SXD",
          500),
    flow("Số căn hộ nhà ở thương mại hoàn thành", "Commercial housing units completed", "căn", "SXD", 100_000,
         freq="quarter"),
    flow("Số giấy phép xây dựng được cấp", "Building permits issued", "giấy phép", "SXD", 100_000,
         by=[L(("=Số giấy phép xây dựng nhà ở riêng lẻ được cấp", "=Building permits issued for individual houses",
                1.0))]),
    pct("Tỷ lệ đô thị hóa", "Urbanisation rate", "SXD"),
    stock("Số đô thị trên địa bàn", "Designated urban centres", "đô thị", "SXD", 50, by=[L(
        ("=Số đô thị loại I", "=Class I urban centres"),
        ("=Số đô thị loại II", "=Class II urban centres"),
        ("=Số đô thị loại III", "=Class III urban centres"),
        ("=Số đô thị loại IV", "=Class IV urban centres"),
        ("=Số đô thị loại V", "=Class V urban centres"),
    )]),
    pct("Tỷ lệ phủ kín quy hoạch phân khu đô thị", "Coverage of urban zoning plans", "SXD"),
    pct("Tỷ lệ phủ kín quy hoạch chung xây dựng xã", "Coverage of commune general construction plans", "SXD"),
    flow("Số đồ án quy hoạch xây dựng được phê duyệt", "Construction planning schemes approved", "đồ án", "SXD",
         500, freq="quarter"),
    flow("Số công trình xây dựng được kiểm tra trật tự xây dựng", "Construction works checked for compliance",
         "công trình", "SXD", 20_000),
    flow("Số công trình vi phạm trật tự xây dựng", "Construction works violating building regulations",
         "công trình", "SXD", 10_000, dir="down"),
    flow("Số tiền xử phạt vi phạm hành chính trong lĩnh vực xây dựng",
         "Administrative fines in the construction sector", "triệu đồng", "SXD", 100_000),
    avg("Giá thép xây dựng bình quân", "Average price of construction steel", "đồng/kg", "SXD", 50_000,
        freq="month", dir="neutral"),
    avg("Giá cát xây dựng bình quân", "Average price of construction sand", "đồng/m3", "SXD", 2_000_000,
        freq="month", dir="neutral"),
    avg("Giá xi măng bình quân", "Average price of cement", "đồng/tấn", "SXD", 5_000_000, freq="month",
        dir="neutral"),
    flow("Số dự án bất động sản được chấp thuận chủ trương đầu tư",
         "Real estate projects granted investment policy approval", "dự án", "SXD", 200, freq="quarter",
         rep="SKHDT"),
    flow("Số giao dịch bất động sản thành công", "Completed real estate transactions", "giao dịch", "SXD",
         500_000, freq="quarter"),
    ratio("Diện tích cây xanh công cộng bình quân đầu người khu vực đô thị",
          "Public green space per urban resident", "m2/người", "SXD", 50),
    pct("Tỷ lệ đường đô thị được chiếu sáng", "Share of urban roads with street lighting", "SXD"),
    pct("Tỷ lệ nước thải sinh hoạt đô thị được thu gom, xử lý",
        "Share of urban domestic wastewater collected and treated", "SXD", rep="STNMT"),
]

# --- TNMT: natural resources and environment ------------------------------------------
CATALOGUE["TNMT"] = [
    stock("Diện tích đất tự nhiên", "Total natural land area", "ha", "STNMT", 1_000_000, by=[L(
        ("=Diện tích đất nông nghiệp", "=Agricultural land area", 0.8),
        ("=Diện tích đất phi nông nghiệp", "=Non-agricultural land area", 0.5),
        ("=Diện tích đất chưa sử dụng", "=Unused land area", 0.05),
    )]),
    flow("Số giấy chứng nhận quyền sử dụng đất được cấp", "Land use right certificates issued",
         "giấy chứng nhận", "STNMT", 500_000, by=[L(
             ("=Số giấy chứng nhận quyền sử dụng đất cấp lần đầu", "=First-time land use right certificates", 0.5),
         )]),
    pct("Tỷ lệ diện tích đất đủ điều kiện đã được cấp giấy chứng nhận quyền sử dụng đất",
        "Share of eligible land area with land use right certificates", "STNMT"),
    flow("Số hồ sơ đăng ký biến động đất đai được giải quyết", "Land change registrations processed", "hồ sơ",
         "STNMT", 2_000_000),
    flow("Diện tích đất thu hồi để thực hiện dự án", "Land recovered for projects", "ha", "STNMT", 10_000,
         freq="quarter"),
    flow("Số tiền bồi thường, hỗ trợ, tái định cư khi Nhà nước thu hồi đất",
         "Compensation, support and resettlement paid for land recovery", "tỷ đồng", "STNMT", 100_000,
         freq="quarter"),
    flow("Diện tích đất giao, cho thuê cho tổ chức", "Land allocated or leased to organisations", "ha", "STNMT",
         10_000, freq="quarter"),
    flow("Số vụ vi phạm pháp luật về đất đai được phát hiện", "Land law violations detected", "vụ", "STNMT",
         2_000, dir="down"),
    pct("Tỷ lệ chất thải rắn sinh hoạt được thu gom, xử lý",
        "Share of domestic solid waste collected and treated", "STNMT", freq="quarter", by=["urban"]),
    flow("Khối lượng chất thải rắn sinh hoạt được thu gom", "Domestic solid waste collected", "tấn", "STNMT",
         5_000_000, by=["urban"]),
    flow("Khối lượng chất thải rắn công nghiệp thông thường được thu gom, xử lý",
         "Ordinary industrial solid waste collected and treated", "tấn", "STNMT", 5_000_000),
    flow("Khối lượng chất thải nguy hại được thu gom, xử lý", "Hazardous waste collected and treated", "tấn",
         "STNMT", 1_000_000),
    pct("Tỷ lệ chất thải rắn sinh hoạt được xử lý bằng công nghệ đốt, tái chế",
        "Share of domestic solid waste treated by incineration or recycling", "STNMT"),
    pct("Tỷ lệ cơ sở gây ô nhiễm môi trường nghiêm trọng được xử lý triệt để",
        "Share of seriously polluting establishments fully remediated", "STNMT"),
    stock("Số trạm quan trắc môi trường tự động, liên tục", "Automatic continuous environmental monitoring stations",
          "trạm", "STNMT", 500, by=[L(
              ("=Số trạm quan trắc chất lượng không khí tự động", "=Automatic air quality monitoring stations", 0.2),
              ("=Số trạm quan trắc nước mặt tự động", "=Automatic surface water monitoring stations", 0.2),
              ("=Số trạm quan trắc nước thải tự động", "=Automatic wastewater monitoring stations", 1.0),
          )]),
    avg("Chỉ số chất lượng không khí (AQI) trung bình", "Average air quality index (AQI)", "điểm", "STNMT", 500,
        freq="month", dir="down"),
    avg("Chỉ số chất lượng nước (WQI) trung bình sông Sài Gòn",
        "Average water quality index (WQI) of the Sài Gòn river",
        "điểm", "STNMT", 100, freq="month"),
    flow("Số ngày có chất lượng không khí ở mức tốt", "Days with good air quality", "ngày", "STNMT", 366),
    flow("Số giấy phép môi trường được cấp", "Environmental permits issued", "giấy phép", "STNMT", 5_000),
    flow("Số cuộc thanh tra, kiểm tra về tài nguyên và môi trường",
         "Inspections on natural resources and the environment", "cuộc", "STNMT", 2_000),
    flow("Số vụ vi phạm pháp luật về bảo vệ môi trường bị phát hiện",
         "Environmental protection law violations detected", "vụ", "STNMT", 2_000, dir="down", rep="CA"),
    flow("Số tiền xử phạt vi phạm hành chính về tài nguyên và môi trường",
         "Administrative fines on natural resources and the environment", "triệu đồng", "STNMT", 200_000),
    stock("Số giấy phép khai thác khoáng sản còn hiệu lực", "Valid mineral extraction licences", "giấy phép",
          "STNMT", 500),
    flow("Sản lượng khoáng sản làm vật liệu xây dựng khai thác", "Construction minerals extracted", "nghìn m3",
         "STNMT", 50_000),
    flow("Tiền cấp quyền khai thác khoáng sản", "Mineral extraction right fees", "tỷ đồng", "STNMT", 5_000,
         rep="CTHUE"),
    flow("Số giấy phép tài nguyên nước được cấp", "Water resource permits issued", "giấy phép", "STNMT", 1_000),
    flow("Lượng mưa", "Rainfall", "mm", "STNMT", 5_000, dir="neutral"),
    avg("Nhiệt độ không khí trung bình", "Average air temperature", "°C", "STNMT", 50, freq="month",
        dir="neutral"),
    flow("Số vụ sạt lở bờ sông", "Riverbank landslides", "vụ", "STNMT", 100, dir="down"),
]

# --- GD: education and training ---------------------------------------------------
LEVELS4 = L((" mầm non", " pre-school"), (" tiểu học", " primary"), (" trung học cơ sở", " lower-secondary"),
            (" trung học phổ thông", " upper-secondary"))
LEVELS3 = L((" tiểu học", " primary"), (" trung học cơ sở", " lower-secondary"),
            (" trung học phổ thông", " upper-secondary"))
CATALOGUE["GD"] = [
    stock("Số trường học", "Schools", "trường", "SGDDT", 2_500, by=[L(
        ("=Số trường mầm non", "=Pre-schools", 0.5),
        ("=Số trường tiểu học", "=Primary schools", 0.2),
        ("=Số trường trung học cơ sở", "=Lower-secondary schools", 0.1),
        ("=Số trường trung học phổ thông", "=Upper-secondary schools", 0.05),
        ("=Số trường phổ thông nhiều cấp học", "=Multi-level general schools", 0.05),
    )]),
    stock("Số trường ngoài công lập", "Non-public schools", "trường", "SGDDT", 1_500),
    stock("Số nhóm, lớp mầm non độc lập tư thục", "Independent private pre-school groups and classes",
          "nhóm, lớp", "SGDDT", 5_000),
    stock("Số lớp học phổ thông", "General education classes", "lớp", "SGDDT", 50_000),
    stock("Số học sinh phổ thông", "General education pupils", "học sinh", "SGDDT", 2_500_000, by=[L(
        ("=Số học sinh tiểu học", "=Primary pupils", 0.5),
        ("=Số học sinh trung học cơ sở", "=Lower-secondary pupils", 0.4),
        ("=Số học sinh trung học phổ thông", "=Upper-secondary pupils", 0.2),
    )]),
    stock("Số trẻ em mầm non", "Children in pre-school education", "trẻ", "SGDDT", 1_000_000, by=[L(
        ("=Số trẻ em nhà trẻ", "=Children in crèches", 0.3),
        ("=Số trẻ em mẫu giáo", "=Children in kindergartens", 1.0),
    )]),
    stock("Số giáo viên phổ thông", "General education teachers", "người", "SGDDT", 100_000, by=[L(
        ("=Số giáo viên tiểu học", "=Primary teachers", 0.5),
        ("=Số giáo viên trung học cơ sở", "=Lower-secondary teachers", 0.4),
        ("=Số giáo viên trung học phổ thông", "=Upper-secondary teachers", 0.2),
    )]),
    stock("Số giáo viên mầm non", "Pre-school teachers", "người", "SGDDT", 50_000),
    pct("Tỷ lệ giáo viên{x} đạt chuẩn trình độ đào tạo", "Share of{x} teachers meeting the qualification standard",
        "SGDDT", by=[LEVELS4]),
    ratio("Số học sinh bình quân một lớp{x}", "Average pupils per class", "học sinh/lớp", "SGDDT", 60, dir="down",
          by=[L((" tiểu học", " in primary schools"), (" trung học cơ sở", " in lower-secondary schools"),
                (" trung học phổ thông", " in upper-secondary schools"))]),
    pct("Tỷ lệ trường{x} đạt chuẩn quốc gia", "Share of{x} schools meeting the national standard", "SGDDT",
        by=[LEVELS4]),
    pct("Tỷ lệ huy động trẻ em 5 tuổi đến lớp mẫu giáo", "Enrolment rate of 5-year-olds in kindergarten",
        "SGDDT"),
    pct("Tỷ lệ huy động trẻ em 6 tuổi vào lớp 1", "Enrolment rate of 6-year-olds in grade 1", "SGDDT"),
    pct("Tỷ lệ học sinh{x} bỏ học", "Dropout rate of{x} pupils", "SGDDT", dir="down", by=[LEVELS3]),
    pct("Tỷ lệ học sinh tốt nghiệp trung học phổ thông", "Upper-secondary graduation rate", "SGDDT"),
    flow("Số thí sinh dự thi tốt nghiệp trung học phổ thông", "Candidates sitting the upper-secondary graduation exam",
         "thí sinh", "SGDDT", 100_000, freq="year"),
    avg("Điểm trung bình thi tốt nghiệp trung học phổ thông", "Average score in the upper-secondary graduation exam",
        "điểm", "SGDDT", 10),
    rank("Xếp hạng điểm trung bình thi tốt nghiệp trung học phổ thông",
         "Rank by average upper-secondary graduation exam score among 63 provinces", "SGDDT"),
    flow("Số học sinh đạt giải kỳ thi chọn học sinh giỏi quốc gia",
         "Pupils winning prizes in the national excellent pupils contest", "học sinh", "SGDDT", 500, freq="year"),
    pct("Tỷ lệ học sinh tiểu học học 2 buổi/ngày", "Share of primary pupils attending full-day schooling",
        "SGDDT"),
    pct("Tỷ lệ phòng học kiên cố", "Share of permanent classrooms", "SGDDT"),
    flow("Số phòng học được xây mới", "New classrooms built", "phòng", "SGDDT", 5_000, freq="year", rep="SXD"),
    stock("Số trường đại học trên địa bàn", "Universities in the province", "trường", "SGDDT", 30),
    stock("Số sinh viên đại học trên địa bàn", "University students in the province", "sinh viên", "SGDDT",
          500_000),
    pct("Tỷ lệ xã, phường đạt chuẩn phổ cập giáo dục tiểu học mức độ 3",
        "Share of communes meeting universal primary education level 3", "SGDDT"),
    pct("Tỷ lệ xã, phường đạt chuẩn phổ cập giáo dục trung học cơ sở mức độ 2",
        "Share of communes meeting universal lower-secondary education level 2", "SGDDT"),
    pct("Tỷ lệ xã, phường đạt chuẩn xóa mù chữ mức độ 2", "Share of communes meeting literacy level 2", "SGDDT"),
    pct("Tỷ lệ trường học sử dụng học bạ số", "Share of schools using digital school records", "SGDDT",
        rep="STTTT"),
    pct("Tỷ lệ học sinh được thanh toán học phí không dùng tiền mặt",
        "Share of pupils paying school fees by non-cash means", "SGDDT"),
    flow("Số học sinh được miễn, giảm học phí, hỗ trợ chi phí học tập",
         "Pupils exempted from or given reduced fees or study cost support", "học sinh", "SGDDT", 100_000,
         freq="year", rep="SLDTBXH"),
    flow("Kinh phí miễn, giảm học phí và hỗ trợ chi phí học tập",
         "Funding for fee exemptions, reductions and study cost support", "triệu đồng", "SGDDT", 500_000,
         freq="year", rep="STC"),
    pct("Tỷ lệ trẻ em mầm non là con công nhân được hỗ trợ",
        "Share of pre-school children of workers receiving support",
        "SGDDT"),
]

# --- YT: health -------------------------------------------------------------------
CATALOGUE["YT"] = [
    core("YT.001", by=[L(
        ("=Số ca mắc sốt xuất huyết nặng", "=Severe dengue fever cases", 0.2),
        ("=Số ca mắc sốt xuất huyết ở trẻ em dưới 15 tuổi", "=Dengue fever cases in children under 15", 0.6),
    )]),
    flow("Số ca tử vong do sốt xuất huyết", "Dengue fever deaths", "ca", "SYT", 100, dir="down"),
    flow("Số ổ dịch sốt xuất huyết được xử lý", "Dengue outbreaks contained", "ổ dịch", "SYT", 5_000),
    flow("Số ca mắc tay chân miệng", "Hand, foot and mouth disease cases", "ca", "SYT", 30_000, dir="down"),
    flow("Số ca mắc sởi", "Measles cases", "ca", "SYT", 10_000, dir="down"),
    flow("Số ca mắc thủy đậu", "Chickenpox cases", "ca", "SYT", 20_000, dir="down"),
    flow("Số ca mắc COVID-19", "COVID-19 cases", "ca", "SYT", 500_000, dir="down"),
    flow("Số ca mắc cúm", "Influenza cases", "ca", "SYT", 200_000, dir="down"),
    flow("Số ca mắc sốt rét", "Malaria cases", "ca", "SYT", 500, dir="down"),
    flow("Số ca tử vong do bệnh dại", "Rabies deaths", "ca", "SYT", 50, dir="down"),
    flow("Số bệnh nhân lao được phát hiện", "Tuberculosis patients detected", "người", "SYT", 20_000,
         dir="neutral"),
    flow("Số người nhiễm HIV mới phát hiện", "Newly detected HIV infections", "người", "SYT", 5_000, dir="down"),
    stock("Số người nhiễm HIV đang điều trị ARV", "People living with HIV on ARV treatment", "người", "SYT",
          50_000, freq="quarter"),
    stock("Số người nghiện chất dạng thuốc phiện đang điều trị bằng Methadone",
          "Opioid users on methadone treatment", "người", "SYT", 10_000, freq="quarter"),
    flow("Số vụ ngộ độc thực phẩm", "Food poisoning incidents", "vụ", "SYT", 200, dir="down"),
    flow("Số người bị ngộ độc thực phẩm", "People affected by food poisoning", "người", "SYT", 5_000, dir="down"),
    flow("Số người tử vong do ngộ độc thực phẩm", "Food poisoning deaths", "người", "SYT", 100, dir="down"),
    flow("Số lượt cơ sở thực phẩm được thanh tra, kiểm tra", "Food establishment inspections", "lượt", "SYT",
         50_000),
    pct("Tỷ lệ cơ sở thực phẩm được kiểm tra đạt yêu cầu an toàn thực phẩm",
        "Share of inspected food establishments meeting food safety requirements", "SYT", freq="month",
        agg="none"),
    stock("Số cơ sở khám bệnh, chữa bệnh", "Medical examination and treatment facilities", "cơ sở", "SYT",
          10_000, by=[L(
              ("=Số bệnh viện", "=Hospitals", 0.02),
              ("=Số phòng khám đa khoa", "=General clinics", 0.1),
              ("=Số trạm y tế xã, phường", "=Commune health stations", 0.05),
          )]),
    stock("Số giường bệnh{x}", "Hospital beds", "giường", "SYT", 50_000, by=[L(
        (" công lập", "^Public ", 1.0), (" ngoài công lập", "^Private ", 0.5),
    )]),
    ratio("Số giường bệnh trên một vạn dân", "Hospital beds per 10,000 population", "giường/vạn dân", "SYT", 100),
    stock("Số nhân lực y tế", "Health workers", "người", "SYT", 100_000, by=[L(
        ("=Số bác sĩ", "=Doctors", 0.2),
        ("=Số dược sĩ đại học", "=Pharmacists with university degree", 0.1),
        ("=Số điều dưỡng", "=Nurses", 0.5),
        ("=Số hộ sinh", "=Midwives", 0.1),
    )]),
    ratio("Số bác sĩ trên một vạn dân", "Doctors per 10,000 population", "bác sĩ/vạn dân", "SYT", 50),
    ratio("Số dược sĩ đại học trên một vạn dân", "Pharmacists per 10,000 population", "dược sĩ/vạn dân", "SYT", 20),
    pct("Tỷ lệ trạm y tế xã có bác sĩ làm việc", "Share of commune health stations with a doctor", "SYT"),
    flow("Số lượt khám bệnh", "Outpatient visits", "lượt", "SYT", 50_000_000, rep="BHXH", by=[L(
        ("=Số lượt khám bệnh có bảo hiểm y tế", "=Outpatient visits covered by health insurance", 0.8,
         {"rep": ("BHXH",)}),
        ("=Số lượt khám bệnh tại trạm y tế xã", "=Outpatient visits at commune health stations", 0.3),
    )]),
    flow("Số lượt người bệnh điều trị nội trú", "Inpatient admissions", "lượt", "SYT", 2_000_000, rep="BHXH"),
    Fam("Công suất sử dụng giường bệnh", "Hospital bed occupancy rate", "%", "ratio", "none", "neutral", "month",
        "SYT", 0, 300),
    flow("Số ca phẫu thuật", "Surgical operations", "ca", "SYT", 500_000),
    flow("Số lượt người bệnh chuyển tuyến", "Patient referrals to higher-level facilities", "lượt", "SYT",
         200_000, dir="down"),
    flow("Số lượt khám bệnh, chữa bệnh từ xa", "Telemedicine consultations", "lượt", "SYT", 500_000),
    pct("Tỷ lệ trẻ em dưới 1 tuổi được tiêm chủng đầy đủ các loại vắc xin",
        "Share of infants fully immunised", "SYT", freq="month", agg="none"),
    flow("Số trẻ em dưới 1 tuổi được tiêm chủng đầy đủ", "Infants fully immunised", "trẻ", "SYT", 200_000),
    flow("Số mũi vắc xin tiêm chủng mở rộng đã tiêm", "Expanded programme on immunisation doses given", "mũi",
         "SYT", 2_000_000),
    pct("Tỷ lệ suy dinh dưỡng thể thấp còi ở trẻ em dưới 5 tuổi", "Stunting rate among children under 5", "SYT",
        dir="down"),
    pct("Tỷ lệ suy dinh dưỡng thể nhẹ cân ở trẻ em dưới 5 tuổi", "Underweight rate among children under 5",
        "SYT", dir="down"),
    rate("Tỷ suất tử vong trẻ em dưới 1 tuổi", "Infant mortality rate", "‰", "SYT", 100),
    rate("Tỷ suất tử vong trẻ em dưới 5 tuổi", "Under-five mortality rate", "‰", "SYT", 100),
    rate("Tỷ số tử vong mẹ", "Maternal mortality ratio", "ca/100.000 trẻ đẻ sống", "SYT", 500),
    pct("Tỷ lệ phụ nữ đẻ được khám thai từ 4 lần trở lên trong 3 thời kỳ thai nghén",
        "Share of births with at least four antenatal visits", "SYT"),
    pct("Tỷ lệ trẻ sơ sinh được sàng lọc sơ sinh", "Share of newborns screened", "SYT"),
    pct("Tỷ lệ dân số được quản lý sức khỏe bằng hồ sơ sức khỏe điện tử",
        "Share of population with an electronic health record", "SYT", rep="STTTT"),
    pct("Tỷ lệ bệnh viện triển khai bệnh án điện tử", "Share of hospitals using electronic medical records", "SYT",
        rep="STTTT"),
    pct("Tỷ lệ cơ sở y tế thanh toán viện phí không dùng tiền mặt",
        "Share of health facilities accepting non-cash payment of fees", "SYT"),
    stock("Số cơ sở bán lẻ thuốc", "Pharmacies and drug retail outlets", "cơ sở", "SYT", 10_000),
    flow("Số mẫu thuốc được lấy kiểm tra chất lượng", "Drug samples tested for quality", "mẫu", "SYT", 10_000),
    flow("Số mẫu thuốc không đạt tiêu chuẩn chất lượng", "Drug samples failing quality standards", "mẫu", "SYT",
         500, dir="down"),
    pct("Tỷ lệ hài lòng của người bệnh đối với dịch vụ y tế", "Patient satisfaction with health services", "SYT",
        freq="half", agg="none"),
    flow("Số người lao động được khám sức khỏe định kỳ", "Workers given periodic health check-ups", "người",
         "SYT", 2_000_000, freq="year"),
    pct("Tỷ lệ chất thải rắn y tế được thu gom, xử lý đạt quy chuẩn",
        "Share of medical solid waste collected and treated to standard", "SYT", rep="STNMT"),
]

# --- LD: labour and employment -------------------------------------------------------
CATALOGUE["LD"] = [
    core("LD.001", vi="Số lao động{x} được giải quyết việc làm", by=[L(
        (" nữ", "^Female ", 0.7),
        ("=Số lao động được giải quyết việc làm thông qua vay vốn Quỹ quốc gia về việc làm",
         "=Workers placed in jobs through loans from the National Employment Fund", 0.1),
        ("=Số lao động được giải quyết việc làm thông qua các phiên giao dịch việc làm",
         "=Workers placed in jobs through job fairs", 0.3),
    )]),
    stock("Lực lượng lao động{x} từ 15 tuổi trở lên", "Labour force aged 15 and over", "nghìn người", "CTK",
          10_000, freq="quarter", by=[L(
              (" nam", "^Male ", 0.6), (" nữ", "^Female ", 0.6),
          ), "urban"]),
    stock("Số lao động từ 15 tuổi trở lên đang làm việc", "Employed workers aged 15 and over", "nghìn người",
          "CTK", 10_000, freq="quarter", by=[L(
              (" trong khu vực nông, lâm nghiệp và thủy sản", " in agriculture, forestry and fishery", 0.2),
              (" trong khu vực công nghiệp và xây dựng", " in industry and construction", 1.0),
              (" trong khu vực dịch vụ", " in services", 0.6),
          )]),
    pct("Tỷ lệ thất nghiệp của lực lượng lao động trong độ tuổi", "Unemployment rate of the working-age labour force",
        "CTK", freq="quarter", agg="none", dir="down", by=["urban"]),
    pct("Tỷ lệ thiếu việc làm của lực lượng lao động trong độ tuổi",
        "Underemployment rate of the working-age labour force", "CTK", freq="quarter", agg="none", dir="down"),
    pct("Tỷ lệ lao động qua đào tạo", "Share of trained workers", "SLDTBXH"),
    pct("Tỷ lệ lao động qua đào tạo có bằng cấp, chứng chỉ", "Share of workers with vocational qualifications",
        "SLDTBXH"),
    pct("Tỷ trọng lao động nông nghiệp trong tổng số lao động", "Share of agricultural workers in total employment",
        "CTK", dir="down", agg="none"),
    flow("Số người được tuyển sinh đào tạo nghề nghiệp", "Vocational training enrolments", "người", "SLDTBXH",
         500_000, freq="quarter", by=[L(
             ("=Số người được tuyển sinh trình độ cao đẳng", "=College-level vocational enrolments", 0.2),
             ("=Số người được tuyển sinh trình độ trung cấp", "=Intermediate-level vocational enrolments", 0.2),
             ("=Số người được tuyển sinh trình độ sơ cấp và đào tạo dưới 3 tháng",
              "=Elementary-level and short-course vocational enrolments", 1.0),
         )]),
    flow("Số lao động nông thôn được đào tạo nghề", "Rural workers given vocational training", "người",
         "SLDTBXH", 50_000, freq="quarter", rep="SNNPTNT"),
    stock("Số cơ sở giáo dục nghề nghiệp", "Vocational education institutions", "cơ sở", "SLDTBXH", 300),
    flow("Số lao động đi làm việc ở nước ngoài theo hợp đồng", "Workers going abroad under contract", "người",
         "SLDTBXH", 10_000),
    flow("Số người nộp hồ sơ đề nghị hưởng trợ cấp thất nghiệp", "Unemployment benefit applications", "người",
         "SLDTBXH", 300_000, dir="down", rep="BHXH"),
    flow("Số người có quyết định hưởng trợ cấp thất nghiệp", "People granted unemployment benefit", "người",
         "SLDTBXH", 300_000, dir="down", rep="BHXH"),
    flow("Số tiền chi trả trợ cấp thất nghiệp", "Unemployment benefit paid", "tỷ đồng", "BHXH", 20_000,
         dir="down", rep="SLDTBXH"),
    flow("Số giấy phép lao động cấp cho người nước ngoài", "Work permits issued to foreigners", "giấy phép",
         "SLDTBXH", 50_000),
    stock("Số người lao động nước ngoài đang làm việc trên địa bàn", "Foreign workers employed in the province",
          "người", "SLDTBXH", 100_000, freq="quarter"),
    flow("Số phiên giao dịch việc làm được tổ chức", "Job fairs held", "phiên", "SLDTBXH", 500),
    flow("Số vị trí việc làm doanh nghiệp đăng ký tuyển dụng", "Vacancies registered by enterprises", "vị trí",
         "SLDTBXH", 2_000_000),
    flow("Số vụ đình công, ngừng việc tập thể", "Strikes and collective work stoppages", "vụ", "SLDTBXH", 200,
         dir="down", rep="BQLKCN"),
    flow("Số người lao động tham gia đình công, ngừng việc tập thể", "Workers taking part in strikes and stoppages",
         "người", "SLDTBXH", 200_000, dir="down"),
    flow("Số vụ tai nạn lao động", "Occupational accidents", "vụ", "SLDTBXH", 2_000, dir="down", by=[L(
        ("=Số vụ tai nạn lao động chết người", "=Fatal occupational accidents", 0.25),
    )]),
    flow("Số người chết do tai nạn lao động", "Occupational accident deaths", "người", "SLDTBXH", 500, dir="down"),
    flow("Số người bị thương nặng do tai nạn lao động", "Serious occupational accident injuries", "người",
         "SLDTBXH", 2_000, dir="down"),
    avg("Tiền lương bình quân của người lao động trong doanh nghiệp{x}", "Average wage of employees in{x} enterprises",
        "triệu đồng/tháng", "SLDTBXH", 50, by=[L(
            (" nhà nước", " state-owned"),
            (" ngoài nhà nước", " non-state"),
            (" có vốn đầu tư nước ngoài", " foreign-invested"),
        )]),
    avg("Tiền thưởng Tết Nguyên đán bình quân của người lao động", "Average Lunar New Year bonus per worker",
        "triệu đồng", "SLDTBXH", 200),
    flow("Số doanh nghiệp được thanh tra, kiểm tra về lao động", "Enterprises inspected on labour law",
         "doanh nghiệp", "SLDTBXH", 5_000, freq="quarter"),
    flow("Số doanh nghiệp nợ lương người lao động", "Enterprises owing wages to workers", "doanh nghiệp",
         "SLDTBXH", 2_000, dir="down"),
]

# --- ASXH: social protection -----------------------------------------------------------
CATALOGUE["ASXH"] = [
    stock("Số người tham gia bảo hiểm xã hội", "Social insurance participants", "người", "BHXH", 5_000_000,
          freq="month", rep="SLDTBXH", by=[L(
              (" bắt buộc", "^Compulsory ", 1.0), (" tự nguyện", "^Voluntary ", 0.1),
          )]),
    stock("Số người tham gia bảo hiểm y tế", "Health insurance participants", "người", "BHXH", 10_000_000,
          freq="month", rep="SYT"),
    stock("Số người tham gia bảo hiểm thất nghiệp", "Unemployment insurance participants", "người", "BHXH",
          5_000_000, freq="month"),
    pct("Tỷ lệ dân số tham gia bảo hiểm y tế", "Health insurance coverage rate", "BHXH", freq="quarter",
        rep="SYT"),
    pct("Tỷ lệ lực lượng lao động trong độ tuổi tham gia bảo hiểm xã hội",
        "Share of the working-age labour force covered by social insurance", "BHXH", freq="quarter"),
    pct("Tỷ lệ trẻ em dưới 6 tuổi được cấp thẻ bảo hiểm y tế", "Share of children under 6 with a health insurance card",
        "BHXH"),
    flow("Số thu bảo hiểm xã hội, bảo hiểm y tế, bảo hiểm thất nghiệp",
         "Social, health and unemployment insurance contributions collected", "tỷ đồng", "BHXH", 150_000),
    flow("Số chi bảo hiểm xã hội, bảo hiểm y tế, bảo hiểm thất nghiệp",
         "Social, health and unemployment insurance benefits paid", "tỷ đồng", "BHXH", 100_000),
    flow("Số chi khám bệnh, chữa bệnh bảo hiểm y tế", "Health insurance medical spending", "tỷ đồng", "BHXH",
         50_000, dir="neutral"),
    stock("Số tiền chậm đóng bảo hiểm xã hội, bảo hiểm y tế, bảo hiểm thất nghiệp",
          "Overdue social, health and unemployment insurance contributions", "tỷ đồng", "BHXH", 20_000,
          freq="month", dir="down"),
    stock("Số đơn vị nợ đóng bảo hiểm xã hội", "Employers in arrears on social insurance", "đơn vị", "BHXH",
          50_000, freq="month", dir="down", rep="SLDTBXH"),
    stock("Số người hưởng lương hưu, trợ cấp bảo hiểm xã hội hằng tháng",
          "Pension and monthly social insurance allowance recipients", "người", "BHXH", 500_000, freq="month"),
    flow("Số lượt người hưởng chế độ ốm đau, thai sản, dưỡng sức phục hồi sức khỏe",
         "Sickness, maternity and convalescence benefit cases", "lượt", "BHXH", 5_000_000),
    flow("Số người hưởng bảo hiểm xã hội một lần", "People receiving lump-sum social insurance", "người", "BHXH",
         500_000, dir="down"),
    pct("Tỷ lệ người hưởng chế độ bảo hiểm xã hội nhận qua tài khoản cá nhân",
        "Share of social insurance beneficiaries paid into a personal account", "BHXH", freq="half"),
    stock("Số hộ nghèo", "Poor households", "hộ", "SLDTBXH", 50_000, dir="down"),
    pct("Tỷ lệ hộ nghèo", "Poverty rate (households)", "SLDTBXH", dir="down"),
    stock("Số hộ cận nghèo", "Near-poor households", "hộ", "SLDTBXH", 50_000, dir="down"),
    pct("Tỷ lệ hộ cận nghèo", "Near-poverty rate (households)", "SLDTBXH", dir="down"),
    flow("Số hộ thoát nghèo", "Households escaping poverty", "hộ", "SLDTBXH", 20_000, freq="year"),
    stock("Số đối tượng bảo trợ xã hội hưởng trợ cấp hằng tháng",
          "Social assistance beneficiaries receiving monthly allowances", "người", "SLDTBXH", 200_000, freq="month",
          by=[L(
              ("=Số người cao tuổi hưởng trợ cấp xã hội hằng tháng",
               "=Older people receiving monthly social allowances", 0.6),
              ("=Số người khuyết tật hưởng trợ cấp xã hội hằng tháng",
               "=People with disabilities receiving monthly social allowances", 0.4),
              ("=Số trẻ em có hoàn cảnh đặc biệt hưởng trợ cấp xã hội hằng tháng",
               "=Children in special circumstances receiving monthly social allowances", 0.1),
          )]),
    flow("Kinh phí chi trả trợ cấp xã hội hằng tháng", "Monthly social allowances paid", "triệu đồng",
         "SLDTBXH", 1_500_000),
    stock("Số người có công với cách mạng hưởng trợ cấp ưu đãi hằng tháng",
          "People with meritorious services receiving monthly preferential allowances", "người", "SLDTBXH", 50_000),
    flow("Kinh phí chi trả trợ cấp ưu đãi người có công",
         "Preferential allowances paid to people with meritorious services",
         "triệu đồng", "SLDTBXH", 1_000_000),
    flow("Số căn nhà tình nghĩa, nhà đại đoàn kết được xây dựng, sửa chữa",
         "Gratitude and great-solidarity houses built or repaired", "căn", "SLDTBXH", 5_000, freq="quarter"),
    flow("Số lượt người được trợ giúp xã hội đột xuất", "People given emergency social assistance", "lượt",
         "SLDTBXH", 200_000),
    stock("Số trẻ em có hoàn cảnh đặc biệt", "Children in special circumstances", "trẻ", "SLDTBXH", 20_000),
    stock("Số người cai nghiện ma túy tại cơ sở cai nghiện", "People in drug rehabilitation centres", "người",
          "SLDTBXH", 10_000, freq="month", rep="CA"),
    stock("Số cơ sở trợ giúp xã hội", "Social assistance establishments", "cơ sở", "SLDTBXH", 100),
    flow("Số suất quà tặng đối tượng chính sách, hộ nghèo dịp Tết",
         "Lunar New Year gift packages for policy beneficiaries and poor households", "suất", "SLDTBXH",
         2_000_000, freq="year"),
    flow("Giá trị quà tặng đối tượng chính sách, hộ nghèo dịp Tết",
         "Value of Lunar New Year gifts for policy beneficiaries and poor households", "triệu đồng", "SLDTBXH",
         2_000_000, freq="year"),
]

# --- VH: culture and sports ------------------------------------------------------------
CATALOGUE["VH"] = [
    stock("Số di tích được xếp hạng", "Classified heritage sites", "di tích", "SVHTTDL", 200, by=[L(
        ("=Số di tích quốc gia đặc biệt", "=Special national heritage sites", 0.1),
        ("=Số di tích cấp quốc gia", "=National heritage sites", 0.5),
        ("=Số di tích cấp tỉnh", "=Provincial heritage sites", 1.0),
    )]),
    stock("Số trung tâm văn hóa, thể thao cấp xã", "Commune culture and sports centres", "trung tâm", "SVHTTDL", 500),
    pct("Tỷ lệ xã, phường có trung tâm văn hóa, thể thao", "Share of communes with a culture and sports centre",
        "SVHTTDL"),
    stock("Số thư viện công cộng", "Public libraries", "thư viện", "SVHTTDL", 500),
    flow("Số lượt bạn đọc đến thư viện", "Library visits", "lượt", "SVHTTDL", 5_000_000),
    flow("Số lượt khách tham quan bảo tàng, di tích", "Museum and heritage site visits", "lượt", "SVHTTDL",
         5_000_000),
    pct("Tỷ lệ hộ gia đình đạt danh hiệu Gia đình văn hóa", "Share of households awarded 'Cultured family'",
        "SVHTTDL"),
    pct("Tỷ lệ khu phố, ấp đạt danh hiệu văn hóa", "Share of neighbourhoods and hamlets awarded cultural status",
        "SVHTTDL"),
    flow("Số buổi biểu diễn nghệ thuật phục vụ nhân dân", "Art performances for the public", "buổi", "SVHTTDL",
         5_000),
    flow("Số buổi chiếu phim lưu động", "Mobile film screenings", "buổi", "SVHTTDL", 5_000),
    stock("Số cơ sở kinh doanh dịch vụ karaoke, vũ trường", "Karaoke and dance hall businesses", "cơ sở",
          "SVHTTDL", 5_000, rep="CA"),
    flow("Số lượt cơ sở kinh doanh dịch vụ văn hóa được kiểm tra", "Inspections of cultural service businesses",
         "lượt", "SVHTTDL", 10_000),
    flow("Số vụ vi phạm trong lĩnh vực văn hóa bị xử lý", "Violations in the cultural sector handled", "vụ",
         "SVHTTDL", 2_000, dir="down"),
    flow("Số vụ bạo lực gia đình", "Domestic violence cases", "vụ", "SVHTTDL", 2_000, dir="down", rep="CA"),
    pct("Tỷ lệ dân số tập luyện thể dục thể thao thường xuyên", "Share of population exercising regularly",
        "SVHTTDL"),
    pct("Tỷ lệ hộ gia đình thể thao", "Share of sporting households", "SVHTTDL"),
    stock("Số câu lạc bộ thể dục thể thao cơ sở", "Grassroots sports clubs", "câu lạc bộ", "SVHTTDL", 5_000),
    flow("Số giải thể thao được tổ chức", "Sports tournaments held", "giải", "SVHTTDL", 1_000),
    flow("Số huy chương{x} đạt được tại các giải thể thao quốc gia và quốc tế",
         "Medals won at national and international competitions", "huy chương", "SVHTTDL", 2_000, freq="year",
         by=[L((" vàng", "^Gold ", 0.4), (" bạc", "^Silver ", 0.4), (" đồng", "^Bronze ", 0.4))]),
    stock("Số vận động viên đạt đẳng cấp quốc gia", "Athletes with national grading", "vận động viên", "SVHTTDL",
          1_000),
    stock("Số công trình thể thao", "Sports facilities", "công trình", "SVHTTDL", 2_000),
    flow("Số lễ hội được tổ chức", "Festivals held", "lễ hội", "SVHTTDL", 500, freq="year"),
]

# --- DL: tourism -----------------------------------------------------------------
CATALOGUE["DL"] = [
    flow("Tổng số lượt khách du lịch", "Tourist arrivals", "lượt khách", "SVHTTDL", 30_000_000, by=[L(
        ("=Số lượt khách du lịch quốc tế", "=International tourist arrivals", 0.1),
        ("=Số lượt khách du lịch nội địa", "=Domestic tourist arrivals", 1.0),
        ("=Số lượt khách du lịch có lưu trú", "=Overnight tourist arrivals", 0.3),
    ), "yoy"]),
    flow("Số ngày khách lưu trú", "Guest nights", "ngày khách", "SVHTTDL", 20_000_000),
    flow("Tổng thu từ khách du lịch{x}", "Tourism receipts", "tỷ đồng", "SVHTTDL", 50_000, by=[L(
        (" quốc tế", "^International ", 0.2), (" nội địa", "^Domestic ", 1.0),
    ), "yoy"]),
    stock("Số cơ sở lưu trú du lịch", "Tourist accommodation establishments", "cơ sở", "SVHTTDL", 2_000, by=[L(
        ("=Số khách sạn được xếp hạng từ 3 sao trở lên", "=Hotels rated three stars or more", 0.1),
    )]),
    stock("Số buồng lưu trú du lịch", "Tourist accommodation rooms", "buồng", "SVHTTDL", 50_000),
    pct("Công suất sử dụng buồng phòng bình quân", "Average room occupancy rate", "SVHTTDL", freq="month",
        agg="none"),
    stock("Số doanh nghiệp kinh doanh dịch vụ lữ hành", "Travel agencies and tour operators", "doanh nghiệp",
          "SVHTTDL", 1_000),
    stock("Số hướng dẫn viên du lịch được cấp thẻ", "Licensed tour guides", "người", "SVHTTDL", 5_000),
    stock("Số khu, điểm du lịch được công nhận", "Recognised tourist areas and sites", "điểm", "SVHTTDL", 100),
    flow("Số lượt khách tham quan các khu, điểm du lịch", "Visits to tourist areas and sites", "lượt khách",
         "SVHTTDL", 30_000_000),
    stock("Số lao động trực tiếp trong ngành du lịch", "Direct tourism employment", "người", "SVHTTDL", 100_000),
    stock("Số cơ sở kinh doanh dịch vụ du lịch đạt chuẩn phục vụ khách du lịch",
          "Tourism service businesses meeting service standards", "cơ sở", "SVHTTDL", 1_000),
    stock("Số cơ sở du lịch nông nghiệp, du lịch cộng đồng", "Agritourism and community-based tourism establishments",
          "cơ sở", "SVHTTDL", 500, rep="SNNPTNT"),
    avg("Chi tiêu bình quân của khách du lịch", "Average spending per tourist", "nghìn đồng/lượt khách",
        "SVHTTDL", 20_000),
    avg("Thời gian lưu trú bình quân của khách du lịch", "Average length of stay", "ngày", "SVHTTDL", 30),
    pct("Tỷ lệ khách du lịch hài lòng", "Tourist satisfaction rate", "SVHTTDL", freq="half", agg="none"),
    flow("Số sự kiện xúc tiến, quảng bá du lịch", "Tourism promotion events", "sự kiện", "SVHTTDL", 100,
         freq="quarter"),
    flow("Số lượt cơ sở kinh doanh du lịch được kiểm tra", "Inspections of tourism businesses", "lượt", "SVHTTDL",
         2_000, freq="quarter"),
    stock("Số điểm du lịch có thuyết minh tự động, ứng dụng thực tế ảo",
          "Tourist sites with automatic audio guides or virtual reality", "điểm", "SVHTTDL", 100, rep="STTTT"),
    flow("Số chương trình, tour du lịch mới được xây dựng", "New tours and tourism programmes developed",
         "chương trình", "SVHTTDL", 200, freq="year"),
]

# --- KHCN: science and technology ---------------------------------------------------
CATALOGUE["KHCN"] = [
    flow("Số nhiệm vụ khoa học và công nghệ cấp tỉnh được phê duyệt",
         "Provincial science and technology tasks approved", "nhiệm vụ", "SKHCN", 500, freq="year"),
    flow("Số nhiệm vụ khoa học và công nghệ cấp tỉnh được nghiệm thu",
         "Provincial science and technology tasks accepted on completion", "nhiệm vụ", "SKHCN", 500, freq="year"),
    pct("Tỷ lệ nhiệm vụ khoa học và công nghệ được ứng dụng sau nghiệm thu",
        "Share of completed science and technology tasks put into use", "SKHCN"),
    flow("Kinh phí sự nghiệp khoa học và công nghệ", "Science and technology budget spending", "triệu đồng",
         "SKHCN", 1_000_000, freq="year", rep="STC"),
    pct("Tỷ lệ chi cho nghiên cứu khoa học và phát triển công nghệ (R&D) so với GRDP",
        "Research and development (R&D) spending as a share of GRDP", "SKHCN", agg="none"),
    flow("Số đơn đăng ký sở hữu công nghiệp", "Industrial property applications", "đơn", "SKHCN", 20_000,
         freq="quarter"),
    flow("Số văn bằng bảo hộ sở hữu công nghiệp được cấp", "Industrial property titles granted", "văn bằng",
         "SKHCN", 10_000, freq="quarter", by=[L(
             ("=Số văn bằng bảo hộ nhãn hiệu được cấp", "=Trademark registrations granted", 1.0),
             ("=Số bằng độc quyền sáng chế được cấp", "=Patents granted", 0.1),
             ("=Số bằng độc quyền giải pháp hữu ích được cấp", "=Utility solution patents granted", 0.1),
             ("=Số văn bằng bảo hộ kiểu dáng công nghiệp được cấp", "=Industrial design registrations granted", 0.2),
         )]),
    stock("Số doanh nghiệp khoa học và công nghệ", "Science and technology enterprises", "doanh nghiệp", "SKHCN",
          500),
    flow("Số dự án khởi nghiệp đổi mới sáng tạo được hỗ trợ", "Innovative start-up projects supported", "dự án",
         "SKHCN", 1_000, freq="year"),
    stock("Số tổ chức khoa học và công nghệ", "Science and technology organisations", "tổ chức", "SKHCN", 500),
    stock("Số nhân lực nghiên cứu và phát triển", "Research and development personnel", "người", "SKHCN", 20_000),
    score("Chỉ số đổi mới sáng tạo cấp tỉnh (PII)", "Provincial Innovation Index (PII) score", "SKHCN"),
    rank("Xếp hạng Chỉ số đổi mới sáng tạo cấp tỉnh (PII)", "Provincial Innovation Index (PII) rank among 63 provinces",
         "SKHCN"),
    stock("Số doanh nghiệp áp dụng hệ thống quản lý chất lượng tiên tiến",
          "Enterprises applying advanced quality management systems", "doanh nghiệp", "SKHCN", 10_000),
    flow("Số doanh nghiệp được hỗ trợ đổi mới công nghệ", "Enterprises supported in technology upgrading",
         "doanh nghiệp", "SKHCN", 500, freq="year"),
    flow("Số phương tiện đo được kiểm định", "Measuring instruments verified", "phương tiện", "SKHCN", 2_000_000),
    flow("Số cuộc thanh tra, kiểm tra về tiêu chuẩn, đo lường, chất lượng",
         "Inspections on standards, metrology and quality", "cuộc", "SKHCN", 500, freq="quarter"),
    flow("Số giấy phép tiến hành công việc bức xạ được cấp", "Radiation work licences issued", "giấy phép",
         "SKHCN", 1_000),
    flow("Số sáng kiến được công nhận có phạm vi ảnh hưởng cấp tỉnh",
         "Innovations recognised with provincial-level impact", "sáng kiến", "SKHCN", 2_000, freq="year"),
    flow("Số hợp đồng chuyển giao công nghệ được thẩm định", "Technology transfer contracts appraised",
         "hợp đồng", "SKHCN", 500, freq="quarter"),
    flow("Số sản phẩm được công bố hợp chuẩn, hợp quy", "Products declared conforming to standards and regulations",
         "sản phẩm", "SKHCN", 5_000, freq="quarter"),
    flow("Số hội thảo, tọa đàm khoa học và công nghệ được tổ chức", "Science and technology seminars held",
         "hội thảo", "SKHCN", 200, freq="year"),
]

# --- TTTT: information and communications ---------------------------------------------
CATALOGUE["TTTT"] = [
    stock("Số thuê bao điện thoại di động", "Mobile phone subscriptions", "thuê bao", "STTTT", 15_000_000,
          freq="quarter", by=[L(
              ("=Số thuê bao điện thoại di động sử dụng điện thoại thông minh",
               "=Mobile subscriptions using a smartphone", 1.0),
          )]),
    stock("Số thuê bao Internet băng rộng cố định", "Fixed broadband subscriptions", "thuê bao", "STTTT",
          5_000_000, freq="quarter"),
    stock("Số thuê bao Internet băng rộng di động", "Mobile broadband subscriptions", "thuê bao", "STTTT",
          15_000_000, freq="quarter"),
    stock("Số trạm phát sóng thông tin di động (BTS)", "Mobile base transceiver stations (BTS)", "trạm", "STTTT",
          20_000, by=[L(
              ("=Số trạm phát sóng 4G", "=4G base stations", 1.0),
              ("=Số trạm phát sóng 5G", "=5G base stations", 0.5),
          )]),
    pct("Tỷ lệ thôn, ấp được phủ sóng thông tin di động băng rộng",
        "Share of hamlets covered by mobile broadband", "STTTT"),
    pct("Tỷ lệ dân số trưởng thành có điện thoại thông minh", "Share of adults with a smartphone", "STTTT"),
    flow("Doanh thu dịch vụ viễn thông", "Telecommunications revenue", "tỷ đồng", "STTTT", 50_000, freq="quarter"),
    flow("Doanh thu dịch vụ bưu chính", "Postal services revenue", "tỷ đồng", "STTTT", 20_000, freq="quarter"),
    stock("Số điểm phục vụ bưu chính", "Postal service points", "điểm", "STTTT", 1_000),
    flow("Sản lượng bưu gửi", "Postal items handled", "nghìn bưu gửi", "STTTT", 1_000_000),
    stock("Số cơ quan báo chí, văn phòng đại diện báo chí trên địa bàn",
          "Press agencies and press representative offices in the province", "cơ quan", "STTTT", 100),
    flow("Số tin, bài đăng trên Cổng thông tin điện tử tỉnh", "News items published on the provincial web portal",
         "tin, bài", "STTTT", 100_000),
    flow("Số lượt truy cập Cổng thông tin điện tử tỉnh", "Visits to the provincial web portal", "lượt", "STTTT",
         100_000_000),
    stock("Số đài truyền thanh cấp xã ứng dụng công nghệ thông tin - viễn thông",
          "Commune radio stations using IT and telecommunications", "đài", "STTTT", 200),
    pct("Tỷ lệ đài truyền thanh cấp xã ứng dụng công nghệ thông tin - viễn thông",
        "Share of commune radio stations using IT and telecommunications", "STTTT"),
    flow("Số tin giả, tin sai sự thật trên mạng được phát hiện, xử lý",
         "Fake and false online news items detected and handled", "tin", "STTTT", 10_000, dir="down", rep="CA"),
    flow("Số vụ vi phạm trong lĩnh vực báo chí, xuất bản bị xử lý", "Press and publishing violations handled",
         "vụ", "STTTT", 500, dir="down"),
    flow("Số giấy phép xuất bản tài liệu không kinh doanh được cấp", "Licences for non-commercial publications issued",
         "giấy phép", "STTTT", 2_000),
    stock("Số điểm phát Wi-Fi công cộng miễn phí", "Free public Wi-Fi hotspots", "điểm", "STTTT", 10_000),
    stock("Số doanh nghiệp viễn thông, Internet hoạt động trên địa bàn",
          "Telecommunications and Internet companies operating in the province", "doanh nghiệp", "STTTT", 200),
    flow("Số lượt tiếp sóng, phát sóng chương trình của Đài Phát thanh - Truyền hình tỉnh",
         "Programme broadcasts by the provincial radio and television station", "chương trình", "STTTT", 50_000),
]

# --- CDS: digital transformation --------------------------------------------------------
CATALOGUE["CDS"] = [
    core("CDS.003", rep="VPUBND"),
    core("CDS.008", rep="STTTT"),
    core("CDS.009", rep="STTTT"),
    core("CDS.010", rep="STTTT"),
    core("CDS.013", rep="STTTT"),
    core("CDS.011", rep="SKHDT"),
    core("CDS.012", rep="SKHDT"),
    core("CDS.014", rep="STTTT"),
    flow("Giá trị tăng thêm của kinh tế số", "Value added of the digital economy", "tỷ đồng", "CTK", 500_000,
         freq="year", rep="STTTT"),
    stock("Số tài khoản định danh điện tử được kích hoạt", "Activated electronic identification accounts",
          "tài khoản", "CA", 10_000_000, freq="month", rep="STTTT"),
    pct("Tỷ lệ dân số trưởng thành có tài khoản định danh điện tử",
        "Share of adults with an electronic identification account", "CA", rep="STTTT"),
    pct("Tỷ lệ dân số trưởng thành sử dụng dịch vụ thanh toán trực tuyến",
        "Share of adults using online payment services", "STTTT", rep="NHNN"),
    pct("Tỷ lệ văn bản điện tử được ký số trao đổi giữa các cơ quan nhà nước",
        "Share of digitally signed electronic documents exchanged between state agencies", "STTTT",
        freq="month", agg="none", rep="VPUBND"),
    flow("Số văn bản điện tử gửi, nhận trên hệ thống quản lý văn bản và điều hành",
         "Electronic documents sent and received on the document management system", "văn bản", "STTTT",
         20_000_000, rep="VPUBND"),
    stock("Số chứng thư số cấp cho cán bộ, công chức và cơ quan nhà nước",
          "Digital certificates issued to officials and state agencies", "chứng thư số", "STTTT", 50_000),
    stock("Số cơ sở dữ liệu chuyên ngành được xây dựng", "Sectoral databases built", "cơ sở dữ liệu", "STTTT", 200),
    stock("Số bộ dữ liệu mở được công bố", "Open datasets published", "bộ dữ liệu", "STTTT", 1_000),
    flow("Số giao dịch qua nền tảng tích hợp, chia sẻ dữ liệu cấp tỉnh (LGSP)",
         "Transactions through the provincial data integration and sharing platform (LGSP)", "giao dịch", "STTTT",
         500_000_000),
    stock("Số hệ thống thông tin kết nối với nền tảng tích hợp, chia sẻ dữ liệu cấp tỉnh",
          "Information systems connected to the provincial data sharing platform", "hệ thống", "STTTT", 200),
    stock("Số camera giám sát kết nối Trung tâm Điều hành thông minh",
          "Surveillance cameras connected to the intelligent operations centre", "camera", "STTTT", 50_000,
          rep="CA"),
    flow("Số phản ánh hiện trường tiếp nhận qua hệ thống 1022", "Citizen field reports received via the 1022 system",
         "phản ánh", "STTTT", 500_000, rep="VPUBND"),
    pct("Tỷ lệ phản ánh hiện trường được xử lý đúng hạn", "Share of citizen field reports resolved on time",
        "STTTT", freq="month", agg="none", rep="VPUBND"),
    flow("Số lượt cài đặt ứng dụng công dân số của tỉnh", "Installations of the provincial digital citizen app",
         "lượt", "STTTT", 5_000_000),
    stock("Số nền tảng số dùng chung của tỉnh đang vận hành", "Shared provincial digital platforms in operation",
          "nền tảng", "STTTT", 100),
    flow("Số lượt người dân được tập huấn kỹ năng số", "Residents trained in digital skills", "lượt", "STTTT",
         2_000_000, freq="quarter"),
    stock("Số hộ sản xuất nông nghiệp tham gia sàn thương mại điện tử",
          "Farming households selling on e-commerce platforms", "hộ", "STTTT", 50_000, rep="SNNPTNT"),
    pct("Tỷ lệ doanh nghiệp nhỏ và vừa sử dụng nền tảng số", "Share of SMEs using digital platforms", "STTTT",
        rep="SKHDT"),
    pct("Tỷ lệ doanh nghiệp sử dụng hợp đồng điện tử", "Share of enterprises using electronic contracts", "SCT",
        rep="STTTT"),
    pct("Tỷ lệ cơ quan nhà nước kết nối mạng truyền số liệu chuyên dùng",
        "Share of state agencies connected to the dedicated data network", "STTTT"),
    stock("Số điểm kết nối mạng truyền số liệu chuyên dùng", "Dedicated data network connection points", "điểm",
          "STTTT", 2_000),
    flow("Số doanh nghiệp công nghệ số thành lập mới", "Newly established digital technology enterprises",
         "doanh nghiệp", "SKHDT", 1_000, freq="quarter", rep="STTTT"),
    pct("Tỷ lệ trường học triển khai mô hình chuyển đổi số", "Share of schools implementing digital transformation",
        "SGDDT", rep="STTTT"),
    pct("Tỷ lệ người dân có hồ sơ sức khỏe điện tử được tích hợp trên VNeID",
        "Share of residents with an electronic health record integrated into VNeID", "SYT", rep="STTTT"),
]

# --- CCHC: administrative reform and public services ----------------------------------------
AT_LEVEL3 = L((" tại cấp tỉnh", " at provincial level", 0.3), (" tại cấp huyện", " at district level", 0.5),
              (" tại cấp xã", " at commune level", 0.5))
CATALOGUE["CCHC"] = [
    core("CCHC.001", rep="STTTT"),
    core("CCHC.002", rep="STTTT"),
    core("CCHC.003", rep="STTTT"),
    flow("Số hồ sơ thủ tục hành chính tiếp nhận", "Administrative dossiers received", "hồ sơ", "VPUBND",
         10_000_000, by=[AT_LEVEL3, L((" trực tuyến", " online", 1.0, {"rep": ("STTTT",)}))]),
    flow("Số hồ sơ thủ tục hành chính đã giải quyết", "Administrative dossiers resolved", "hồ sơ", "VPUBND",
         10_000_000, by=[L(
             (" đúng hạn", " on time", 1.0),
             (" trễ hạn", " late", 0.1, {"dir": "down"}),
         )]),
    stock("Số hồ sơ thủ tục hành chính đang giải quyết", "Administrative dossiers in process", "hồ sơ", "VPUBND",
          1_000_000, freq="month", dir="neutral"),
    pct("Tỷ lệ hồ sơ thủ tục hành chính giải quyết đúng hạn", "Share of administrative dossiers resolved on time",
        "VPUBND", freq="month", agg="none", by=[L((" tại cấp tỉnh", " at provincial level"),
                                                   (" tại cấp huyện", " at district level"),
                                                   (" tại cấp xã", " at commune level"))]),
    pct("Tỷ lệ hồ sơ thủ tục hành chính tiếp nhận trực tuyến", "Share of administrative dossiers received online",
        "VPUBND", freq="month", agg="none", rep="STTTT"),
    pct("Tỷ lệ hồ sơ thủ tục hành chính được xử lý trực tuyến toàn trình",
        "Share of administrative dossiers processed fully online", "VPUBND", freq="month", agg="none", rep="STTTT"),
    stock("Số thủ tục hành chính thuộc thẩm quyền giải quyết của tỉnh",
          "Administrative procedures under provincial jurisdiction", "thủ tục", "VPUBND", 5_000, by=[L(
              ("=Số thủ tục hành chính thuộc thẩm quyền giải quyết của cấp tỉnh",
               "=Administrative procedures under the jurisdiction of the provincial level", 0.8),
              ("=Số thủ tục hành chính thuộc thẩm quyền giải quyết của cấp huyện",
               "=Administrative procedures under the jurisdiction of the district level", 0.2),
              ("=Số thủ tục hành chính thuộc thẩm quyền giải quyết của cấp xã",
               "=Administrative procedures under the jurisdiction of the commune level", 0.1),
          )]),
    stock("Số dịch vụ công trực tuyến toàn trình", "Fully online public services", "dịch vụ", "VPUBND", 5_000,
          rep="STTTT"),
    stock("Số dịch vụ công trực tuyến một phần", "Partly online public services", "dịch vụ", "VPUBND", 5_000,
          rep="STTTT"),
    flow("Số thủ tục hành chính được cắt giảm, đơn giản hóa", "Administrative procedures abolished or simplified",
         "thủ tục", "VPUBND", 1_000, freq="year"),
    pct("Tỷ lệ hồ sơ thủ tục hành chính được số hóa", "Share of administrative dossiers digitised", "VPUBND",
        freq="month", agg="none", rep="STTTT"),
    pct("Tỷ lệ kết quả giải quyết thủ tục hành chính được số hóa",
        "Share of administrative procedure results digitised", "VPUBND", freq="month", agg="none"),
    pct("Tỷ lệ hồ sơ thủ tục hành chính có thanh toán trực tuyến phí, lệ phí",
        "Share of administrative dossiers with fees paid online", "VPUBND", freq="month", agg="none"),
    flow("Số giao dịch thanh toán trực tuyến trên Cổng dịch vụ công", "Online payments on the public service portal",
         "giao dịch", "VPUBND", 5_000_000, rep="STTTT"),
    stock("Số tài khoản đăng ký trên Cổng dịch vụ công của tỉnh",
          "Registered accounts on the provincial public service portal", "tài khoản", "VPUBND", 10_000_000,
          freq="month", rep="STTTT"),
    flow("Số văn bản xin lỗi tổ chức, cá nhân do giải quyết hồ sơ trễ hạn",
         "Letters of apology for late handling of dossiers", "văn bản", "VPUBND", 100_000, dir="down"),
    score("Chỉ số phục vụ người dân và doanh nghiệp", "Index of service to citizens and businesses", "VPUBND",
          freq="quarter"),
    score("Chỉ số cải cách hành chính (PAR INDEX)", "Public Administration Reform Index (PAR INDEX) score", "SNV"),
    rank("Xếp hạng Chỉ số cải cách hành chính (PAR INDEX)",
         "Public Administration Reform Index (PAR INDEX) rank among 63 provinces", "SNV"),
    score("Chỉ số hài lòng về sự phục vụ hành chính (SIPAS)",
          "Satisfaction Index of Public Administrative Services (SIPAS)", "SNV", unit="%"),
    rank("Xếp hạng Chỉ số hài lòng về sự phục vụ hành chính (SIPAS)", "SIPAS rank among 63 provinces", "SNV"),
    score("Chỉ số hiệu quả quản trị và hành chính công cấp tỉnh (PAPI)",
          "Provincial Governance and Public Administration Performance Index (PAPI) score", "VPUBND", hi=80),
    rank("Xếp hạng Chỉ số hiệu quả quản trị và hành chính công cấp tỉnh (PAPI)", "PAPI rank among 63 provinces",
         "VPUBND"),
    stock("Số cán bộ, công chức, viên chức", "Officials, civil servants and public employees", "người", "SNV",
          200_000, by=[L(
              ("=Số công chức hành chính cấp tỉnh, cấp huyện", "=Provincial and district civil servants", 0.1),
              ("=Số viên chức trong các đơn vị sự nghiệp công lập", "=Public employees in public service units", 1.0),
              ("=Số cán bộ, công chức cấp xã", "=Commune officials and civil servants", 0.1),
          )]),
    stock("Số biên chế công chức được giao", "Civil service staffing quota", "biên chế", "SNV", 10_000),
    flow("Số lượt cán bộ, công chức, viên chức được đào tạo, bồi dưỡng",
         "Officials, civil servants and public employees trained", "lượt", "SNV", 100_000, freq="quarter"),
    flow("Số công chức được tuyển dụng", "Civil servants recruited", "người", "SNV", 5_000, freq="year"),
    flow("Số viên chức được tuyển dụng", "Public employees recruited", "người", "SNV", 10_000, freq="year"),
    pct("Tỷ lệ cán bộ, công chức cấp xã đạt chuẩn", "Share of commune officials meeting the standard", "SNV"),
    stock("Số đơn vị sự nghiệp công lập", "Public service units", "đơn vị", "SNV", 2_000, by=[L(
        ("=Số đơn vị sự nghiệp công lập tự bảo đảm chi thường xuyên",
         "=Public service units self-financing recurrent spending", 0.5),
    )]),
    flow("Số cán bộ, công chức, viên chức bị kỷ luật", "Officials, civil servants and public employees disciplined",
         "người", "SNV", 1_000, freq="quarter", dir="down"),
    flow("Số người thực hiện tinh giản biên chế", "Staff cut under the streamlining policy", "người", "SNV", 5_000,
         freq="year"),
    stock("Số cơ quan chuyên môn thuộc Ủy ban nhân dân tỉnh",
          "Specialised agencies of the Provincial People's Committee",
          "cơ quan", "SNV", 50),
    pct("Tỷ lệ nữ cán bộ giữ chức vụ lãnh đạo, quản lý", "Share of women in leadership and management positions",
        "SNV"),
]

# --- ANTT: public security and order -------------------------------------------------
CATALOGUE["ANTT"] = [
    core("ANTT.001", rep="SGTVT", by=[L(
        ("=Số vụ tai nạn giao thông đường bộ", "=Road traffic accidents", 1.0),
        ("=Số vụ tai nạn giao thông đường thủy nội địa", "=Inland waterway accidents", 0.1),
        ("=Số vụ tai nạn giao thông đường sắt", "=Railway accidents", 0.1),
    )]),
    core("ANTT.002", rep="SGTVT", by=[L(
        ("=Số người chết do tai nạn giao thông đường bộ", "=Road traffic accident deaths", 1.0),
    )]),
    flow("Số người bị thương do tai nạn giao thông", "Traffic accident injuries", "người", "CA", 2_500,
         dir="down", rep="SGTVT"),
    flow("Số vụ va chạm giao thông", "Minor traffic collisions", "vụ", "CA", 10_000, dir="down"),
    flow("Số vụ phạm pháp hình sự", "Criminal offences", "vụ", "CA", 5_000, dir="down", by=[L(
        ("=Số vụ giết người", "=Homicides", 0.05),
        ("=Số vụ cướp tài sản", "=Robberies", 0.1),
        ("=Số vụ trộm cắp tài sản", "=Thefts", 0.5),
        ("=Số vụ lừa đảo chiếm đoạt tài sản", "=Fraud cases", 0.2),
        ("=Số vụ cố ý gây thương tích", "=Intentional assaults", 0.1),
    )]),
    pct("Tỷ lệ điều tra, khám phá các vụ phạm pháp hình sự", "Clearance rate of criminal offences", "CA",
        freq="month", agg="none"),
    pct("Tỷ lệ điều tra, khám phá các vụ trọng án", "Clearance rate of serious crimes", "CA", freq="month",
        agg="none"),
    flow("Số đối tượng phạm pháp hình sự bị bắt giữ", "Criminal suspects arrested", "người", "CA", 10_000,
         dir="neutral"),
    flow("Số vụ phạm tội về ma túy bị phát hiện", "Drug offences detected", "vụ", "CA", 3_000, dir="neutral"),
    flow("Số đối tượng phạm tội về ma túy bị bắt giữ", "Drug offenders arrested", "người", "CA", 5_000,
         dir="neutral"),
    stock("Số người nghiện ma túy có hồ sơ quản lý", "Registered drug users", "người", "CA", 20_000, freq="quarter",
          dir="down", rep="SLDTBXH"),
    flow("Số vụ phạm tội về trật tự quản lý kinh tế bị phát hiện", "Economic offences detected", "vụ", "CA",
         2_000, dir="neutral"),
    flow("Số vụ phạm tội sử dụng công nghệ cao", "High-tech crime cases", "vụ", "CA", 1_000, dir="down"),
    flow("Số vụ xâm hại trẻ em", "Child abuse cases", "vụ", "CA", 500, dir="down", rep="SLDTBXH"),
    flow("Số trường hợp vi phạm trật tự an toàn giao thông bị xử lý", "Traffic violations penalised", "trường hợp",
         "CA", 1_000_000, by=[L(
             ("=Số trường hợp vi phạm nồng độ cồn bị xử lý", "=Drink-driving violations penalised", 0.3),
             ("=Số trường hợp vi phạm tốc độ bị xử lý", "=Speeding violations penalised", 0.5),
             ("=Số trường hợp không đội mũ bảo hiểm bị xử lý", "=Helmet violations penalised", 0.5),
         )]),
    flow("Số tiền xử phạt vi phạm trật tự an toàn giao thông", "Traffic fines imposed", "triệu đồng", "CA",
         2_000_000),
    flow("Số giấy phép lái xe bị tạm giữ", "Driving licences temporarily withheld", "giấy phép", "CA", 200_000),
    flow("Số phương tiện vi phạm bị tạm giữ", "Vehicles impounded", "phương tiện", "CA", 200_000),
    flow("Số vụ cháy", "Fires", "vụ", "CA", 1_000, dir="down"),
    flow("Số vụ nổ", "Explosions", "vụ", "CA", 100, dir="down"),
    flow("Số người chết do cháy, nổ", "Deaths from fires and explosions", "người", "CA", 200, dir="down"),
    flow("Số người bị thương do cháy, nổ", "Injuries from fires and explosions", "người", "CA", 500, dir="down"),
    flow("Giá trị thiệt hại do cháy, nổ", "Damage from fires and explosions", "tỷ đồng", "CA", 10_000, dir="down"),
    flow("Số vụ cứu nạn, cứu hộ", "Rescue operations", "vụ", "CA", 2_000, dir="neutral"),
    flow("Số lượt cơ sở được kiểm tra an toàn phòng cháy, chữa cháy", "Fire safety inspections of establishments",
         "lượt", "CA", 100_000),
    stock("Số người đăng ký tạm trú", "Registered temporary residents", "người", "CA", 5_000_000, freq="quarter",
          dir="neutral"),
    flow("Số thẻ căn cước được cấp", "Identity cards issued", "thẻ", "CA", 2_000_000),
    stock("Số người nước ngoài tạm trú", "Foreigners in temporary residence", "người", "CA", 100_000,
          freq="quarter", dir="neutral"),
    flow("Số hộ chiếu phổ thông được cấp", "Ordinary passports issued", "hộ chiếu", "CA", 200_000),
    flow("Số vụ tụ tập đông người, gây rối trật tự công cộng", "Mass gatherings and public order disturbances",
         "vụ", "CA", 500, dir="down"),
]

# --- TP: justice -----------------------------------------------------------------
CATALOGUE["TP"] = [
    flow("Số văn bản quy phạm pháp luật{x} được ban hành", "Legal normative documents issued", "văn bản", "STP",
         2_000, by=[L((" cấp tỉnh", " at provincial level", 0.5), (" cấp huyện", " at district level", 0.5),
                      (" cấp xã", " at commune level", 0.5))]),
    flow("Số văn bản quy phạm pháp luật được kiểm tra", "Legal normative documents reviewed", "văn bản", "STP",
         5_000),
    flow("Số văn bản trái pháp luật được phát hiện qua kiểm tra", "Unlawful documents found through review",
         "văn bản", "STP", 500, dir="down"),
    flow("Số dự thảo văn bản quy phạm pháp luật được thẩm định", "Draft legal normative documents appraised",
         "dự thảo", "STP", 2_000),
    flow("Số trường hợp đăng ký khai sinh", "Birth registrations", "trường hợp", "STP", 200_000, by=[L(
        (" trực tuyến", " made online", 1.0, {"rep": ("STTTT",)}),
    )]),
    flow("Số trường hợp đăng ký khai tử", "Death registrations", "trường hợp", "STP", 50_000, dir="neutral"),
    flow("Số trường hợp đăng ký kết hôn", "Marriage registrations", "trường hợp", "STP", 100_000, dir="neutral"),
    flow("Số trường hợp đăng ký hộ tịch có yếu tố nước ngoài", "Civil status registrations involving foreigners",
         "trường hợp", "STP", 5_000, dir="neutral"),
    pct("Tỷ lệ trẻ em dưới 1 tuổi được đăng ký khai sinh", "Share of children under 1 with a birth registration",
        "STP"),
    flow("Số bản sao được chứng thực từ bản chính", "Copies certified from originals", "bản", "STP", 10_000_000),
    flow("Số việc chứng thực chữ ký, hợp đồng, giao dịch", "Certifications of signatures, contracts and transactions",
         "việc", "STP", 1_000_000),
    flow("Số việc công chứng", "Notarisations", "việc", "STP", 1_000_000),
    flow("Số phí công chứng thu được", "Notary fees collected", "triệu đồng", "STP", 500_000),
    stock("Số tổ chức hành nghề công chứng", "Notary organisations", "tổ chức", "STP", 100),
    flow("Số phiếu lý lịch tư pháp được cấp", "Judicial record certificates issued", "phiếu", "STP", 200_000,
         by=[L((" qua dịch vụ công trực tuyến", " through online public services", 1.0))]),
    flow("Số vụ việc trợ giúp pháp lý", "Legal aid cases", "vụ việc", "STP", 10_000),
    flow("Số cuộc tuyên truyền, phổ biến, giáo dục pháp luật", "Legal dissemination and education sessions",
         "cuộc", "STP", 20_000),
    flow("Số lượt người tham dự tuyên truyền, phổ biến, giáo dục pháp luật",
         "Attendance at legal dissemination and education sessions", "lượt", "STP", 5_000_000),
    flow("Số vụ việc hòa giải ở cơ sở", "Grassroots mediation cases", "vụ việc", "STP", 10_000),
    pct("Tỷ lệ vụ việc hòa giải ở cơ sở thành công", "Share of grassroots mediation cases settled", "STP",
        freq="quarter", agg="none"),
    flow("Số quyết định xử phạt vi phạm hành chính được ban hành", "Administrative penalty decisions issued",
         "quyết định", "STP", 500_000, dir="neutral"),
    flow("Số tiền phạt vi phạm hành chính", "Administrative fines imposed", "triệu đồng", "STP", 5_000_000,
         dir="neutral"),
    stock("Số tổ chức hành nghề luật sư", "Law firms and lawyers' offices", "tổ chức", "STP", 1_000),
    stock("Số luật sư đang hành nghề", "Practising lawyers", "người", "STP", 5_000),
    flow("Số cuộc đấu giá tài sản thành công", "Successful asset auctions", "cuộc", "STP", 5_000),
    stock("Số tổ hòa giải ở cơ sở", "Grassroots mediation teams", "tổ", "STP", 5_000),
]

# --- TTR: inspection, complaints and denunciations ---------------------------------
CATALOGUE["TTR"] = [
    flow("Số cuộc thanh tra hành chính", "Administrative inspections", "cuộc", "TTRA", 2_000, by=[L(
        ("=Số cuộc thanh tra hành chính đã ban hành kết luận", "=Administrative inspections concluded", 1.0),
    )]),
    flow("Số cuộc thanh tra, kiểm tra chuyên ngành", "Specialised inspections and checks", "cuộc", "TTRA", 20_000),
    flow("Số tổ chức, cá nhân được thanh tra, kiểm tra chuyên ngành",
         "Organisations and individuals subject to specialised inspections", "tổ chức, cá nhân", "TTRA", 100_000),
    flow("Số tiền sai phạm phát hiện qua thanh tra", "Financial irregularities found by inspections", "tỷ đồng",
         "TTRA", 20_000, dir="neutral"),
    flow("Số tiền kiến nghị thu hồi về ngân sách nhà nước", "Amounts recommended for recovery to the state budget",
         "tỷ đồng", "TTRA", 10_000, dir="neutral"),
    flow("Số tiền đã thu hồi về ngân sách nhà nước qua thanh tra",
         "Amounts recovered to the state budget through inspections",
         "tỷ đồng", "TTRA", 10_000),
    flow("Diện tích đất sai phạm phát hiện qua thanh tra", "Land area with irregularities found by inspections",
         "ha", "TTRA", 10_000, dir="neutral"),
    flow("Số tập thể, cá nhân bị kiến nghị xử lý hành chính",
         "Organisations and individuals recommended for administrative sanctions", "tập thể, cá nhân", "TTRA", 5_000,
         dir="neutral"),
    flow("Số vụ việc chuyển cơ quan điều tra", "Cases referred to investigation agencies", "vụ việc", "TTRA", 100,
         dir="neutral", rep="CA"),
    pct("Tỷ lệ thực hiện kết luận thanh tra", "Implementation rate of inspection conclusions", "TTRA",
        freq="half", agg="none"),
    flow("Số lượt tiếp công dân", "Citizen reception sessions", "lượt", "TTRA", 100_000, dir="neutral", by=[L(
        ("=Số lượt tiếp công dân định kỳ, đột xuất của người đứng đầu",
         "=Periodic and ad hoc citizen receptions by heads of agencies", 0.2),
    )]),
    flow("Số đoàn đông người đến khiếu nại, tố cáo, kiến nghị", "Large groups lodging complaints or petitions",
         "đoàn", "TTRA", 1_000, dir="down"),
    flow("Số đơn khiếu nại, tố cáo, kiến nghị, phản ánh tiếp nhận",
         "Complaints, denunciations, petitions and feedback received", "đơn", "TTRA", 100_000, dir="neutral", by=[L(
             ("=Số đơn khiếu nại tiếp nhận", "=Complaints received", 0.5),
             ("=Số đơn tố cáo tiếp nhận", "=Denunciations received", 0.2),
             ("=Số đơn kiến nghị, phản ánh tiếp nhận", "=Petitions and feedback received", 1.0),
         )]),
    flow("Số vụ việc khiếu nại thuộc thẩm quyền đã giải quyết", "Complaints within jurisdiction resolved",
         "vụ việc", "TTRA", 10_000),
    pct("Tỷ lệ giải quyết khiếu nại thuộc thẩm quyền", "Resolution rate of complaints within jurisdiction", "TTRA",
        freq="half", agg="none"),
    flow("Số vụ việc tố cáo thuộc thẩm quyền đã giải quyết", "Denunciations within jurisdiction resolved",
         "vụ việc", "TTRA", 5_000),
    pct("Tỷ lệ giải quyết tố cáo thuộc thẩm quyền", "Resolution rate of denunciations within jurisdiction", "TTRA",
        freq="half", agg="none"),
    stock("Số vụ việc khiếu nại đông người, phức tạp, kéo dài", "Complex, protracted mass complaints", "vụ việc",
          "TTRA", 500, freq="quarter", dir="down"),
    flow("Số vụ việc tham nhũng được phát hiện", "Corruption cases detected", "vụ việc", "TTRA", 100,
         dir="neutral", rep="CA"),
    flow("Số người có hành vi tham nhũng bị phát hiện", "Persons found to have committed corruption", "người", "TTRA",
         500, dir="neutral"),
    flow("Số tiền tham nhũng được phát hiện", "Amounts involved in detected corruption", "triệu đồng", "TTRA",
         500_000, dir="neutral"),
    flow("Số người thực hiện kê khai tài sản, thu nhập", "Persons declaring assets and income", "người", "TTRA",
         50_000, freq="year"),
    flow("Số người được xác minh tài sản, thu nhập", "Persons whose assets and income were verified", "người",
         "TTRA", 5_000, freq="year"),
    flow("Số cuộc thanh tra trách nhiệm thực hiện pháp luật về phòng, chống tham nhũng",
         "Inspections of anti-corruption law compliance", "cuộc", "TTRA", 500, freq="quarter"),
]

# --- DS: population ---------------------------------------------------------------
CATALOGUE["DS"] = [
    core("DS.001", by=[L(
        ("=Dân số trung bình nam", "=Average male population", 0.6),
        ("=Dân số trung bình nữ", "=Average female population", 0.6),
        ("=Dân số trung bình khu vực thành thị", "=Average urban population", 1.0),
        ("=Dân số trung bình khu vực nông thôn", "=Average rural population", 0.5),
    )], rep="CA"),
    growth("Tỷ lệ tăng dân số", "Population growth rate", "CTK", freq="year", lo=-10, hi=20, dir="neutral"),
    ratio("Mật độ dân số", "Population density", "người/km2", "CTK", 30_000, dir="neutral"),
    pct("Tỷ lệ dân số thành thị", "Urban population share", "CTK"),
    rate("Tỷ suất sinh thô", "Crude birth rate", "‰", "CTK", 50, dir="neutral"),
    rate("Tỷ suất chết thô", "Crude death rate", "‰", "CTK", 30),
    rate("Tỷ lệ tăng dân số tự nhiên", "Natural population growth rate", "‰", "CTK", 50, lo=-20, dir="neutral"),
    rate("Tổng tỷ suất sinh", "Total fertility rate", "con/phụ nữ", "CTK", 10, dir="neutral"),
    ratio("Tỷ số giới tính khi sinh", "Sex ratio at birth", "bé trai/100 bé gái", "CTK", 150, dir="down"),
    ratio("Tỷ số giới tính của dân số", "Sex ratio of the population", "nam/100 nữ", "CTK", 150, dir="neutral"),
    rate("Tỷ suất di cư thuần", "Net migration rate", "‰", "CTK", 300, lo=-100, dir="neutral"),
    avg("Tuổi thọ trung bình tính từ lúc sinh", "Life expectancy at birth", "năm", "CTK", 100),
    flow("Số trẻ em sinh ra", "Live births", "trẻ", "SYT", 200_000, dir="neutral", rep="STP", by=[L(
        ("=Số trẻ em sinh ra là con thứ ba trở lên", "=Live births of third or higher order", 0.3,
         {"dir": "down"}),
    )]),
    pct("Tỷ lệ sinh con thứ ba trở lên", "Share of third-or-higher-order births", "SYT", dir="down",
        agg="none"),
    stock("Số hộ dân cư", "Households", "hộ", "CTK", 3_000_000, by=["urban"], rep="CA"),
    ratio("Quy mô hộ bình quân", "Average household size", "người/hộ", "CTK", 10, dir="neutral"),
    stock("Dân số từ 15 tuổi trở lên", "Population aged 15 and over", "nghìn người", "CTK", 10_000,
          dir="neutral"),
    stock("Số người cao tuổi", "Older people (aged 60 and over)", "người", "CTK", 1_000_000, dir="neutral",
          rep="SLDTBXH"),
    pct("Tỷ lệ người cao tuổi trong tổng dân số", "Share of older people in the population", "CTK",
        dir="neutral"),
    pct("Tỷ lệ biết chữ của dân số từ 15 tuổi trở lên", "Literacy rate of population aged 15 and over", "CTK"),
    pct("Tỷ lệ phụ nữ có chồng trong độ tuổi sinh đẻ sử dụng biện pháp tránh thai hiện đại",
        "Modern contraceptive prevalence among married women of reproductive age", "SYT", dir="neutral"),
    pct("Tỷ lệ nam, nữ thanh niên được tư vấn, khám sức khỏe trước khi kết hôn",
        "Share of young people receiving premarital counselling and health checks", "SYT"),
    stock("Số người nhập cư đang sinh sống trên địa bàn", "Migrants living in the province", "người", "CA",
          3_000_000, dir="neutral"),
]

# --- NL: energy, electricity and water ---------------------------------------------------
CATALOGUE["NL"] = [
    flow("Sản lượng điện thương phẩm", "Electricity sold", "triệu kWh", "PCDL", 100_000, rep="SCT", by=[L(
        (" cấp cho công nghiệp, xây dựng", " to industry and construction", 0.8),
        (" cấp cho quản lý và tiêu dùng dân cư", " to households and administration", 0.3),
        (" cấp cho thương nghiệp, khách sạn, nhà hàng", " to commerce, hotels and restaurants", 0.1),
        (" cấp cho nông, lâm nghiệp và thủy sản", " to agriculture, forestry and fishery", 0.05),
        (" cấp cho các hoạt động khác", " to other activities", 0.05),
    ), "yoy"]),
    ratio("Điện năng tiêu thụ bình quân đầu người", "Electricity consumption per capita", "kWh/người", "PCDL",
          20_000),
    stock("Số khách hàng sử dụng điện", "Electricity customers", "khách hàng", "PCDL", 5_000_000, freq="month"),
    pct("Tỷ lệ hộ dân sử dụng điện lưới quốc gia", "Share of households connected to the national grid", "PCDL",
        rep="SCT"),
    pct("Tỷ lệ tổn thất điện năng", "Electricity loss rate", "PCDL", freq="month", agg="none", dir="down"),
    ratio("Thời gian mất điện bình quân của khách hàng (SAIDI)", "System average interruption duration index (SAIDI)",
          "phút/khách hàng", "PCDL", 5_000, freq="month", dir="down"),
    stock("Chiều dài đường dây trung thế", "Medium-voltage line length", "km", "PCDL", 20_000),
    stock("Chiều dài đường dây hạ thế", "Low-voltage line length", "km", "PCDL", 30_000),
    stock("Số trạm biến áp phân phối", "Distribution transformer stations", "trạm", "PCDL", 100_000),
    stock("Tổng dung lượng máy biến áp phân phối", "Distribution transformer capacity", "MVA", "PCDL", 50_000),
    stock("Số công trình điện mặt trời mái nhà", "Rooftop solar installations", "công trình", "PCDL", 50_000,
          rep="SCT"),
    stock("Tổng công suất điện mặt trời mái nhà", "Rooftop solar capacity", "MW", "PCDL", 5_000, rep="SCT"),
    flow("Doanh thu tiền điện", "Electricity sales revenue", "tỷ đồng", "PCDL", 150_000),
    pct("Tỷ lệ khách hàng thanh toán tiền điện không dùng tiền mặt",
        "Share of electricity customers paying by non-cash means", "PCDL", freq="month", agg="none"),
    flow("Số vụ vi phạm sử dụng điện bị phát hiện", "Electricity use violations detected", "vụ", "PCDL", 5_000,
         dir="down"),
    flow("Số sự cố lưới điện", "Power grid faults", "sự cố", "PCDL", 10_000, dir="down"),
    flow("Số giờ cắt điện có kế hoạch", "Hours of planned power outages", "giờ", "PCDL", 10_000, dir="down"),
    stock("Số cơ sở sử dụng năng lượng trọng điểm", "Designated energy-intensive establishments", "cơ sở", "SCT",
          2_000),
    flow("Sản lượng điện tiết kiệm được", "Electricity saved", "triệu kWh", "SCT", 5_000, freq="year",
         rep="PCDL"),
    flow("Sản lượng nước sạch sản xuất", "Clean water produced", "nghìn m3", "SXD", 750_000, by=[L(
        ("=Sản lượng nước sạch tiêu thụ", "=Clean water sold", 1.0),
    )]),
    stock("Tổng công suất các nhà máy nước sạch", "Capacity of clean water plants", "m3/ngày đêm", "SXD",
          5_000_000),
    pct("Tỷ lệ thất thoát, thất thu nước sạch", "Non-revenue water rate", "SXD", dir="down", agg="none"),
    pct("Tỷ lệ dân số đô thị được cung cấp nước sạch qua hệ thống cấp nước tập trung",
        "Share of urban population supplied with clean water by piped systems", "SXD"),
    flow("Số đấu nối cấp nước mới", "New water supply connections", "đấu nối", "SXD", 200_000),
]

# --- ATTT: information security ------------------------------------------------------
CATALOGUE["ATTT"] = [
    flow("Số cuộc tấn công mạng vào hệ thống thông tin của cơ quan nhà nước được phát hiện",
         "Cyber attacks on state information systems detected", "cuộc", "STTTT", 100_000, dir="down", by=[L(
             ("=Số cuộc tấn công mạng vào hệ thống thông tin của cơ quan nhà nước được ngăn chặn",
              "=Cyber attacks on state information systems blocked", 1.0, {"dir": "up"}),
         )]),
    flow("Số sự cố an toàn thông tin mạng được xử lý", "Cyber security incidents handled", "sự cố", "STTTT", 5_000,
         dir="neutral"),
    flow("Số mã độc được phát hiện và xử lý", "Malware detected and removed", "mã độc", "STTTT", 500_000,
         dir="neutral"),
    stock("Số hệ thống thông tin được phê duyệt hồ sơ đề xuất cấp độ",
          "Information systems with an approved security-level dossier", "hệ thống", "STTTT", 1_000),
    stock("Số hệ thống thông tin đang vận hành của cơ quan nhà nước",
          "Information systems operated by state agencies", "hệ thống", "STTTT", 1_000),
    stock("Số máy chủ, máy trạm được cài đặt giải pháp phòng chống mã độc",
          "Servers and workstations with anti-malware installed", "máy", "STTTT", 100_000),
    flow("Số cuộc kiểm tra, đánh giá an toàn thông tin", "Information security audits", "cuộc", "STTTT", 500,
         freq="quarter"),
    flow("Số lỗ hổng bảo mật được phát hiện và khắc phục", "Security vulnerabilities found and fixed", "lỗ hổng",
         "STTTT", 50_000, dir="neutral"),
    flow("Số lượt cán bộ được tập huấn về an toàn thông tin", "Officials trained in information security",
         "lượt", "STTTT", 50_000, freq="quarter"),
    flow("Số cuộc diễn tập ứng cứu sự cố an toàn thông tin mạng", "Cyber incident response drills", "cuộc", "STTTT",
         100, freq="year"),
    stock("Số cổng, trang thông tin điện tử của cơ quan nhà nước được giám sát an toàn thông tin",
          "State web portals and websites under security monitoring", "trang", "STTTT", 1_000),
    pct("Tỷ lệ cơ quan nhà nước có cán bộ chuyên trách an toàn thông tin",
        "Share of state agencies with a dedicated information security officer", "STTTT"),
    pct("Tỷ lệ hệ thống thông tin cấp độ 3 trở lên được giám sát bởi Trung tâm giám sát an toàn thông tin (SOC)",
        "Share of level-3+ information systems monitored by the security operations centre (SOC)", "STTTT"),
    flow("Số vụ lừa đảo trực tuyến được tiếp nhận, xử lý", "Online fraud reports received and handled", "vụ", "CA",
         20_000, dir="down", rep="STTTT"),
    flow("Số tài khoản mạng xã hội vi phạm pháp luật bị xử lý", "Unlawful social media accounts dealt with",
         "tài khoản", "CA", 50_000, dir="neutral", rep="STTTT"),
    flow("Số địa chỉ IP của cơ quan nhà nước nằm trong mạng máy tính ma (botnet)",
         "State agency IP addresses found in botnets", "địa chỉ IP", "STTTT", 10_000, dir="down"),
]


# ---------------------------------------------------------------------------------------
# Other departments that also report an indicator (besides the owner; CTK needs no rows)
# ---------------------------------------------------------------------------------------

# Required cross-reporting pairs, kept here explicitly (most are also declared on their families).
# TTTT.001 is owned by STTTT itself, so "TTTT.001 reported by STTTT" needs no row.
EXTRA_REPORTERS = [
    ("CDS.008", "STTTT"), ("CDS.009", "STTTT"), ("CDS.010", "STTTT"), ("CDS.013", "STTTT"),
    ("CCHC.001", "STTTT"), ("NS.001", "STTTT"), ("CDS.003", "VPUBND"),
]


# ---------------------------------------------------------------------------------------
# Expander
# ---------------------------------------------------------------------------------------

def nfc(s):
    return unicodedata.normalize("NFC", s)


def _lcfirst(s):
    """Lower-case the first letter unless the name starts with an acronym (GRDP, PCI, ...)."""
    if len(s) > 1 and s[1].isupper():
        return s
    return s[:1].lower() + s[1:]


def _fill(template, frag):
    """Put ``frag`` into ``template`` (at ``{x}``, or appended); ``{b}`` and ``^`` forms wrap."""
    base = template.replace("{x}", "")
    if frag.startswith("="):
        return frag[1:]
    if frag.startswith("+"):
        return base + frag[1:]
    if "{b}" in frag:
        return frag.replace("{b}", _lcfirst(base))
    if frag.startswith("^"):
        return frag[1:] + _lcfirst(base)
    if "{x}" in template:
        return template.replace("{x}", frag)
    return template + frag


def nice(x):
    """Round an upper bound up to 1, 2, 2.5 or 5 times a power of ten."""
    if x <= 0:
        return x
    e = math.floor(math.log10(x))
    for m in (1, 2, 2.5, 5, 10):
        v = m * 10 ** e
        if v >= x * (1 - 1e-9):
            return int(v) if float(v).is_integer() else round(v, 6)
    raise AssertionError(x)


def fmt(v):
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return str(v)


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def expand(core_rows):
    """Families x breakdowns -> (indicator rows, reporter rows)."""
    rows = {r["indicator_code"]: dict(r, parent_indicator_code="", range_min="", range_max="")
            for r in core_rows}
    ranges = dict(CORE_RANGES)
    assert set(ranges) == set(rows), set(rows) ^ set(ranges)
    for code, (lo, hi) in ranges.items():
        rows[code]["range_min"], rows[code]["range_max"] = fmt(lo), fmt(hi)
    reporters = list(EXTRA_REPORTERS)
    next_no = {}
    for r in core_rows:
        dom, no = r["indicator_code"].split(".")
        next_no[dom] = max(next_no.get(dom, 0), int(no))

    names_seen = {nfc(r["name_vi"]).casefold() for r in core_rows}
    by_name = {nfc(r["name_vi"]): r["indicator_code"] for r in core_rows}

    def new_code(dom):
        next_no[dom] = next_no.get(dom, 0) + 1
        return f"{dom}.{next_no[dom]:03d}"

    def add(dom, vi, en, unit, kind, agg, dir_, freq, owner, parent, lo, hi, rep):
        code = new_code(dom)
        rows[code] = {
            "indicator_code": code, "name_vi": nfc(vi), "name_en": en, "domain_code": dom,
            "unit": unit, "value_kind": kind, "time_aggregation": agg, "direction": dir_,
            "frequency": freq, "department_code": owner, "parent_indicator_code": parent,
            "range_min": fmt(lo), "range_max": fmt(hi),
        }
        assert lo < hi, (code, vi)
        ranges[code] = (lo, hi)
        reporters.extend((code, d) for d in rep)
        key = nfc(vi).casefold()
        assert key not in names_seen, f"duplicate name_vi: {vi}"
        names_seen.add(key)
        by_name[nfc(vi)] = code
        return code

    for dom, fams in CATALOGUE.items():
        for fam in fams:
            if fam.core:
                pcode = fam.core if fam.core in rows else by_name[nfc(fam.core)]
                c = rows[pcode]
                assert c["domain_code"] == dom, fam.core
                vi_t = fam.vi or c["name_vi"]
                en_t = fam.en or c["name_en"]
                assert vi_t.replace("{x}", "") == c["name_vi"], (vi_t, c["name_vi"])
                assert en_t.replace("{x}", "") == c["name_en"], (en_t, c["name_en"])
                lo, hi = ranges[pcode]
                p = dict(unit=c["unit"], kind=c["value_kind"], agg=c["time_aggregation"],
                         dir=c["direction"], freq=c["frequency"], owner=c["department_code"])
                reporters.extend((pcode, d) for d in fam.rep)
            else:
                parent = ""
                if fam.parent:
                    parent = fam.parent if fam.parent in rows else by_name[nfc(fam.parent)]
                    assert rows[parent]["domain_code"] == dom, (fam.vi, parent)
                vi_t, en_t, lo, hi = fam.vi, fam.en, fam.lo, fam.hi
                p = dict(unit=fam.unit, kind=fam.kind, agg=fam.agg, dir=fam.dir, freq=fam.freq,
                         owner=fam.owner)
                pcode = add(dom, vi_t.replace("{x}", ""), en_t.replace("{x}", ""), p["unit"],
                            p["kind"], p["agg"], p["dir"], p["freq"], p["owner"], parent, lo, hi, fam.rep)
            for key in fam.by:
                items = BREAKDOWNS[key] if isinstance(key, str) else key
                for it in items:
                    child = it.get("child", True)
                    kind = it.get("kind", p["kind"])
                    if "hi" in it:
                        clo, chi = it.get("lo", 0), it["hi"]
                    elif kind in ("count", "amount") and p["kind"] in ("count", "amount"):
                        clo, chi = 0, min(hi, nice(hi * it["f"]))
                    else:
                        clo, chi = lo, hi
                    add(dom, _fill(vi_t, it["vi"]), _fill(en_t, it["en"]), it.get("unit", p["unit"]),
                        kind, it.get("agg", p["agg"]), it.get("dir", p["dir"]),
                        it.get("freq", p["freq"]), it.get("owner", p["owner"]),
                        pcode if child else "", clo, chi, it.get("rep", fam.crep))
    return rows, reporters


# Ranges of the fixed core indicators (one observation: province, district or commune;
# any period from month to year). Generous: x3-x5 above a realistic yearly provincial total.
CORE_RANGES = {
    "CCHC.001": (0, 100), "CCHC.002": (0, 2_000_000), "CCHC.003": (0, 5_000_000),
    "CDS.001": (0, 100), "CDS.002": (0, 100), "CDS.003": (0, 5_000_000), "CDS.004": (0, 2_500),
    "CDS.005": (0, 15_000), "CDS.006": (1, 63), "CDS.007": (0, 10_000), "CDS.008": (0, 100),
    "CDS.009": (0, 2_500), "CDS.010": (0, 500), "CDS.011": (0, 10_000), "CDS.012": (0, 50_000),
    "CDS.013": (0, 5_000), "CDS.014": (0, 100), "CDS.015": (0, 100), "CDS.016": (0, 100),
    "TTTT.001": (0, 100), "NS.001": (0, 100), "NS.002": (0, 300_000), "NS.003": (0, 150_000),
    "ATTT.001": (0, 100), "ATTT.002": (0, 100), "KT.001": (-30, 50), "CN.001": (0, 300),
    "TM.001": (0, 1_500_000), "XNK.001": (0, 150_000), "XNK.002": (0, 120_000),
    "FDI.001": (0, 15_000), "DN.001": (0, 25_000), "DN.002": (0, 300_000), "YT.001": (0, 50_000),
    "LD.001": (0, 250_000), "ANTT.001": (0, 2_500), "ANTT.002": (0, 1_500), "DS.001": (0, 10_000),
}


def render(rows, reporters):
    dom_order = {r["domain_code"]: i for i, r in enumerate(read_csv(os.path.join(REFERENCE, "domains.csv")))}

    def sort_key(code):
        dom, no = code.split(".")
        return dom_order[dom], int(no)

    codes = sorted(rows, key=sort_key)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(COLUMNS)
    for c in codes:
        w.writerow([rows[c][k] for k in COLUMNS])
    ind = buf.getvalue()
    seen = set()
    rep_rows = []
    for code, dept in reporters:
        if dept == rows[code]["department_code"] or dept == "CTK" or (code, dept) in seen:
            continue
        seen.add((code, dept))
        rep_rows.append((code, dept))
    rep_rows.sort(key=lambda r: (sort_key(r[0]), r[1]))
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["indicator_code", "department_code"])
    w.writerows(rep_rows)
    return ind, buf.getvalue()


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", required=True, help="output folder for the draft (not reference/)")
    args = ap.parse_args(argv)
    core_rows = read_csv(os.path.join(HERE, "core_indicators.csv"))
    rows, reporters = expand(core_rows)
    ind, rep = render(rows, reporters)
    os.makedirs(args.out, exist_ok=True)
    for name, text in (("indicators.csv", ind), ("indicator_reporters.csv", rep)):
        with open(os.path.join(args.out, name), "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
    print(f"{len(rows)} indicators, {rep.count(chr(10)) - 1} reporter rows -> {args.out}")


if __name__ == "__main__":
    main()
