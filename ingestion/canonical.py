"""From raw cells to canonical observations: the one place where every format's rows are interpreted.

Readers hand over a frame of raw cells (one row per source row) with these columns, any of which may
be missing: ``code``, ``name``, ``area_code``, ``area_name``, ``period``, ``value_type``, ``status``,
``value``, ``unit``, plus ``sheet`` and ``row_number``. Labels are interpreted once per distinct value;
numbers are parsed column-wise. A row that cannot be interpreted becomes a problem naming the file's
own column header and the raw value; everything else becomes a canonical row. Whether a row's content
is acceptable (known code, plausible value, allowed department...) is for the quality gate to say.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ingestion.model import OBSERVATION_COLUMNS, empty_rows, problems_frame
from ingestion.numbers import is_empty_marker, parse_numbers
from ingestion.periods import parse_period
from ingestion.reference import Catalogue, Profile, areas, catalogue
from ingestion.text import ascii_key
from ingestion.units import conversion_factor
from ingestion.vocabulary import statuses, value_types

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


@dataclass
class Context:
    """What a reader knows about the rows besides the cells themselves."""

    profile: Profile
    columns: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_COLUMNS))  # field -> header text
    default_period: str | None = None
    default_area: str | None = None
    empty_value_is_missing: bool = True  # Format A: a blank value is a missing required field
    skip_blank_rows: bool = False  # Format A: a row with every field blank is layout, not data


def _text(df: pd.DataFrame, col: str) -> pd.Series:
    """A column as stripped text, missing where blank. Readers hand over NFC text already."""
    if col not in df:
        return pd.Series(None, index=df.index, dtype="str")
    s = df[col]
    if s.dtype == object:  # spreadsheet and JSON cells: numbers and text mixed
        s = s.map(lambda v: v if isinstance(v, str) else _number_text(v), na_action="ignore")
    s = s.astype("str").str.strip()
    return s.mask(s == "")


def _lookup(s: pd.Series, mapping: dict | pd.Series) -> pd.Series:
    """``s.map(mapping)`` through the distinct values, as object values (missing where unmapped).

    A label column holds few distinct values among many rows; mapping each row costs a conversion of
    the whole column to Python strings, mapping the distinct values costs nothing."""
    codes, uniques = pd.factorize(s, use_na_sentinel=True)
    values = np.append(pd.Series(np.asarray(uniques, dtype=object)).map(mapping).to_numpy(dtype=object), None)
    return pd.Series(values[codes], index=s.index, dtype=object)


def _number_text(v: object) -> str:
    """A numeric cell used as a label or code: 74.0 -> '74'."""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _drop_blank_rows(df: pd.DataFrame) -> pd.DataFrame:
    blank = np.ones(len(df), dtype=bool)
    for f in DEFAULT_COLUMNS:
        if f in df:
            col = df[f]
            if col.dtype == object:
                col = col.astype("str")
            blank &= (col.isna() | (col.str.strip() == "")).to_numpy(dtype=bool)
    return df[~blank].reset_index(drop=True) if blank.any() else df


def canonicalize(raw: pd.DataFrame, ctx: Context, cat: Catalogue | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Interpret raw rows; return (canonical rows, problems)."""
    cat = cat or catalogue()
    if raw.empty:
        return empty_rows(), problems_frame([])
    df = raw.reset_index(drop=True)
    if ctx.skip_blank_rows:
        df = _drop_blank_rows(df)
        if df.empty:
            return empty_rows(), problems_frame([])
    n = len(df)
    sheet = df["sheet"] if "sheet" in df else pd.Series([None] * n, dtype="object")
    row_number = df["row_number"].astype("int64")
    part = df["part"].to_numpy() if "part" in df else None  # which table of a canonicalize_parts() call
    error = np.zeros(n, dtype=bool)
    problems: list[pd.DataFrame] = []

    def flag(mask: pd.Series | np.ndarray, field_name: str, raw_values: pd.Series, reasons: pd.Series | str) -> None:
        m = np.asarray(mask, dtype=bool) & ~error
        if not m.any():
            return
        error[m] = True
        problems.append(
            pd.DataFrame(
                {
                    "sheet": sheet[m].values,
                    "row_number": row_number[m].values,
                    "column_name": ctx.columns.get(field_name, field_name),
                    "raw_value": raw_values[m].astype("str").values,
                    "reason": reasons[m].values if isinstance(reasons, pd.Series) else reasons,
                    "severity": "error",
                    **({"part": part[m]} if part is not None else {}),
                }
            )
        )

    # --- indicator: by code, else by name (report workbooks) ---------------------------------
    code = _text(df, "code").str.upper().str.replace(" ", "", regex=False)
    name = _text(df, "name")
    by_name = code.isna() & name.notna()
    if by_name.any():
        lookup = {v: cat.match_name(v, ctx.profile.aliases) for v in name[by_name].unique()}
        code[by_name] = name[by_name].map(lookup)
        flag(
            by_name & code.isna(),
            "name",
            name,
            "tên chỉ tiêu không khớp với chỉ tiêu nào trong danh mục (kể cả tên gọi khác của đơn vị) "
            "— indicator name not in the catalogue",
        )

    # --- area: code, else name, else the file's default --------------------------------------
    area_code = _text(df, "area_code")
    area_name = _text(df, "area_name")
    resolver = areas()
    need_name = area_code.isna() & area_name.notna()
    if need_name.any():
        resolved = {v: resolver.resolve(v) for v in area_name[need_name].unique()}
        area_code[need_name] = area_name[need_name].map({v: r[0] for v, r in resolved.items()})
        reasons = _lookup(area_name, {v: f"{r[1]} — unknown or ambiguous area" for v, r in resolved.items() if r[1]})
        flag(need_name & area_code.isna(), "area_name", area_name, reasons)
    default_area = ctx.default_area
    if default_area and ("area_code" not in df and "area_name" not in df):
        area_code = area_code.fillna(default_area)
    elif default_area:
        area_code = area_code.where(area_code.notna() | area_name.notna(), default_area)

    # --- period -------------------------------------------------------------------------------
    period_raw = _text(df, "period")
    if ctx.default_period:
        period_raw = period_raw.fillna(ctx.default_period)
    labels = {v: parse_period(v) for v in period_raw.dropna().unique()}
    bad_period = period_raw.isin([v for v, p in labels.items() if p is None])
    flag(
        bad_period,
        "period",
        period_raw,
        "kỳ báo cáo không đúng dạng (ví dụ hợp lệ: 'Tháng 5/2022', 'Quý I/2022', '6 tháng đầu năm 2022', "
        "'Năm 2022', 'Lũy kế 5 tháng năm 2022') — unrecognised period label",
    )
    period_code = _lookup(period_raw, {v: p.code for v, p in labels.items() if p})
    period_ytd = _lookup(period_raw, {v: p.ytd for v, p in labels.items() if p}).fillna(False).astype(bool)

    # --- value type and status ----------------------------------------------------------------
    vt_raw = _text(df, "value_type")
    vt_map = value_types()
    value_type = _lookup(vt_raw, {v: vt_map.get(ascii_key(v)) for v in vt_raw.dropna().unique()})
    flag(vt_raw.notna() & value_type.isna(), "value_type", vt_raw,
         "loại số liệu phải là Thực hiện, Lũy kế hoặc Kế hoạch — unknown value type")
    value_type = value_type.fillna("actual")
    conflict = period_ytd & (value_type == "plan")
    flag(conflict, "period", period_raw, "kỳ lũy kế nhưng loại số liệu là Kế hoạch — a year-to-date period on a plan")
    value_type = value_type.where(~period_ytd, "ytd")

    st_raw = _text(df, "status")
    st_map = statuses()
    status = _lookup(st_raw, {v: st_map.get(ascii_key(v)) for v in st_raw.dropna().unique()})
    flag(st_raw.notna() & status.isna(), "status", st_raw,
         "trạng thái phải là Ước tính, Sơ bộ hoặc Chính thức — unknown status")
    status = status.fillna("official")

    # --- value and unit -----------------------------------------------------------------------
    value_raw = df["value"] if "value" in df else pd.Series([None] * n, dtype="object")
    empty = is_empty_marker(value_raw)
    values, ok, percent = parse_numbers(value_raw.where(~empty, None), ctx.profile.number_form)
    form_hint = (
        "dạng số Việt Nam: dấu chấm tách hàng nghìn theo nhóm 3 chữ số, dấu phẩy thập phân (1.234.567 hoặc 12,5)"
        if ctx.profile.number_form == "vi"
        else "dạng số thường: 1234567 hoặc 12.5"
    )
    flag(~empty & ~ok, "value", value_raw, f"giá trị không phải là số theo {form_hint} — not a number")
    if not ctx.empty_value_is_missing:
        error[np.asarray(empty)] = True  # no value: nothing to load, and nothing wrong (Formats B and C)

    unit_raw = _text(df, "unit")
    unit_eff = unit_raw.where(unit_raw.notna() | ~percent, "%")
    cat_unit = _lookup(code, cat.indicators["unit"])
    pair = unit_eff.fillna("") + "\x1f" + cat_unit.fillna("")
    factors: dict[str, float | None] = {}
    reasons_by_pair: dict[str, str] = {}
    for p in pair[cat_unit.notna()].unique():
        u, t = p.split("\x1f")
        factors[p] = conversion_factor(u, t)
        reasons_by_pair[p] = (f"đơn vị '{u}' không quy đổi được sang đơn vị của chỉ tiêu '{t}' "
                              "— unit cannot be converted to the catalogue unit")
    factor = _lookup(pair, factors).astype("float64")
    bad_unit = cat_unit.notna() & factor.isna()
    flag(bad_unit, "unit", unit_eff.fillna(""), _lookup(pair, reasons_by_pair))
    values = values * factor.fillna(1.0)

    keep = ~error
    rows = pd.DataFrame(
        {
            "sheet": sheet[keep].values,
            "row_number": row_number[keep].values,
            "indicator_code": code[keep].values,
            "area_code": area_code[keep].values,
            "period_code": period_code[keep].values,
            "value_type": value_type[keep].values,
            "status": status[keep].values,
            "value": values[keep].values,
            "unit_raw": unit_raw[keep].values,
            "value_raw": value_raw[keep].astype("str").where(value_raw[keep].notna(), None).values,
        }
    )[OBSERVATION_COLUMNS]
    for col in ("sheet", "indicator_code", "area_code", "period_code", "value_type", "status", "unit_raw",
                "value_raw"):
        rows[col] = rows[col].astype("str")
    rows["value"] = rows["value"].astype("float64")
    probs = pd.concat(problems, ignore_index=True) if problems else problems_frame([])
    if part is not None:
        rows["part"] = part[keep]
        if "part" not in probs:
            probs["part"] = pd.Series(dtype="int64")
    return rows, probs


def canonicalize_parts(parts: list[tuple[pd.DataFrame, Context]], cat: Catalogue | None = None
                       ) -> list[tuple[pd.DataFrame, pd.DataFrame]]:
    """Interpret several raw tables in one vectorised pass; the same as :func:`canonicalize` on each.

    Pandas costs about a millisecond per column operation whatever the length, so thousands of small
    machine exports cost more in fixed overhead than in rows. Tables whose contexts differ only in
    their header texts (Format A files of one department) are stacked, interpreted once, and split
    back; each problem then names its own file's header text.
    """
    out: list[tuple[pd.DataFrame, pd.DataFrame] | None] = [None] * len(parts)
    groups: dict[tuple, list[int]] = {}
    for i, (_, ctx) in enumerate(parts):
        alone = i if ctx.default_area else None  # a default area depends on which columns the table has
        groups.setdefault((repr(ctx.profile), ctx.default_period, ctx.default_area, ctx.empty_value_is_missing,
                           ctx.skip_blank_rows, alone), []).append(i)
    for members in groups.values():
        if len(members) == 1:
            raw, ctx = parts[members[0]]
            out[members[0]] = canonicalize(raw, ctx, cat)
            continue
        first = parts[members[0]][1]
        stacked = pd.concat([parts[i][0].assign(part=i) for i in members if len(parts[i][0])], ignore_index=True)
        generic = Context(profile=first.profile, columns={}, default_period=first.default_period,
                          default_area=first.default_area, empty_value_is_missing=first.empty_value_is_missing,
                          skip_blank_rows=first.skip_blank_rows)
        rows, probs = canonicalize(stacked, generic, cat) if len(stacked) else (empty_rows(), problems_frame([]))
        by_part_rows, by_part_probs = _split(rows, members), _split(probs, members)
        for i in members:
            r, p = by_part_rows[i], by_part_probs[i]
            if len(p):
                p["column_name"] = p["column_name"].map(lambda f, cols=parts[i][1].columns: cols.get(f, f))
            out[i] = (r, p)
    return out  # type: ignore[return-value]


def _split(frame: pd.DataFrame, parts: list[int]) -> dict[int, pd.DataFrame]:
    """A stacked frame back into its parts by position, without the ``part`` column; rows keep their
    order within a part, and a part without rows gets an empty frame (slicing, not grouping: a
    group-by copies every group)."""
    body = frame.drop(columns="part", errors="ignore")
    if "part" not in frame or not len(frame):
        return {i: body.iloc[0:0] for i in parts}
    part = frame["part"].to_numpy()
    if (np.diff(part) < 0).any():
        order = np.argsort(part, kind="stable")
        body, part = body.iloc[order], part[order]
    body = body.reset_index(drop=True)
    starts, ends = np.searchsorted(part, parts, side="left"), np.searchsorted(part, parts, side="right")
    return {i: body.iloc[a:b].reset_index(drop=True) for i, a, b in zip(parts, starts, ends, strict=True)}
