#!/usr/bin/env python3
"""Draft catalogue rows and aliases for the statistics office's national template from real workbooks.

    .venv/bin/python tools/draft_national_catalogue.py WORKBOOK...   # appends to the two CSVs below

Reads each workbook with the statistics-office reader (ingestion/statistics_office) and, for every figure
it could not give an indicator, proposes one:

- a row label no alias knows gets a *member* code (a partner country its ISO code, anything else a slug of
  its words, the same slug for the same words in every topic) and an alias row
  (reference/indicator_aliases.csv: alias, indicator_code, note = where it was seen);
- a family and member the catalogue lacks gets a catalogue row (reference/indicators_national.csv), with
  the family row itself as its parent: name from the topic, measure, base and label; unit as the workbook
  writes it; kind, aggregation and a plausible range from the figures seen.

It only ever appends: rows already in the CSVs are kept as they are, so the committed CSVs, edited by
people (better English names, directions, ranges), stay the source of truth; this is a drafting aid. Run it
again until it proposes nothing; then review the diff.
"""

from __future__ import annotations

import csv
import math
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from ingestion.config import reference_dir  # noqa: E402
from ingestion.statistics_office import catalogue as so_catalogue  # noqa: E402
from ingestion.statistics_office.catalogue import label_key  # noqa: E402
from ingestion.statistics_office.reader import read_file  # noqa: E402

COLUMNS = ["indicator_code", "name_vi", "name_en", "domain_code", "unit", "value_kind", "time_aggregation",
           "direction", "frequency", "department_code", "parent_indicator_code", "range_min", "range_max",
           "comparison_base", "member"]

# Vietnamese and English names of the topics (config/statistics_office.yml codes)
TOPICS = {
    "NN.TIENDO": ("Tiến độ sản xuất nông nghiệp (lũy kế đến kỳ)", "Agricultural progress to date"),
    "NN.CAY": ("Cây trồng", "Crops"),
    "NN.CHANNUOI": ("Sản phẩm chăn nuôi", "Livestock products"),
    "NN.LAMNGHIEP": ("Sản xuất lâm nghiệp", "Forestry"),
    "NN.THUYSAN": ("Sản lượng thủy sản", "Fishery output"),
    "KT.GDP_HH": ("Tổng sản phẩm trong nước (GDP) theo giá hiện hành", "GDP at current prices"),
    "KT.GDP_SS": ("Tổng sản phẩm trong nước (GDP) theo giá so sánh 2010", "GDP at constant 2010 prices"),
    "CN.IIP": ("Chỉ số sản xuất công nghiệp (IIP)", "Index of industrial production (IIP)"),
    "CN.GTSX_TINH": ("Chỉ số giá trị sản xuất công nghiệp trên địa bàn", "Index of industrial output value"),
    "CN.GTSX": ("Giá trị sản xuất công nghiệp theo giá so sánh", "Industrial output value at constant prices"),
    "CN.SPCN": ("Sản phẩm công nghiệp chủ yếu", "Main industrial products"),
    "CN.TTTK": ("Chỉ số tiêu thụ và tồn kho ngành chế biến, chế tạo", "Manufacturing sales and inventory index"),
    "CN.LDCN": ("Chỉ số sử dụng lao động của doanh nghiệp công nghiệp", "Industrial employment index"),
    "DN.CHITIEU": ("Chỉ tiêu về doanh nghiệp", "Enterprises"),
    "DN.DKM": ("Doanh nghiệp đăng ký thành lập mới", "Newly registered enterprises"),
    "DN.QLHD": ("Doanh nghiệp quay trở lại hoạt động", "Enterprises resuming operation"),
    "DN.TNKD": ("Doanh nghiệp tạm ngừng kinh doanh có thời hạn", "Enterprises suspending business"),
    "DN.GT": ("Doanh nghiệp hoàn tất thủ tục giải thể", "Enterprises dissolved"),
    "DN.VDT_XH": ("Vốn đầu tư thực hiện toàn xã hội", "Realised social investment"),
    "NS.VDT_NSNN": ("Vốn đầu tư thực hiện từ nguồn ngân sách Nhà nước", "Realised state-budget investment"),
    "FDI.CAPPHEP": ("Đầu tư trực tiếp nước ngoài được cấp phép", "Licensed foreign direct investment"),
    "TM.BANLE": ("Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng",
                 "Retail sales of goods and consumer services"),
    "XNK.XK": ("Xuất khẩu hàng hóa", "Exports of goods"),
    "XNK.NK": ("Nhập khẩu hàng hóa", "Imports of goods"),
    "XNK.DV": ("Xuất, nhập khẩu dịch vụ", "Trade in services"),
    "KT.CPI": ("Chỉ số giá tiêu dùng (CPI)", "Consumer price index (CPI)"),
    "KT.PPI": ("Chỉ số giá sản xuất", "Producer price index"),
    "KT.GIA_VT": ("Chỉ số giá vận tải, kho bãi", "Transport and storage price index"),
    "KT.GIA_NVL": ("Chỉ số giá nguyên liệu, nhiên liệu, vật liệu dùng cho sản xuất",
                   "Price index of materials used in production"),
    "XNK.GIA_XK": ("Chỉ số giá xuất khẩu hàng hóa", "Export price index"),
    "XNK.GIA_NK": ("Chỉ số giá nhập khẩu hàng hóa", "Import price index"),
    "XNK.TYGIA_TM": ("Tỷ giá thương mại hàng hóa", "Terms of trade"),
    "GT.HK": ("Vận tải hành khách", "Passenger transport"),
    "GT.HH": ("Vận tải hàng hóa", "Freight transport"),
    "GT.VT": ("Vận tải", "Transport"),
    "DL.KQT": ("Khách quốc tế đến Việt Nam", "International visitors to Viet Nam"),
    "DS.CHITIEU": ("Chỉ tiêu dân số", "Population"),
    "LD.CHITIEU": ("Chỉ tiêu lao động", "Labour force"),
    "LD.THATNGHIEP": ("Tỷ lệ thất nghiệp và thiếu việc làm", "Unemployment and underemployment"),
    "LD.PHICHINHTHUC": ("Tỷ lệ lao động có việc làm phi chính thức", "Informal employment rate"),
    "ANTT.XHMT": ("Chỉ tiêu xã hội - môi trường", "Social and environmental indicators"),
}
MEASURES = {
    "LUONG": ("lượng", "quantity"), "VON": ("vốn đăng ký", "registered capital"), "LD": ("số lao động", "workers"),
    "DT": ("diện tích", "area"), "NS": ("năng suất", "yield"), "SL": ("sản lượng", "output"),
    "LC": ("luân chuyển", "turnover (distance)"), "TT": ("chỉ số tiêu thụ", "sales index"),
    "TK": ("chỉ số tồn kho", "inventory index"), "DA": ("số dự án", "projects"),
    "VON_MOI": ("vốn đăng ký cấp mới", "newly registered capital"),
    "VON_DC": ("vốn đăng ký điều chỉnh", "additional registered capital"), "VON_DL": ("vốn điều lệ", "charter capital"),
}
BASES = {
    "same_period_previous_year": ("YOY", "so với cùng kỳ năm trước", "versus the same period last year"),
    "previous_period": ("MOM", "so với kỳ trước", "versus the previous period"),
    "december_previous_year": ("DEC", "so với tháng 12 năm trước", "versus December of the previous year"),
}
# partner countries and territories as the office writes them -> ISO 3166 code (member codes)
COUNTRIES = {
    "trung quoc": "CN", "chnd trung hoa": "CN", "xin ga po": "SG", "singapore": "SG", "han quoc": "KR",
    "nhat ban": "JP", "dai loan": "TW", "hoa ky": "US", "my": "US", "hong kong": "HK", "hong cong": "HK",
    "dac khu hanh chinh hong kong tq": "HK", "dac khu hc hong cong tq": "HK", "hong kong tq": "HK",
    "quan dao vigin thuoc anh": "VG", "quan dao virgin thuoc anh": "VG", "ha lan": "NL", "xa moa": "WS",
    "samoa": "WS", "quan dao cay men": "KY", "thai lan": "TH", "lao": "LA", "ca na da": "CA", "canada": "CA",
    "dan mach": "DK", "ox tray li a": "AU", "oxtraylia": "AU", "xay xen": "SC", "tay ban nha": "ES",
    "bru nay": "BN", "ma lai xi a": "MY", "malaysia": "MY", "cam pu chia": "KH", "phi li pin": "PH",
    "in do ne xi a": "ID", "an do": "IN", "lien bang nga": "RU", "nga": "RU", "vuong quoc anh": "GB", "anh": "GB",
    "phap": "FR", "duc": "DE", "chlb duc": "DE", "i ta li a": "IT", "thuy dien": "SE", "thuy sy": "CH",
    "thuy si": "CH", "bi": "BE", "na uy": "NO", "ba lan": "PL", "niu di lan": "NZ", "phan lan": "FI",
    "lux xem bua": "LU", "i xra en": "IL", "thu nhi ky": "TR",
}
ISO_TOPICS = ("FDI.", "DL.KQT")
STOP = {"va", "cac", "cua", "loai", "trong", "do", "tu", "cho", "the", "nganh", "hoat", "dong", "khac"}


def slug(label: str) -> str:
    words = [w for w in label_key(label).split() if w not in STOP and not w.isdigit()] or label_key(label).split()
    s = "_".join(words[:4]).upper()
    return re.sub(r"[^A-Z0-9_]", "", s)[:24].strip("_") or "X"


def read_csv(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with open(path, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def value_kind(unit: str, base: str, label: str) -> tuple[str, str]:
    u = label_key(unit)
    k = label_key(label)
    if base:
        return "index", "none"
    if "binh quan" in k or "trung binh" in k:
        return "average", "none"
    if unit.strip() in ("%", "‰") or "ty le" in k or "ty suat" in k or "ty so" in k:
        return "percent" if unit.strip() == "%" else "rate", "none"
    if "/" in unit or "ta ha" in u or "nang suat" in k:
        return "ratio", "none"
    if re.search(r"\b(dong|usd)\b", u):
        return "amount", "sum"
    return "count", "sum"


def main(paths: list[str]) -> int:
    ref = reference_dir()
    cat_path, alias_path = ref / so_catalogue.NATIONAL_FILE, ref / so_catalogue.ALIASES_FILE
    for round_no in range(6):
        so_catalogue._load.cache_clear()
        rows = {r["indicator_code"]: r for r in read_csv(cat_path)}
        aliases = read_csv(alias_path)
        alias_keys = {label_key(a["alias"]) for a in aliases}
        member_of_key: dict[str, str] = {}
        for a in aliases:
            row = rows.get(a["indicator_code"])
            if row is not None and row.get("member"):
                member_of_key.setdefault(label_key(a["alias"]), row["member"])
        new_rows: dict[str, dict] = {}
        new_aliases: list[dict] = []
        seen_values: dict[str, list[float]] = {}
        freq: dict[str, str] = {}
        for p in paths:
            reading = read_file(Path(p))
            for c in reading.cells:
                d = c.draft
                if d is None or not d["loaded"] and d["member"] is not None:
                    continue
                if c.outcome != "unmapped" and d["member"] is not None:
                    continue
                member = d["member"]
                if member is None:
                    k = label_key(d["label"])
                    if not k:
                        continue
                    member = member_of_key.get(k)
                    iso = COUNTRIES.get(k) if d["topic"].startswith(ISO_TOPICS) else None
                    if iso is not None:  # a partner country: its ISO code, whichever way the name is written
                        member = member_of_key[k] = iso
                    if member is None:
                        member = slug(d["label"])
                        taken = set(member_of_key.values())
                        base, n = member, 2
                        while member in taken:
                            member, n = f"{base}_{n}", n + 1
                        member_of_key[k] = member
                code = d["family"] + (f".{member}" if member else "")
                if d["member"] is None and label_key(d["label"]) not in alias_keys and d["label"]:
                    alias_keys.add(label_key(d["label"]))
                    new_aliases.append({"alias": " ".join(d["label"].split()), "indicator_code": code,
                                        "note": f"{Path(p).name} {c.sheet}!{c.ref}"})
                if not d["loaded"]:
                    continue
                seen_values.setdefault(code, []).append(c.value)
                seen_values.setdefault(d["family"], []).append(c.value)
                pk = {4: "year", 7: "month"}.get(len(d["period"]), "quarter")
                order = ["month", "quarter", "half", "year"]
                for x in (code, d["family"]):
                    if x not in freq or order.index(pk) < order.index(freq[x]):
                        freq[x] = pk
                for x, mem, label in ((d["family"], "", ""), (code, member, d["label"])):
                    if x in rows or x in new_rows:
                        continue
                    topic_vi, topic_en = TOPICS.get(d["topic"], (d["topic"], d["topic"]))
                    mvi, men = MEASURES.get(d["measure"], ("", ""))
                    _suffix, bvi, ben = BASES.get(d["base"], ("", "", ""))
                    if d["base"].startswith("base_year"):
                        y = d["base"].partition(":")[2]
                        bvi, ben = f"so với kỳ gốc {y}", f"versus base year {y}"
                    name_vi = topic_vi + (f" - {mvi}" if mvi else "") + (f" {bvi}" if bvi else "")
                    name_en = topic_en + (f", {men}" if men else "") + (f" {ben}" if ben else "")
                    if label:
                        name_vi += f": {' '.join(label.split())}"
                        name_en += f": {label_key(label)}"
                    vk, agg = value_kind(d["unit"], d["base"], label)
                    new_rows[x] = {
                        "indicator_code": x, "name_vi": name_vi, "name_en": name_en,
                        "domain_code": x.split(".")[0], "unit": d["unit"] or "", "value_kind": vk,
                        "time_aggregation": agg, "direction": "neutral", "frequency": "month",
                        "department_code": "CTK", "parent_indicator_code": "" if x == d["family"] else d["family"],
                        "range_min": "", "range_max": "", "comparison_base": d["base"], "member": mem,
                    }
        for code, r in new_rows.items():
            vals = seen_values.get(code, [0.0])
            lo, hi = min(vals), max(vals)
            r["range_min"] = "0" if lo >= 0 else f"{-10 ** math.ceil(math.log10(-lo * 10 + 1)):.0f}"
            r["range_max"] = f"{10 ** math.ceil(math.log10(max(hi, 1) * 10)):.0f}"
            if r["value_kind"] == "index":
                r["range_min"], r["range_max"] = "0", f"{max(1000, float(r['range_max'])):.0f}"
            r["frequency"] = freq.get(code, "month")
            if not r["unit"]:
                r["unit"] = "%" if r["value_kind"] in ("index", "percent") else "đơn vị"
        names = {r["name_vi"].casefold() for r in rows.values()}
        for r in new_rows.values():
            while r["name_vi"].casefold() in names:
                r["name_vi"] += f" ({r['indicator_code']})"
                r["name_en"] += f" ({r['indicator_code']})"
            names.add(r["name_vi"].casefold())
        print(f"round {round_no + 1}: {len(new_rows)} catalogue rows, {len(new_aliases)} aliases proposed")
        if not new_rows and not new_aliases:
            return 0
        write_header = not cat_path.exists()
        with open(cat_path, "a", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, COLUMNS, lineterminator="\n")
            if write_header:
                w.writeheader()
            for r in sorted(new_rows.values(), key=lambda r: (r["parent_indicator_code"] != "", r["indicator_code"])):
                w.writerow(r)
        write_header = not alias_path.exists()
        with open(alias_path, "a", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, ["alias", "indicator_code", "note"], lineterminator="\n")
            if write_header:
                w.writeheader()
            w.writerows(new_aliases)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
