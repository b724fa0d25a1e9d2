"""How departments write their exports: period labels, Vietnamese numbers, encodings, and one writer
per format of the input contract (docs/exports.md).

Writers take a :class:`Rows` table (one entry per observation, as integer indexes and integer values)
and build the whole file text column by column with numpy string kernels: no Python loop runs per
observation, so a file of 100,000 rows is written in a fraction of a second.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import json
import unicodedata
import zipfile
from dataclasses import dataclass, field, replace

import numpy as np
from numpy.dtypes import StringDType

S = StringDType()
ROMAN = {
    1: "I",
    2: "II",
    3: "III",
    4: "IV",
    5: "V",
    6: "VI",
    7: "VII",
    8: "VIII",
    9: "IX",
    10: "X",
    11: "XI",
    12: "XII",
    13: "XIII",
    14: "XIV",
    15: "XV",
    16: "XVI",
    17: "XVII",
    18: "XVIII",
    19: "XIX",
    20: "XX",
}

ACTUAL, YTD, PLAN = 0, 1, 2
OFFICIAL, ESTIMATE, PRELIMINARY = 0, 1, 2

# ---------------------------------------------------------------------------------------------
# Words
# ---------------------------------------------------------------------------------------------

HEADERS = {  # canonical column -> (ascii form, Vietnamese form)
    "ma_chi_tieu": ("ma_chi_tieu", "Mã chỉ tiêu"),
    "ten_chi_tieu": ("ten_chi_tieu", "Tên chỉ tiêu"),
    "ma_dia_ban": ("ma_dia_ban", "Mã địa bàn"),
    "dia_ban": ("dia_ban", "Địa bàn"),
    "ky_bao_cao": ("ky_bao_cao", "Kỳ báo cáo"),
    "loai_so_lieu": ("loai_so_lieu", "Loại số liệu"),
    "trang_thai": ("trang_thai", "Trạng thái"),
    "gia_tri": ("gia_tri", "Giá trị"),
    "don_vi_tinh": ("don_vi_tinh", "Đơn vị tính"),
    "stt": ("stt", "STT"),
    "ghi_chu": ("ghi_chu", "Ghi chú"),
}
VALUE_TYPE_WORDS = (("Thực hiện", "Lũy kế", "Kế hoạch"), ("TH", "Luỹ kế", "KH"))
STATUS_WORDS = (("Chính thức", "Ước tính", "Sơ bộ"), ("Chính thức", "Ước thực hiện", "Sơ bộ"))
JSON_VALUE_TYPE = ("thuc_hien", "luy_ke", "ke_hoach")
JSON_STATUS = ("chinh_thuc", "uoc_tinh", "so_bo")
NOTES = (
    "Số liệu ước tính; sẽ cập nhật khi có số chính thức",
    "Theo báo cáo của UBND cấp huyện, cấp xã",
    "Đã bao gồm số liệu bổ sung,\nđiều chỉnh theo rà soát",
    "Nguồn: hệ thống báo cáo chuyên ngành",
)

MONTH_FORMS = ("Tháng {m}/{y}", "Tháng {mm} năm {y}", "T{m}/{y}", "{mm}/{y}", "{y}-{mm}", "{m}-{y}")
QUARTER_FORMS = ("Quý {r}/{y}", "Quý {q} năm {y}", "Q{q}/{y}", "{y}-Q{q}")
HALF_FORMS = ("6 tháng {dc} năm {y}", "{y}-S{h}")
YEAR_FORMS = ("Năm {y}", "{y}")
YTD_FORMS = (None, "Lũy kế {m} tháng năm {y}", "{m} tháng năm {y}", "{m} tháng đầu năm {y}")


def period_label(code: str, forms: dict[str, int], ytd: bool = False) -> str:
    """The label of a canonical period code in the forms a file uses (see the spec's Periods table)."""
    y = code[:4]
    if len(code) == 4:
        return YEAR_FORMS[forms["year"]].format(y=y)
    tail = code[5:]
    if tail.startswith("S"):
        h = int(tail[1])
        return HALF_FORMS[forms["half"]].format(y=y, h=h, dc="đầu" if h == 1 else "cuối")
    if tail.startswith("Q"):
        q = int(tail[1])
        return QUARTER_FORMS[forms["quarter"]].format(y=y, q=q, r=ROMAN[q])
    m = int(tail)
    if ytd and YTD_FORMS[forms["ytd"]] is not None:
        form = YTD_FORMS[forms["ytd"]]
        if m == 6 and "đầu" in form:  # '6 tháng đầu năm' is the first half year, not a year-to-date
            form = YTD_FORMS[1]
        return form.format(y=y, m=m)
    return MONTH_FORMS[forms["month"]].format(y=y, m=m, mm=f"{m:02d}")


# ---------------------------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------------------------


def _group(ip: np.ndarray, sep: str) -> np.ndarray:
    """Non-negative integers -> text with a thousands separator ('1.234.567')."""
    q = ip // 1000
    s = np.where(q > 0, np.strings.zfill((ip % 1000).astype(S), 3), (ip % 1000).astype(S))
    while (q > 0).any():
        part, q2 = q % 1000, q // 1000
        ps = np.where(q2 > 0, np.strings.zfill(part.astype(S), 3), part.astype(S))
        s = np.where(q > 0, np.strings.add(np.strings.add(ps, sep), s), s)
        q = q2
    return s


def format_numbers(v: np.ndarray, k: np.ndarray, dec: str = ",", group: str | None = ".") -> np.ndarray:
    """Integers in units of 10^-k -> text: Vietnamese form ('1.234.567', '12,5') by default,
    plain ('1234567', '12.5') with ``dec='.'`` and ``group=None``."""
    v = np.asarray(v, dtype=np.int64)
    k = np.broadcast_to(np.asarray(k, dtype=np.int64), v.shape)
    a = np.abs(v)
    scale = 10**k
    ip, fp = a // scale, a % scale
    s = _group(ip, group) if group else ip.astype(S)
    for kk in np.unique(k):
        if kk <= 0:
            continue
        m = k == kk
        frac = np.strings.zfill(fp[m].astype(S), int(kk))
        s[m] = np.strings.add(np.strings.add(s[m], dec), frac)
    neg = v < 0
    if neg.any():
        s[neg] = np.strings.add("-", s[neg])
    return s


# ---------------------------------------------------------------------------------------------
# Encodings
# ---------------------------------------------------------------------------------------------

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def _to_1258_char(ch: str) -> str:
    d = unicodedata.normalize("NFD", ch)
    tones = "".join(c for c in d if c in _TONES)
    base = unicodedata.normalize("NFC", "".join(c for c in d if c not in _TONES))
    return base + tones


def to_cp1258(text: str) -> bytes:
    """Windows-1258 as real files carry it: base letters precomposed (â, ơ, ư, đ), tone marks decomposed."""
    table = {ord(ch): _to_1258_char(ch) for ch in set(text) if ord(ch) > 127}
    return text.translate(table).encode("cp1258")


def encode(text: str, encoding: str) -> tuple[bytes, str]:
    """(bytes, encoding actually used); a text that Windows-1258 cannot hold falls back to UTF-8."""
    if encoding == "utf-8-sig":
        return b"\xef\xbb\xbf" + text.encode("utf-8"), encoding
    if encoding == "utf-16":
        return b"\xff\xfe" + text.encode("utf-16-le"), encoding
    if encoding == "cp1258":
        try:
            return to_cp1258(text), encoding
        except UnicodeEncodeError:
            return text.encode("utf-8"), "utf-8"
    return text.encode("utf-8"), "utf-8"


# ---------------------------------------------------------------------------------------------
# Tables of observations
# ---------------------------------------------------------------------------------------------


@dataclass
class Lookups:
    """What writers need to turn indexes into text."""

    codes: np.ndarray  # indicator codes (S)
    names: list[str]
    units: list[str]
    k: np.ndarray  # decimals per indicator
    lo_i: np.ndarray
    hi_i: np.ndarray
    percent: np.ndarray  # bool: catalogue unit is '%'
    area_codes: np.ndarray  # (S)
    periods: list[str]  # period id -> canonical code
    alt_unit: dict[int, tuple[str, int, int]] = field(default_factory=dict)  # ind -> (unit, mul exp, +k)


@dataclass
class Rows:
    ind: np.ndarray
    area: np.ndarray
    per: np.ndarray
    vt: np.ndarray
    st: np.ndarray
    val: np.ndarray

    def __len__(self) -> int:
        return len(self.val)

    def take(self, idx: np.ndarray) -> Rows:
        return Rows(self.ind[idx], self.area[idx], self.per[idx], self.vt[idx], self.st[idx], self.val[idx])


@dataclass(frozen=True)
class Style:
    """How one Format A file is written."""

    container: str = "csv"  # csv | html | xlsx
    encoding: str = "utf-8"
    delimiter: str = ","
    newline: str = "\r\n"
    header: str = "ascii"  # ascii | vi
    group: bool = True
    pct_sign: str = ""  # '' | '%' | ' %'
    area: str = "code"  # code | name | both
    names: str = "official"  # official | abbrev | bare | old
    forms: tuple = (("month", 0), ("quarter", 0), ("half", 0), ("year", 0), ("ytd", 0))
    with_name: bool = True
    with_unit: bool = True
    with_status: bool = True
    vt_words: int = 0
    st_words: int = 0
    scaled: bool = False
    extra: str = ""  # '' | stt | ghi_chu
    period_first: bool = False
    title: str = ""

    @property
    def form_map(self) -> dict[str, int]:
        return dict(self.forms)

    @property
    def suffix(self) -> str:
        if self.container == "html":
            return ".xls"
        if self.container == "xlsx":
            return ".xlsx"
        return ".txt" if self.encoding == "utf-16" else ".csv"

    def variant(self) -> str:
        if self.container != "csv":
            return f"A-{self.container}"
        return f"A-csv[{self.encoding},{ {',': 'comma', ';': 'semicolon', chr(9): 'tab'}[self.delimiter] }]"


def _values_text(rows: Rows, lk: Lookups, style: Style, plain: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """(value text, unit text) per row, with the style's number form and unit scaling."""
    n = len(rows)
    v = rows.val.copy()
    k = lk.k[rows.ind].astype(np.int64)
    scaled = np.zeros(n, dtype=bool)
    alt_units = np.array([""] * 1, dtype=S)
    if style.scaled and lk.alt_unit and not plain:
        has = np.isin(rows.ind, np.fromiter(lk.alt_unit.keys(), dtype=np.int64))
        inside = (rows.val > lk.lo_i[rows.ind]) & (rows.val < lk.hi_i[rows.ind])
        scaled = has & inside
        if scaled.any():
            for i in np.unique(rows.ind[scaled]):
                _, mul, addk = lk.alt_unit[int(i)]
                m = scaled & (rows.ind == i)
                if mul:
                    kk = int(lk.k[i])
                    if kk <= mul:
                        v[m] = v[m] * 10 ** (mul - kk)
                        k[m] = 0
                    else:
                        v[m] = v[m] * 10**mul
                k[m] = k[m] + addk
        alt_units = np.array([lk.alt_unit.get(i, ("",))[0] for i in range(len(lk.units))], dtype=S)
    if plain:
        text = format_numbers(v, k, dec=".", group=None)
    else:
        text = format_numbers(v, k, dec=",", group="." if style.group else None)
    units = np.array(lk.units, dtype=S)[rows.ind]
    if scaled.any():
        units[scaled] = alt_units[rows.ind[scaled]]
    if style.pct_sign and not plain:
        pct = lk.percent[rows.ind] & ~scaled
        text[pct] = np.strings.add(text[pct], style.pct_sign)
    return text, units


def _quote(a: np.ndarray, delim: str) -> np.ndarray:
    """CSV quoting where a cell holds the delimiter, a quote or a line break."""
    need = (np.strings.find(a, delim) >= 0) | (np.strings.find(a, '"') >= 0) | (np.strings.find(a, "\n") >= 0)
    if not need.any():
        return a
    out = a.copy()
    inner = np.strings.replace(a[need], '"', '""')
    out[need] = np.strings.add(np.strings.add('"', inner), '"')
    return out


def table_columns(
    rows: Rows, lk: Lookups, style: Style, area_names: np.ndarray, rng: np.random.Generator
) -> tuple[list[str], list[np.ndarray]]:
    """Header texts and one text array per column, unquoted."""
    forms = style.form_map
    n = len(rows)
    hdr = 0 if style.header == "ascii" else 1
    cols: list[tuple[str, np.ndarray]] = []
    if style.extra == "stt":
        cols.append(("stt", np.arange(1, n + 1).astype(S)))
    code = lk.codes[rows.ind]
    name = np.array(lk.names, dtype=S)[rows.ind] if style.with_name else None
    # periods: one label per distinct (period, ytd-label) pair
    use_ytd_label = YTD_FORMS[forms["ytd"]] is not None
    key = rows.per * 2 + ((rows.vt == YTD) & use_ytd_label)
    uniq, inv = np.unique(key, return_inverse=True)
    labels = np.array([period_label(lk.periods[u // 2], forms, ytd=bool(u % 2)) for u in uniq], dtype=S)
    period = labels[inv]
    vt_words = np.array(VALUE_TYPE_WORDS[style.vt_words], dtype=S)[rows.vt]
    st_words = np.array(STATUS_WORDS[style.st_words], dtype=S)[rows.st]
    value, unit = _values_text(rows, lk, style)
    area_cols = []
    if style.area in ("code", "both"):
        area_cols.append(("ma_dia_ban", lk.area_codes[rows.area]))
    if style.area in ("name", "both"):
        area_cols.append(("dia_ban", area_names[rows.area]))
    ident = [("ma_chi_tieu", code)] + ([("ten_chi_tieu", name)] if name is not None else [])
    when = [("ky_bao_cao", period), ("loai_so_lieu", vt_words)]
    if style.with_status:
        when.append(("trang_thai", st_words))
    if style.period_first:
        cols += when + ident + area_cols
    else:
        cols += ident + area_cols + when
    cols.append(("gia_tri", value))
    if style.with_unit:
        cols.append(("don_vi_tinh", unit))
    if style.extra == "ghi_chu":
        notes = np.full(n, "", dtype=S)
        pick = rng.random(n) < 0.03
        if pick.any():
            notes[pick] = np.array(NOTES, dtype=S)[rng.integers(0, len(NOTES), int(pick.sum()))]
        cols.append(("ghi_chu", notes))
    headers = [HEADERS[c][hdr] for c, _ in cols]
    if hdr == 1 and style.area == "name" and rng.random() < 0.5:
        headers = [("Đơn vị hành chính" if h == "Địa bàn" else h) for h in headers]
    if hdr == 1 and rng.random() < 0.3:
        headers = [("ĐVT" if h == "Đơn vị tính" else h) for h in headers]
    return headers, [a for _, a in cols]


def write_csv(
    rows: Rows, lk: Lookups, style: Style, area_names: np.ndarray, rng: np.random.Generator
) -> tuple[bytes, str]:
    headers, cols = table_columns(rows, lk, style, area_names, rng)
    d = style.delimiter
    line = _quote(cols[0], d)
    for c in cols[1:]:
        line = np.strings.add(np.strings.add(line, d), _quote(c, d))
    head = d.join(headers)
    if style.title:
        head = style.title + d * (len(headers) - 1) + style.newline + head
    text = head + style.newline + style.newline.join(line.tolist()) + style.newline
    return encode(text, style.encoding)


def write_html(
    rows: Rows, lk: Lookups, style: Style, area_names: np.ndarray, rng: np.random.Generator
) -> tuple[bytes, str]:
    """An HTML table saved under an .xls name, as web systems export 'Excel' files."""
    headers, cols = table_columns(rows, lk, style, area_names, rng)
    esc = [
        np.strings.replace(np.strings.replace(np.strings.replace(c, "&", "&amp;"), "<", "&lt;"), ">", "&gt;")
        for c in cols
    ]
    line = np.strings.add("<tr>", np.strings.add(np.strings.add("<td>", esc[0]), "</td>"))
    for c in esc[1:]:
        line = np.strings.add(line, np.strings.add(np.strings.add("<td>", c), "</td>"))
    line = np.strings.add(line, "</tr>")
    parts = [
        '<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">',
        '<head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head>',
        "<body>",
        '<table border="1">',
    ]
    if style.title:
        parts.append(f'<tr><td colspan="{len(headers)}"><b>{html.escape(style.title)}</b></td></tr>')
    parts.append("<tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in headers) + "</tr>")
    parts.append("\n".join(line.tolist()))
    parts += ["</table>", "</body>", "</html>", ""]
    return "\n".join(parts).encode("utf-8"), "utf-8"


# ---------------------------------------------------------------------------------------------
# Spreadsheets (deterministic: fixed timestamps inside and on the zip entries)
# ---------------------------------------------------------------------------------------------

FIXED_ZIP_TIME = (2020, 1, 1, 0, 0, 0)


class _FixedZip(zipfile.ZipFile):
    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):  # noqa: D102
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            zi = zipfile.ZipInfo(zinfo_or_arcname, date_time=FIXED_ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            zinfo_or_arcname = zi
        return super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):  # noqa: D102
        with open(filename, "rb") as fh:  # openpyxl streams sheets via temp files: keep no mtime
            return self.writestr(arcname or filename, fh.read())


def save_workbook(wb, when: dt.datetime, author: str) -> bytes:
    from openpyxl.writer.excel import ExcelWriter

    wb.properties.created = when
    wb.properties.modified = when
    wb.properties.creator = author
    wb.properties.lastModifiedBy = author
    buf = io.BytesIO()
    archive = _FixedZip(buf, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    ExcelWriter(wb, archive).save()
    return buf.getvalue()


def write_xlsx_table(
    rows: Rows,
    lk: Lookups,
    style: Style,
    area_names: np.ndarray,
    rng: np.random.Generator,
    when: dt.datetime,
    author: str,
    sheet: str,
) -> tuple[bytes, str]:
    """A plain Format A sheet: header row, one observation per row, numbers as numeric cells."""
    from openpyxl import Workbook

    st = replace(style, pct_sign="", scaled=False)
    headers, cols = table_columns(rows, lk, st, area_names, rng)
    numeric = (rows.val / (10.0 ** lk.k[rows.ind])).tolist()
    vi = headers.index(HEADERS["gia_tri"][0 if style.header == "ascii" else 1])
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    if style.title:
        ws.append([style.title])
    ws.append(headers)
    lists = [c.tolist() for c in cols]
    for i in range(len(rows)):  # plan files only: a few hundred rows
        row = [c[i] for c in lists]
        row[vi] = numeric[i]
        ws.append(row)
    for col, width in zip("ABCDEFGHIJ", (12, 50, 10, 14, 12, 12, 12, 14, 12, 12), strict=False):
        ws.column_dimensions[col].width = width
    return save_workbook(wb, when, author), "xlsx"


# ---------------------------------------------------------------------------------------------
# Format C: JSON and JSON Lines from provincial systems
# ---------------------------------------------------------------------------------------------


def json_records(
    rows: Rows,
    lk: Lookups,
    rng: np.random.Generator,
    envelope_period: str | None,
    with_name: bool,
    extra: str = "",
    string_share: float = 0.15,
    explicit_share: float = 0.3,
) -> np.ndarray:
    """One compact JSON object per row: codes, area, value (a number, or a string in Vietnamese form)."""
    n = len(rows)
    code = lk.codes[rows.ind]
    rec = np.strings.add(np.strings.add('{"ma_chi_tieu": "', code), '"')
    if with_name:
        names = np.array([json.dumps(x, ensure_ascii=False) for x in lk.names], dtype=S)
        rec = np.strings.add(np.strings.add(rec, ', "ten_chi_tieu": '), names[rows.ind])
    rec = np.strings.add(np.strings.add(np.strings.add(rec, ', "ma_dia_ban": "'), lk.area_codes[rows.area]), '"')
    per_codes = np.array(lk.periods, dtype=S)[rows.per]
    own = np.ones(n, dtype=bool) if envelope_period is None else per_codes != envelope_period
    own |= rng.random(n) < 0.05
    if own.any():
        rec[own] = np.strings.add(np.strings.add(np.strings.add(rec[own], ', "ky_bao_cao": "'), per_codes[own]), '"')
    explicit = (rng.random(n) < explicit_share) | (rows.vt != ACTUAL) | (rows.st != OFFICIAL)
    vt = np.array(JSON_VALUE_TYPE, dtype=S)[rows.vt]
    st = np.array(JSON_STATUS, dtype=S)[rows.st]
    rec[explicit] = np.strings.add(
        np.strings.add(np.strings.add(rec[explicit], ', "loai_so_lieu": "'), vt[explicit]), '"'
    )
    stx = explicit & ((rows.st != OFFICIAL) | (rng.random(n) < 0.5))
    rec[stx] = np.strings.add(np.strings.add(np.strings.add(rec[stx], ', "trang_thai": "'), st[stx]), '"')
    k = lk.k[rows.ind]
    plain = format_numbers(rows.val, k, dec=".", group=None)
    as_text = rng.random(n) < string_share
    value = plain
    if as_text.any():
        vi = format_numbers(rows.val[as_text], k[as_text], dec=",", group=".")
        value = plain.copy()
        value[as_text] = np.strings.add(np.strings.add('"', vi), '"')
    rec = np.strings.add(np.strings.add(np.strings.add(rec, ', "gia_tri": '), value), extra + "}")
    return rec


def null_records(codes: list[str], period: str) -> list[str]:
    """Records with gia_tri null: a plan the system has no figure for ('no value', not zero)."""
    return [
        f'{{"ma_chi_tieu": "{c}", "ma_dia_ban": "74", "ky_bao_cao": "{period}", '
        f'"loai_so_lieu": "ke_hoach", "gia_tri": null}}'
        for c in codes
    ]


def write_json(records: list[str], envelope: dict[str, str]) -> bytes:
    head = ",\n".join(f'  "{k}": {json.dumps(v, ensure_ascii=False)}' for k, v in envelope.items())
    body = ",\n".join("    " + r for r in records)
    return ("{\n" + head + ',\n  "du_lieu": [\n' + body + "\n  ]\n}\n").encode("utf-8")


def jsonl_line(records: list[str], envelope: dict[str, str]) -> str:
    head = ", ".join(f'"{k}": {json.dumps(v, ensure_ascii=False)}' for k, v in envelope.items())
    return "{" + head + ', "du_lieu": [' + ", ".join(records) + "]}"
