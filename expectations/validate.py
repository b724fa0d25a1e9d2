"""Running the observation suite over batches of ingested rows with GX Core (pandas datasource).

A batch is the rows of the lake segments read since the last refresh, up to :data:`MAX_BATCH_ROWS`
rows. Every failed expectation names the rows it refused (``unexpected_index_list``); those rows go to
quarantine with the expectation's reason. The rows left must then pass the whole suite: that second
validation is the gate that stops publishing when anything slipped through.

The frame GX validates holds only what the suite reads; its label columns (codes, areas, periods...)
are pandas categoricals, so that set membership and duplicate keys are computed on a few thousand
distinct values rather than on millions of strings. What a clerk is told about a refused row (its
file, sheet, row, raw value) is looked up afterwards, for the refused rows only.
"""

from __future__ import annotations

import copy
import logging
import math
import os
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from expectations.suites import observation_suite
from ingestion.areas import areas
from ingestion.periods import period_bounds
from ingestion.reference import catalogue

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
logging.getLogger("great_expectations").setLevel(logging.WARNING)

import great_expectations as gx  # noqa: E402
from great_expectations.data_context.types.base import ProgressBarsConfig  # noqa: E402

PROBLEM_OUT = ["file_sha256", "sheet", "row_number", "column_name", "raw_value", "reason", "severity", "expectation",
               "row_idx"]
#: Label columns of the validated frame, as categoricals.
CATEGORICAL = ("file_sha256", "department_code", "indicator_code", "area_code", "period_code", "value_type",
               "status")
#: What a refusal reports besides the columns the suite reads.
REPORTED = ("sheet", "row_number", "row_idx", "value_raw")
#: The GX data source the observation batches are read through.
DATA_SOURCE = "ingested"
#: The lake's columns a batch is validated from.
READ = [*CATEGORICAL, "value", "received_at", *REPORTED]


def _quiet_context():
    """An ephemeral GX context without progress bars or chatter on the operator's terminal."""
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    for name in list(logging.root.manager.loggerDict):
        if name.startswith("great_expectations"):
            logging.getLogger(name).setLevel(logging.WARNING)
    return context


@dataclass
class Verdict:
    accepted: pd.Series  # bool per input row
    problems: pd.DataFrame  # one row per refused row and failed expectation
    success: bool  # the suite passed with nothing refused
    failures: dict[str, int] = field(default_factory=dict)  # expectation -> rows refused
    failed: set[str] = field(default_factory=set)  # ids of the expectations that failed
    gate_passed: bool = True  # the rows accepted pass the expectations the batch failed
    gate_failures: dict[str, int] = field(default_factory=dict)


def _table(rows: pd.DataFrame | pa.Table) -> pa.Table:
    if isinstance(rows, pa.Table):
        return rows
    df = rows.reset_index(drop=True)
    if "row_idx" not in df:
        df = df.assign(row_idx=np.arange(len(df)))
    return pa.Table.from_pandas(df, preserve_index=False)


def _categorical(col: pa.ChunkedArray | pa.Array) -> pd.Series:
    """A text column as a pandas categorical (read as a dictionary already, or encoded here)."""
    if not pa.types.is_dictionary(col.type):
        col = pc.dictionary_encode(col.cast(pa.string()))
    if isinstance(col, pa.ChunkedArray):
        col = col.unify_dictionaries().combine_chunks() if col.num_chunks > 1 else col.chunk(0)
    return col.to_pandas()


class Validator:
    """One GX context and suite, reused for every batch of a refresh."""

    def __init__(self) -> None:
        self.catalogue = catalogue()
        self.areas = areas()
        self.context = _quiet_context()
        self.suite = self.context.suites.add(observation_suite())
        source = self.context.data_sources.add_pandas(DATA_SOURCE)
        self.batch_definition = source.add_dataframe_asset("observations").add_batch_definition_whole_dataframe(
            "batch"
        )
        ind = self.catalogue.indicators
        self._codes = pd.Index(ind.index)
        self._range_min = ind["range_min"].to_numpy(dtype="float64")
        self._range_max = ind["range_max"].to_numpy(dtype="float64")

    def prepare(self, rows: pd.DataFrame | pa.Table) -> pd.DataFrame:
        """The frame the suite validates: the label columns as categoricals, the value, and what the suite
        compares against (the end of the period a value must wait for, the arrival date, the plausible
        range, the sender). Lookups go through the distinct values (few), not the rows."""
        t = _table(rows)
        df = pd.DataFrame({c: _categorical(t[c]) for c in CATEGORICAL})
        df["value"] = t["value"].to_numpy()
        # a plan may be sent before its period ends: it has no end to wait for
        periods = df["period_code"].cat.categories
        ends = np.array([np.datetime64(period_bounds(p)[1], "ns") for p in periods], dtype="datetime64[ns]")
        codes = df["period_code"].cat.codes.to_numpy()
        end = np.where(codes >= 0, ends[np.maximum(codes, 0)] if len(ends) else np.datetime64("NaT"),
                       np.datetime64("NaT"))
        df["period_end"] = np.where((df["value_type"] == "plan").to_numpy(), np.datetime64("NaT"), end)
        years = np.array([int(p[:4]) for p in periods], dtype="float64")
        df["period_year"] = np.where(codes >= 0, years[np.maximum(codes, 0)] if len(years) else np.nan, np.nan)
        # the arrival date, file by file (a file arrives at one moment)
        files = df["file_sha256"].cat.codes.to_numpy()
        received = t["received_at"].cast(pa.timestamp("us", tz="UTC")).to_numpy().astype("datetime64[us]")
        when = np.empty(len(df["file_sha256"].cat.categories), dtype="datetime64[us]")
        when[files] = received
        local = pd.DatetimeIndex(when).tz_localize("UTC").tz_convert("Asia/Ho_Chi_Minh").tz_localize(None).normalize()
        df["received_date"] = local.to_numpy(dtype="datetime64[ns]")[files]
        pos = self._codes.get_indexer(df["indicator_code"].cat.categories)
        at = df["indicator_code"].cat.codes.to_numpy()
        known = (at >= 0) & (pos[np.maximum(at, 0)] >= 0 if len(pos) else False)
        row_pos = np.where(known, pos[np.maximum(at, 0)] if len(pos) else 0, 0)
        df["range_min"] = np.where(known, self._range_min[row_pos], np.nan)
        df["range_max"] = np.where(known, self._range_max[row_pos], np.nan)
        # what needs the reference data, looked up once per distinct value (an unknown code is refused for
        # that reason alone, not also for its department)
        df["indicator_known"] = known
        # an area code means the unit valid in the value's period (ingestion.areas)
        df["area_known"] = _pair_flags(df["area_code"], df["period_code"], self.areas.valid_in, missing=True)
        df["department_allowed"] = ~known | _pair_flags(df["department_code"], df["indicator_code"],
                                                        self.catalogue.allowed)
        starts = {p: period_bounds(p)[0] for p in periods}
        df["department_active"] = _pair_flags(
            df["department_code"], df["period_code"],
            lambda d, p: self.catalogue.ceased_before(d, starts[p]) is None, missing=True)
        return df

    def batch(self, frame: pd.DataFrame):
        return self.batch_definition.get_batch(batch_parameters={"dataframe": frame})

    def close(self) -> None:
        """Let go of the last batch. GX keeps its context as the process's project context, and the context
        keeps the data source's last batch (up to MAX_BATCH_ROWS rows) for as long as the process lives,
        dbt's run included; and this validator's batch definition leads to it through the data source."""
        self.context.data_sources.delete(DATA_SOURCE)
        self.batch_definition = None

    def __enter__(self) -> Validator:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def run(self, batch, result_format: str = "BOOLEAN_ONLY"):
        return batch.validate(self.suite, result_format={"result_format": result_format})

    def validate(self, rows: pd.DataFrame | pa.Table) -> Verdict:
        """Refuse the rows that fail any expectation; say which and why."""
        t = _table(rows)
        if not t.num_rows:
            return Verdict(pd.Series(dtype=bool), pd.DataFrame(columns=PROBLEM_OUT), True)
        df = self.prepare(t)
        result = self.run(self.batch(df), "COMPLETE")
        refused = np.zeros(len(df), dtype=bool)
        problems, failures = [], {}
        for r in (r for r in result.results if not r.success):
            idx = r.result.get("unexpected_index_list") or []
            meta = r.expectation_config.meta or {}
            name = r.expectation_config.type
            failures[f"{name}({_describe(r.expectation_config)})"] = len(idx)
            if not idx:
                continue
            at = np.asarray(idx, dtype="int64")
            sub = self._reported(t, df, at)
            problems.append(pd.DataFrame({
                "file_sha256": sub["file_sha256"].values,
                "sheet": sub["sheet"].values,
                "row_number": sub["row_number"].values,
                "column_name": meta.get("column", ""),
                "raw_value": [("" if v is None or (isinstance(v, float) and v != v) else str(v))
                              for v in sub[meta.get("raw", "value_raw")]],
                "reason": _reason({"reason": name, **meta}, sub).values,
                "severity": "error",
                "expectation": f"{name}({_describe(r.expectation_config)})",
                "row_idx": sub["row_idx"].values,
            }))
            refused[at] = True
        out = pd.concat(problems, ignore_index=True) if problems else pd.DataFrame(columns=PROBLEM_OUT)
        verdict = Verdict(pd.Series(~refused), out, bool(result.success), failures, failed_ids(result))
        if not verdict.success:
            verdict.gate_passed, verdict.gate_failures = self.gate(df[~refused].reset_index(drop=True), verdict.failed)
        return verdict

    @staticmethod
    def _reported(t: pa.Table, df: pd.DataFrame, at: np.ndarray) -> pd.DataFrame:
        """The refused rows as a clerk is told about them: the suite's columns and where they came from."""
        sub = df.iloc[at].reset_index(drop=True)
        for c in CATEGORICAL:
            sub[c] = sub[c].astype(object)
        taken = t.select([c for c in REPORTED if c in t.column_names]).take(pa.array(at))
        for c in taken.column_names:
            sub[c] = taken[c].to_numpy(zero_copy_only=False)
        return sub

    def gate(self, accepted: pd.DataFrame, failed: set[str] | None = None) -> tuple[bool, dict[str, int]]:
        """The rows about to be loaded (a prepared frame) must pass without exception: the expectations
        ``failed`` on the rows they were chosen from (every expectation if None). The others passed on every
        row of the batch, and each holds of any part of the rows it held of (row by row, or no key twice)."""
        if not len(accepted):
            return True, {}
        chosen = gx.ExpectationSuite(name="gate", expectations=[
            copy.copy(e) for e in self.suite.expectations if failed is None or e.id in failed])
        result = self.batch(accepted).validate(chosen, result_format={"result_format": "SUMMARY"})
        broken = {r.expectation_config.type: int(r.result.get("unexpected_count") or 0)
                  for r in result.results if not r.success}
        return not broken, broken


def _describe(cfg) -> str:
    kw = cfg.kwargs
    return kw.get("column") or ",".join(filter(None, [kw.get("column_A"), kw.get("column_B")])) or ",".join(
        kw.get("column_list", [])
    )


def failed_ids(result) -> set[str]:
    """The ids of the expectations a validation result failed."""
    return {r.expectation_config.id for r in result.results if not r.success}


def _pair_flags(a: pd.Series, b: pd.Series, test, missing: bool = False) -> np.ndarray:
    """``test(a, b)`` of each row's values of two categorical columns, asked once per distinct pair
    (``missing`` where either is missing)."""
    ca, cb = a.cat, b.cat
    width = len(cb.categories) + 1
    pair = (ca.codes.to_numpy().astype("int64") + 1) * width + cb.codes.to_numpy() + 1
    distinct, inverse = np.unique(pair, return_inverse=True)
    answers = np.array([
        missing if (k // width == 0 or k % width == 0)
        else bool(test(ca.categories[k // width - 1], cb.categories[k % width - 1]))
        for k in distinct.tolist()], dtype=bool)
    return answers[inverse.reshape(-1)]


def _reason(meta: dict, sub: pd.DataFrame) -> pd.Series:
    """The expectation's reason, with what a clerk needs to put it right (the range, the end of the period,
    the unit valid then, the department reporting now) where the expectation's meta asks for it."""
    base, detail = meta.get("reason", ""), meta.get("detail")
    cat = catalogue()
    if detail == "range":
        lo = sub["range_min"].map(lambda v: f"{v:,.10g}".replace(",", "."))
        hi = sub["range_max"].map(lambda v: f"{v:,.10g}".replace(",", "."))
        unit = sub["indicator_code"].map(cat.indicators["unit"]).fillna("")
        return base + " [" + lo + " – " + hi + " " + unit + "]"
    if detail == "owner":
        owner = sub["indicator_code"].map(cat.indicators["department_code"]).fillna("?")
        return (base + " (đơn vị gửi " + sub["department_code"] + ", chỉ tiêu " + sub["indicator_code"]
                + " do " + owner + " chủ trì)")
    if detail == "period_end":
        return base + " (kỳ " + sub["period_code"] + " kết thúc ngày " + sub["period_end"].dt.strftime("%d/%m/%Y") + ")"
    if detail == "area":  # the unit valid in the period, or that the code is unknown
        register = areas()
        return pd.Series([register.explain(a, p) for a, p in zip(sub["area_code"], sub["period_code"], strict=True)],
                         index=sub.index)
    if detail == "department":
        return pd.Series([cat.ceased_before(d, period_bounds(p)[0]) or base
                          for d, p in zip(sub["department_code"], sub["period_code"], strict=True)], index=sub.index)
    return pd.Series(base, index=sub.index)


@dataclass
class BatchReport:
    """What the gate made of one department's new rows in this refresh."""

    department_code: str
    files: int = 0
    rows: int = 0
    accepted: int = 0
    refused: int = 0
    failures: dict[str, int] = field(default_factory=dict)
    gate_passed: bool = True
    gate_failures: dict[str, int] = field(default_factory=dict)


#: Rows validated at a time: large enough that GX's fixed cost per run (about half a second) is
#: amortised, small enough that a 20-million-row refresh never holds more than this in DataFrames (about
#: 350 bytes a row while GX runs: codes as categoricals, values, dates, GX's masks).
MAX_BATCH_ROWS = 4_000_000


def _batches(segments: dict[str, list], max_rows: int):
    """Whole segments (their verdicts are written together), as few batches as ``max_rows`` rows a batch
    allows, of about the same size."""
    sizes = {seg: sum(r.rows_parsed for r in recs) for seg, recs in segments.items()}
    target = sum(sizes.values()) / max(1, math.ceil(sum(sizes.values()) / max_rows))
    batch, size = [], 0
    for seg, rows in sizes.items():
        if batch and size + rows > min(max_rows, target * 1.05):
            yield batch
            batch, size = [], 0
        batch.append(seg)
        size += rows
    if batch:
        yield batch


@dataclass
class _Checked:
    """One batch's verdict."""

    recs: list
    rows: int
    verdict: Verdict
    per_file: pd.DataFrame  # file -> rows accepted ('sum') and rows ('size')
    gate_ok: bool
    gate_failed: dict[str, int]


def _check(lake, validator: Validator, recs: list) -> _Checked:
    """Read a batch's rows from the lake, refuse what fails the suite, and gate the rest."""
    table = lake.table("rows", [r.sha256 for r in recs], columns=READ, dictionary=CATEGORICAL)
    verdict = validator.validate(table)
    accepted = verdict.accepted.to_numpy(dtype=bool) if table.num_rows else np.zeros(0, bool)
    files = _categorical(table["file_sha256"]) if table.num_rows else pd.Series([], dtype="category")
    at = files.cat.codes.to_numpy()
    names = list(files.cat.categories)
    per_file = pd.DataFrame({"sum": np.bincount(at, weights=accepted, minlength=len(names)).astype(int),
                             "size": np.bincount(at, minlength=len(names))}, index=names)
    return _Checked(recs, table.num_rows, verdict, per_file, verdict.gate_passed, verdict.gate_failures)


def _record(lake, checked: _Checked, reports: dict[str, BatchReport]) -> None:
    """Store a batch's verdicts in the lake (segment by segment) and add them to the departments' reports."""
    verdict, count = checked.verdict, checked.per_file
    problems = dict(tuple(verdict.problems.groupby("file_sha256", sort=False))) if len(verdict.problems) else {}
    verdicts = {}
    for rec in checked.recs:
        ok, n = (int(count.at[rec.sha256, "sum"]), int(count.at[rec.sha256, "size"])) \
            if rec.sha256 in count.index else (0, 0)
        verdicts[rec.sha256] = (ok, problems.get(rec.sha256, verdict.problems.iloc[0:0]))
        rep = reports.setdefault(rec.department_code, BatchReport(rec.department_code))
        rep.files += 1
        rep.rows += n
        rep.accepted += ok
        rep.refused += n - ok
        if not checked.gate_ok:
            rep.gate_passed = False
            rep.gate_failures.update(checked.gate_failed)
    lake.write_verdicts(verdicts)
    if len(verdict.problems):
        dept_of = {r.sha256: r.department_code for r in checked.recs}
        per_dept = verdict.problems.assign(department_code=verdict.problems["file_sha256"].map(dept_of))
        for (dept, name), n in per_dept.groupby(["department_code", "expectation"]).size().items():
            reports[dept].failures[name] = reports[dept].failures.get(name, 0) + int(n)


def validate_pending(lake, validator: Validator, department: str | None = None,
                     max_rows: int = MAX_BATCH_ROWS, progress=None) -> list[BatchReport]:
    """Validate every file read since the last refresh, one GX run per batch of segments, reported per
    department. Each batch's verdicts are stored before the next is read: an interrupted run resumes where
    it stopped."""
    pending = lake.pending_validation(department)
    segments: dict[str, list] = {}
    for rec in pending:
        segments.setdefault(rec.segment, []).append(rec)
    reports: dict[str, BatchReport] = {}
    done = 0
    for segs in _batches(segments, max_rows):
        recs = [r for s in segs for r in segments[s]]
        checked = _check(lake, validator, recs)
        _record(lake, checked, reports)
        done += len(recs)
        if progress:
            progress(f"validated {done}/{len(pending)} files ({checked.rows:,} rows in this batch)")
    return [reports[d] for d in sorted(reports)]


@dataclass
class CatalogueVerdict:
    """The catalogue suite's verdict: passed, and the failed expectations (-> rows)."""

    passed: bool
    failed: dict[str, int]


def validate_catalogue() -> CatalogueVerdict:
    """Run the catalogue suite over the reference data."""
    from expectations.suites import catalogue_suite

    cat = catalogue()
    context = _quiet_context()
    suite = context.suites.add(catalogue_suite(set(cat.domains["domain_code"]),
                                               set(cat.departments["department_code"])))
    batch = (context.data_sources.add_pandas("reference").add_dataframe_asset("catalogue")
             .add_batch_definition_whole_dataframe("all")
             .get_batch(batch_parameters={"dataframe": cat.indicators.reset_index(drop=True)}))
    result = batch.validate(suite, result_format={"result_format": "SUMMARY"})
    failed = {
        f"{r.expectation_config.type}({_describe(r.expectation_config)})": int(r.result.get("unexpected_count") or 0)
        for r in result.results
        if not r.success
    }
    return CatalogueVerdict(bool(result.success), failed)
