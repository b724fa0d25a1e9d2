"""From raw cells to canonical observations: the one place where every format's rows are interpreted.

Readers hand over raw cells (one row per source row) with these fields, any of which may be missing:
``code``, ``name``, ``area_code``, ``area_name``, ``period``, ``value_type``, ``status``, ``value``,
``unit``, plus ``sheet`` and ``row_number``, and the :class:`Context` they were read in. A row that
cannot be interpreted becomes a problem naming the file's own column header and the raw value;
everything else becomes a canonical row. Whether a row's content is acceptable (known code, plausible
value, allowed department...) is for the quality gate to say.

Many tables are interpreted in one pass (:func:`canonicalize_parts`): thousands of small exports cost
no more than one big one. The work is columnar, in Arrow and numpy: a label column (codes, names, areas,
periods, value types, statuses, units) is held as its distinct values and each row's position among
them (:class:`Labels`), so that labels are interpreted once per distinct value; numbers are parsed by
Arrow's kernels. No Python runs per row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ingestion.areas import areas
from ingestion.model import PROBLEMS_SCHEMA, ROWS_SCHEMA, empty_rows, problems_frame
from ingestion.numbers import empty_markers, parse_text_numbers, split_cells, split_values
from ingestion.periods import parse_period, year_to_date
from ingestion.reference import Catalogue, Profile, catalogue
from ingestion.text import ascii_key, nfc
from ingestion.units import conversion_factor
from ingestion.vocabulary import statuses, value_decimals, value_types

DEFAULT_COLUMNS = {
    "code": "ma_chi_tieu",
    "name": "ten_chi_tieu",
    "area_code": "ma_dia_ban",
    "area_name": "dia_ban",
    "period": "ky_bao_cao",
    "value_type": "loai_so_lieu",
    "status": "trang_thai",
    "value": "gia_tri",
    "unit": "don_vi_tinh",
}
FIELDS = tuple(DEFAULT_COLUMNS)
LABEL_FIELDS = tuple(f for f in FIELDS if f != "value")
#: A raw column ``label:<field>`` gives, row by row, the header that a problem with that field names
#: (report workbooks: each value column has its own header); otherwise the context's ``columns`` say.
LABEL_PREFIX = "label:"



@dataclass
class Context:
    """What a reader knows about the rows besides the cells themselves."""

    profile: Profile
    columns: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_COLUMNS))  # field -> header text
    default_period: str | None = None
    empty_value_is_missing: bool = True  # Format A: a blank value is a missing required field
    skip_blank_rows: bool = False  # Format A: a row with every field blank is layout, not data


@dataclass
class Interpreted:
    """What :func:`canonicalize_parts` made of one raw table."""

    rows: pa.Table  # ROWS_SCHEMA
    problems: pa.Table  # PROBLEMS_SCHEMA, in the order the checks ran

    def frames(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        """As pandas frames (the rows with the dtypes of :func:`ingestion.model.empty_rows`)."""
        return rows_frame(self.rows), problems_to_frame(self.problems)


def rows_frame(rows: pa.Table) -> pd.DataFrame:
    return rows.to_pandas() if rows.num_rows else empty_rows()


def problems_to_frame(problems: pa.Table) -> pd.DataFrame:
    return problems.to_pandas() if problems.num_rows else problems_frame([])


def canonicalize(raw: pd.DataFrame, ctx: Context, cat: Catalogue | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Interpret one table of raw rows; return (canonical rows, problems) as pandas frames."""
    return canonicalize_parts([(raw, ctx)], cat)[0].frames()


# ---- label columns as distinct values + positions ---------------------------------------------------
class Labels:
    """A column of labels as its distinct values (a Python list) and each row's position among them
    (-1: missing). A value of None in the list also counts as missing."""

    __slots__ = ("values", "index")

    def __init__(self, values: list, index: np.ndarray) -> None:
        self.values, self.index = values, index

    @classmethod
    def of(cls, arr: pa.Array) -> Labels:
        enc = pc.dictionary_encode(arr)
        return cls(enc.dictionary.to_pylist(), np.asarray(pc.fill_null(enc.indices, -1), dtype="int64"))

    @classmethod
    def const(cls, value, n: int) -> Labels:
        return cls([value], np.zeros(n, dtype="int64"))

    def map(self, fn: Callable) -> Labels:
        """Each distinct value through ``fn`` (None: missing); rows keep their positions."""
        return Labels([None if v is None else fn(v) for v in self.values], self.index)

    def present(self) -> np.ndarray:
        ok = np.append(np.array([v is not None for v in self.values], dtype=bool), False)
        return ok[self.index]

    def where(self, mask: np.ndarray, other: Labels) -> Labels:
        """This column where ``mask``, else ``other``."""
        return Labels(self.values + other.values, np.where(mask, self.index, np.where(
            other.index >= 0, other.index + len(self.values), -1)))

    def fill(self, mask: np.ndarray, value) -> Labels:
        """``value`` where ``mask``."""
        return Labels(self.values + [value], np.where(mask, len(self.values), self.index))

    def equals(self, value) -> np.ndarray:
        hit = np.append(np.array([v == value for v in self.values], dtype=bool), False)
        return hit[self.index]

    def take(self, positions: np.ndarray) -> list:
        table = self.values + [None]
        return [table[i] for i in self.index[positions]]

    def arrow(self, positions: np.ndarray | None = None) -> pa.Array:
        """Each row's value (of the rows at ``positions``, if given) as Arrow text."""
        index = self.index if positions is None else self.index[positions]
        dictionary = pa.array(self.values + [None], pa.string())
        return pc.take(dictionary, pa.array(np.where(index >= 0, index, len(self.values))))


# ---- raw cells -> Arrow ---------------------------------------------------------------------------
def _number_text(v: object) -> str:
    """A numeric cell used as a label or code: 74.0 -> '74'."""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def text_cells(cells: pd.Series) -> pa.Array:
    """A column of raw cells as Arrow text (numbers written as a label would be: 74.0 -> '74')."""
    if cells.dtype == object or (pd.api.types.is_numeric_dtype(cells.dtype)
                                 and not pd.api.types.is_bool_dtype(cells.dtype)):
        return _text_values(cells.to_numpy(dtype=object))
    return split_cells(cells)[0]


def _text_values(values: np.ndarray) -> pa.Array:
    """:func:`text_cells` of an object array."""
    try:  # text and blanks only (machine exports): Arrow converts them as they are
        return pa.array(values, pa.string())
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return pa.array([None if v is None or (isinstance(v, float) and v != v)
                         else v if isinstance(v, str) else _number_text(v) for v in values], pa.string())


@dataclass
class _Stack:
    """Every part's raw cells, one array per field, parts one after another."""

    n: int
    part: np.ndarray  # which part each row comes from (non-decreasing)
    starts: np.ndarray  # first row of each part
    fields: dict[str, pa.Array]  # label fields as text; 'value' as its text cells (null where numeric)
    value_num: np.ndarray  # numeric value cells (NaN elsewhere)
    value_written: pa.Array  # every value cell as written
    sheet: pa.Array
    row_number: np.ndarray
    labels: dict[str, list[np.ndarray | None]]  # field -> per part: row-by-row header labels, if given


def _concat(arrays: list[pa.Array]) -> pa.Array:
    return pa.concat_arrays(arrays) if arrays else pa.array([], pa.string())


def _stack(parts: list[tuple[pd.DataFrame | pa.Table, Context]]) -> _Stack:
    sizes = np.array([len(raw) if isinstance(raw, pd.DataFrame) else raw.num_rows for raw, _ in parts], dtype="int64")
    fields: dict[str, list[pa.Array]] = {f: [] for f in FIELDS}
    nums, written, sheets, numbers = [], [], [], []
    labels: dict[str, list[np.ndarray | None]] = {f: [] for f in FIELDS}
    for (raw, _), size in zip(parts, sizes.tolist(), strict=True):
        if isinstance(raw, pa.Table):  # text cells already (a machine export read by Arrow)
            names = set(raw.column_names)

            def column(f: str, n=size, t=raw, present=names) -> pa.Array:
                return t[f].combine_chunks() if f in present else pa.nulls(n, pa.string())

            for f in LABEL_FIELDS:
                fields[f].append(column(f))
            fields["value"].append(column("value"))
            nums.append(np.full(size, np.nan))
            written.append(fields["value"][-1])
            sheets.append(column("sheet"))
            numbers.append(raw["row_number"].to_numpy())
            for f in FIELDS:
                labels[f].append(None)
            continue
        if all(pd.api.types.is_object_dtype(dtype) for dtype in raw.dtypes):
            # a reader's block of cells (a workbook's): its columns as slices of one array, rather than
            # a pandas column each (about 30 column lookups a part, a tenth of reading a workbook)
            block, at = raw.to_numpy(dtype=object), {c: i for i, c in enumerate(raw.columns)}

            def cells(f: str, b=block, at=at) -> np.ndarray | None:
                return b[:, at[f]] if f in at else None

            def text(f: str, n=size) -> pa.Array:
                values = cells(f)
                return pa.nulls(n, pa.string()) if values is None else _text_values(values)

            def split(f: str) -> tuple[pa.Array, np.ndarray, pa.Array]:
                return split_values(cells(f))
        else:
            def cells(f: str, r=raw) -> np.ndarray | None:
                return r[f].to_numpy(dtype=object) if f in r else None

            def text(f: str, n=size, r=raw) -> pa.Array:
                return text_cells(r[f]) if f in r else pa.nulls(n, pa.string())

            def split(f: str, r=raw) -> tuple[pa.Array, np.ndarray, pa.Array]:
                return split_cells(r[f])
        for f in LABEL_FIELDS:
            fields[f].append(text(f))
        if "value" in raw:
            text_value, num, as_written = split("value")
        else:
            text_value, as_written = pa.nulls(size, pa.string()), pa.nulls(size, pa.string())
            num = np.full(size, np.nan)
        fields["value"].append(text_value)
        nums.append(num)
        written.append(as_written)
        sheets.append(text("sheet"))
        numbers.append(cells("row_number").astype("int64"))
        for f in FIELDS:
            labels[f].append(cells(LABEL_PREFIX + f))
    return _Stack(
        n=int(sizes.sum()),
        part=np.repeat(np.arange(len(parts)), sizes),
        starts=np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype("int64") if len(parts) else sizes,
        fields={f: _concat(a) for f, a in fields.items()},
        value_num=np.concatenate(nums) if nums else np.array([], dtype="float64"),
        value_written=_concat(written),
        sheet=_concat(sheets),
        row_number=np.concatenate(numbers) if numbers else np.array([], dtype="int64"),
        labels=labels,
    )


def _strip(v: str) -> str | None:
    """A label cell as text: NFC (a file read straight from its bytes may hold decomposed tone marks),
    without surrounding spaces; None when blank."""
    return nfc(v).strip() or None


# ---- the interpretation ------------------------------------------------------------------------------
def canonicalize_parts(parts: list[tuple[pd.DataFrame, Context]], cat: Catalogue | None = None
                       ) -> list[Interpreted]:
    """Interpret several raw tables in one pass; each gets exactly what it would get alone."""
    cat = cat or catalogue()
    ctxs = [ctx for _, ctx in parts]
    s = _stack(parts)
    n = s.n

    def per_part(values: list[bool]) -> np.ndarray:
        """A flag per part, row by row."""
        return np.asarray(values, dtype=bool)[s.part]

    error = np.zeros(n, dtype=bool)
    problems: list[tuple[np.ndarray, str, Labels | pa.Array, Labels | str]] = []

    def flag(mask: np.ndarray, field_name: str, raw_values: Labels | pa.Array, reasons: Labels | str) -> None:
        """Refuse the rows of ``mask`` not refused already, for the first reason that applies to them."""
        m = mask & ~error
        if m.any():
            error[m] = True
            problems.append((np.flatnonzero(m), field_name, raw_values, reasons))

    text = {f: Labels.of(s.fields[f]).map(_strip) for f in LABEL_FIELDS}  # stripped, None where blank

    # --- layout rows: every field blank (Format A) ------------------------------------------------
    if n and any(c.skip_blank_rows for c in ctxs):
        blank = per_part([c.skip_blank_rows for c in ctxs])
        for f in LABEL_FIELDS:
            blank &= ~text[f].present()
        blank &= np.asarray(pc.fill_null(pc.equal(pc.utf8_trim_whitespace(s.fields["value"]), ""), True), bool)
        blank &= np.isnan(s.value_num)
        error |= blank  # dropped silently: not data

    # --- indicator: by code, else by name (report workbooks) ---------------------------------------
    code = text["code"].map(lambda v: v.upper().replace(" ", "") or None)
    name = text["name"]
    by_name = ~code.present() & name.present() & ~error
    if by_name.any():
        depts = [c.profile.department_code for c in ctxs]
        aliases = {c.profile.department_code: c.profile.aliases for c in ctxs}
        dept_no = {d: i for i, d in enumerate(dict.fromkeys(depts))}
        pair = name.index * len(dept_no) + np.array([dept_no[d] for d in depts], dtype="int64")[s.part]
        keys, inverse = np.unique(pair[by_name], return_inverse=True)
        names_of = {i: d for d, i in dept_no.items()}
        matched = [cat.match_name(name.values[k // len(dept_no)], aliases[names_of[k % len(dept_no)]])
                   for k in keys.tolist()]
        codes = np.full(n, -1, dtype="int64")
        codes[by_name] = inverse
        code = code.where(~by_name, Labels(matched, codes))
        flag(by_name & ~code.present(), "name", name,
             "tên chỉ tiêu không khớp với chỉ tiêu nào trong danh mục (kể cả tên gọi khác của đơn vị) "
             "— indicator name not in the catalogue")

    # --- period ---------------------------------------------------------------------------------
    period_raw = text["period"]
    if n and any(c.default_period is not None for c in ctxs):
        defaults = Labels([c.default_period for c in ctxs], s.part)
        period_raw = period_raw.where(period_raw.present(), defaults)
        period_raw = Labels.of(period_raw.arrow())  # one entry per distinct label again
    parsed = period_raw.map(lambda v: parse_period(v) or False)  # False: not a period
    flag(parsed.equals(False), "period", period_raw,
         "kỳ báo cáo không đúng dạng (ví dụ hợp lệ: 'Tháng 5/2022', 'Quý I/2022', '6 tháng đầu năm 2022', "
         "'Năm 2022', 'Lũy kế 5 tháng năm 2022') — unrecognised period label")
    period_code = parsed.map(lambda p: p.code if p else None)
    period_ytd = parsed.map(lambda p: bool(p and p.ytd)).equals(True)

    # --- value type and status ------------------------------------------------------------------
    vt_map = value_types()
    vt_raw = text["value_type"]
    value_type = vt_raw.map(lambda v: vt_map.get(ascii_key(v)))
    flag(vt_raw.present() & ~value_type.present(), "value_type", vt_raw,
         "loại số liệu phải là Thực hiện, Lũy kế hoặc Kế hoạch — unknown value type")
    value_type = value_type.fill(~value_type.present(), "actual")
    flag(period_ytd & value_type.equals("plan"), "period", period_raw,
         "kỳ lũy kế nhưng loại số liệu là Kế hoạch — a year-to-date period on a plan")
    value_type = value_type.fill(period_ytd, "ytd")
    # a year to date through March, June or December is the quarter's, half's or year's figure: one key
    ytd = value_type.equals("ytd") & period_code.present()
    if ytd.any():
        canonical = period_code.map(year_to_date)
        period_code = period_code.where(~ytd, canonical.map(lambda p: p.code))
        value_type = value_type.where(~ytd, canonical.map(lambda p: "ytd" if p.ytd else "actual"))

    st_map = statuses()
    st_raw = text["status"]
    status = st_raw.map(lambda v: st_map.get(ascii_key(v)))
    flag(st_raw.present() & ~status.present(), "status", st_raw,
         "trạng thái phải là Ước tính, Sơ bộ hoặc Chính thức — unknown status")
    status = status.fill(~status.present(), "official")

    # --- area: code, else name, against the units valid in the value's period -----------------------
    area_code = text["area_code"]
    area_name = text["area_name"]
    need_name = ~area_code.present() & area_name.present() & ~error
    both = area_code.present() & area_name.present() & ~error
    if need_name.any() or both.any():
        resolver = areas()
        periods = period_code.values + [None]
        np_ = len(periods)
        at_period = np.where(period_code.index >= 0, period_code.index, np_ - 1)

        def per_pair(mask: np.ndarray, labels: Labels, fn: Callable) -> tuple[list, np.ndarray]:
            """``fn(label, period)`` once per distinct (label, period) pair of the rows of ``mask``."""
            pair = labels.index * np_ + at_period
            keys, inverse = np.unique(pair[mask], return_inverse=True)
            out = np.full(n, -1, dtype="int64")
            out[mask] = inverse
            return [fn(labels.values[k // np_], periods[k % np_]) for k in keys.tolist()], out

        if need_name.any():
            got, at = per_pair(need_name, area_name, resolver.resolve)
            area_code = area_code.where(~need_name, Labels([g[0] for g in got], at))
            flag(need_name & ~area_code.present(), "area_name", area_name, Labels([g[1] for g in got], at))
        if both.any():  # a code and a name: they must name the same unit (25750 was Phú Hòa before 07/2025)
            codes_of = area_code.values
            combined = Labels([(c, nm) for c in codes_of for nm in area_name.values],
                              np.where((area_code.index >= 0) & (area_name.index >= 0),
                                       area_code.index * len(area_name.values) + area_name.index, -1))
            got, at = per_pair(both, combined, lambda cn, p: None if resolver.matches(cn[0], cn[1], p) else (
                f"mã địa bàn {cn[0]} và tên '{cn[1]}' không cùng một đơn vị trong kỳ {p} (theo tên: "
                f"{resolver.resolve(cn[1], p)[0] or resolver.resolve(cn[1], p)[1]}) — area code and name disagree"))
            flag(both & Labels(got, at).present(), "area_name", area_name, Labels(got, at))

    # --- value and unit -------------------------------------------------------------------------
    vi = per_part([c.profile.number_form == "vi" for c in ctxs]) if n else np.zeros(0, bool)
    values, ok, percent = parse_text_numbers(s.fields["value"], vi)
    numeric = ~np.isnan(s.value_num)
    values = np.where(numeric, s.value_num, values)
    ok |= numeric
    empty = np.zeros(n, dtype=bool)
    rest = np.flatnonzero(~ok)
    if len(rest):  # an empty marker never parses as a number: look for them among the rest only
        empty[rest] = empty_markers(pc.take(s.fields["value"], pa.array(rest)))
    hint = {"vi": "dạng số Việt Nam: dấu chấm tách hàng nghìn theo nhóm 3 chữ số, dấu phẩy thập phân "
                  "(1.234.567 hoặc 12,5)", "plain": "dạng số thường: 1234567 hoặc 12.5"}
    flag(~empty & ~ok, "value", s.value_written,
         Labels([f"giá trị không phải là số theo {hint.get(c.profile.number_form, hint['plain'])} — not a number"
                for c in ctxs], s.part))
    if n and any(not c.empty_value_is_missing for c in ctxs):
        error |= empty & per_part([not c.empty_value_is_missing for c in ctxs])  # no value, and nothing wrong

    unit_raw = text["unit"]
    unit_eff = unit_raw.fill(~unit_raw.present() & percent, "%")
    indicators = cat.indicators
    pos = pd.Index(indicators.index).get_indexer(pd.Index(code.values + [None]))[
        np.where(code.index >= 0, code.index, len(code.values))]
    targets = indicators["unit"].tolist()
    factor = np.ones(n)
    check = (pos >= 0) & ~error
    if check.any():
        given = np.where(unit_eff.present(), unit_eff.index, len(unit_eff.values))  # missing unit: ''
        units = unit_eff.values + [""]
        pair = given[check] * len(targets) + pos[check]
        keys, inverse = np.unique(pair, return_inverse=True)
        got = [conversion_factor(units[k // len(targets)], targets[k % len(targets)]) for k in keys.tolist()]
        f = np.array([np.nan if g is None else g for g in got])
        factor[check] = f[inverse]
        reason = np.full(n, -1, dtype="int64")
        reason[check] = inverse
        why = [f"đơn vị '{units[k // len(targets)]}' không quy đổi được sang đơn vị của chỉ tiêu "
               f"'{targets[k % len(targets)]}' — unit cannot be converted to the catalogue unit" for k in keys.tolist()]
        flag(np.isnan(factor), "unit", Labels(units, np.where(check, given, len(units) - 1)), Labels(why, reason))
    values = np.round(values * np.where(np.isnan(factor), 1.0, factor), value_decimals())  # no float noise

    # --- out: rows and problems, split back into their parts ------------------------------------
    kept = np.flatnonzero(~error)
    take = pa.array(kept, pa.int64())
    rows = pa.table({
        "sheet": pc.take(s.sheet, take),
        "row_number": pa.array(s.row_number[kept], pa.int64()),
        "indicator_code": code.arrow(kept),
        "area_code": area_code.arrow(kept),
        "period_code": period_code.arrow(kept),
        "value_type": value_type.arrow(kept),
        "status": status.arrow(kept),
        "value": pa.array(values[kept], pa.float64()),
        "unit_raw": unit_raw.arrow(kept),
        "value_raw": pc.take(s.value_written, take),
    }, schema=ROWS_SCHEMA)
    out = [Interpreted(rows.slice(a, b - a), PROBLEMS_SCHEMA.empty_table())
           for a, b in _bounds(s.part[kept], len(parts))]
    if problems:
        _attach_problems(out, problems, s, ctxs)
    return out


def _bounds(part: np.ndarray, count: int) -> list[tuple[int, int]]:
    """(start, end) of each part's rows in an array sorted by part."""
    ids = np.arange(count)
    return list(zip(np.searchsorted(part, ids, "left").tolist(), np.searchsorted(part, ids, "right").tolist(),
                    strict=True))


def _attach_problems(out: list[Interpreted], problems, s: _Stack, ctxs: list[Context]) -> None:
    """The refused rows of every check, as each part's problems: its own header texts, in check order."""
    idx, columns, raw, reasons = [], [], [], []
    for rows, field_name, raw_values, why in problems:
        idx.append(rows)
        parts = s.part[rows]
        per_row = s.labels[field_name]
        columns += [ctxs[p].columns.get(field_name, field_name) if per_row[p] is None
                    else per_row[p][i - s.starts[p]] for i, p in zip(rows.tolist(), parts.tolist(), strict=True)]
        if isinstance(raw_values, Labels):
            raw += raw_values.take(rows)
        else:
            raw += pc.take(raw_values, pa.array(rows, pa.int64())).to_pylist()
        reasons += [why] * len(rows) if isinstance(why, str) else why.take(rows)
    idx_all = np.concatenate(idx)
    order = np.argsort(s.part[idx_all], kind="stable")  # per part, still in the order the checks ran
    at = idx_all[order]
    table = pa.table({
        "sheet": pc.take(s.sheet, pa.array(at, pa.int64())),
        "row_number": pa.array(s.row_number[at], pa.int64()),
        "column_name": pa.array([columns[i] for i in order], pa.string()),
        "raw_value": pa.array([raw[i] if raw[i] is None or isinstance(raw[i], str) else str(raw[i]) for i in order],
                              pa.string()),
        "reason": pa.array([reasons[i] for i in order], pa.string()),
        "severity": pa.array(["error"] * len(at), pa.string()),
    }, schema=PROBLEMS_SCHEMA)
    for p, (a, b) in enumerate(_bounds(s.part[at], len(out))):
        if b > a:
            out[p].problems = table.slice(a, b - a)
