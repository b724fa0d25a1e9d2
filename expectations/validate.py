"""Running the observation suite over batches of ingested rows with GX Core (pandas datasource).

A batch is the rows of the lake segments read since the last refresh, up to :data:`MAX_BATCH_ROWS`
rows (shared among the :func:`check_workers`, which validate batches side by side, each with its own GX
context). Every failed expectation names the rows it refused (``unexpected_index_list``); those rows go to
quarantine with the expectation's reason. The rows left must then pass the whole suite: that second
validation is the gate that stops publishing when anything slipped through.

The frame GX validates holds only what the suite reads; its label columns (codes, areas, periods...)
are pandas categoricals, so that set membership and duplicate keys are computed on a few thousand
distinct values rather than on millions of strings. What a clerk is told about a refused row (its
file, sheet, row, raw value) is looked up afterwards, for the refused rows only.
"""

from __future__ import annotations

import logging
import math
import os
import queue
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from expectations.suites import observation_suite
from ingestion.periods import period_bounds
from ingestion.reference import areas, catalogue

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
        self.area_codes = areas().all_codes
        self.context = _quiet_context()
        self.suite = self.context.suites.add(observation_suite(self.catalogue, self.area_codes))
        source = self.context.data_sources.add_pandas("ingested")
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
        # 'department|indicator', through the distinct pairs; only asked of known codes: an unknown code is
        # refused for that reason alone
        senders = df["department_code"].cat
        width, codes_of = max(len(pos), 1), df["indicator_code"].cat.categories
        pair = np.where(known, senders.codes.to_numpy().astype("int64") * width + at, -1)
        seen = np.zeros(len(senders.categories) * width + 1, dtype=bool)
        seen[pair[pair >= 0]] = True
        distinct = np.flatnonzero(seen)
        renumber = np.full(len(seen), -1, dtype="int64")
        renumber[distinct] = np.arange(len(distinct))
        labels = [f"{senders.categories[k // width]}|{codes_of[k % width]}" for k in distinct.tolist()]
        df["department_indicator"] = pd.Categorical.from_codes(np.where(pair >= 0, renumber[pair], -1),
                                                               categories=labels)
        return df

    def batch(self, frame: pd.DataFrame):
        return self.batch_definition.get_batch(batch_parameters={"dataframe": frame})

    def run(self, batch, result_format: str = "BOOLEAN_ONLY"):
        return batch.validate(self.suite, result_format={"result_format": result_format})

    def refusals(self, batch, result) -> list:
        """The rows behind each failed expectation of a BOOLEAN_ONLY run: only those expectations are run
        again with COMPLETE results (which cost twice as much as the verdict alone)."""
        failed = {r.expectation_config.id for r in result.results if not r.success}
        return [batch.validate(e, result_format={"result_format": "COMPLETE"})
                for e in self.suite.expectations if e.id in failed]

    def validate(self, rows: pd.DataFrame | pa.Table) -> Verdict:
        """Refuse the rows that fail any expectation; say which and why."""
        t = _table(rows)
        if not t.num_rows:
            return Verdict(pd.Series(dtype=bool), pd.DataFrame(columns=PROBLEM_OUT), True)
        df = self.prepare(t)
        batch = self.batch(df)
        result = self.run(batch)
        refused = np.zeros(len(df), dtype=bool)
        problems, failures = [], {}
        for r in self.refusals(batch, result):
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
                "raw_value": _raw_values(sub, name, r.expectation_config),
                "reason": _reason(meta.get("reason", name), sub).values,
                "severity": "error",
                "expectation": f"{name}({_describe(r.expectation_config)})",
                "row_idx": sub["row_idx"].values,
            }))
            refused[at] = True
        out = pd.concat(problems, ignore_index=True) if problems else pd.DataFrame(columns=PROBLEM_OUT)
        return Verdict(pd.Series(~refused), out, bool(result.success), failures)

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

    def gate(self, accepted: pd.DataFrame | pa.Table) -> tuple[bool, dict[str, int]]:
        """The suite over the rows about to be loaded: it must pass without exception."""
        t = _table(accepted)
        if not t.num_rows:
            return True, {}
        result = self.run(self.batch(self.prepare(t)), "SUMMARY")
        failed = {
            r.expectation_config.type: int(r.result.get("unexpected_count") or 0)
            for r in result.results
            if not r.success
        }
        return bool(result.success), failed


def _describe(cfg) -> str:
    kw = cfg.kwargs
    return kw.get("column") or ",".join(filter(None, [kw.get("column_A"), kw.get("column_B")])) or ",".join(
        kw.get("column_list", [])
    )


def _raw_values(sub: pd.DataFrame, name: str, cfg) -> list[str]:
    kw = cfg.kwargs
    if name.startswith("expect_compound") or kw.get("column") == "department_indicator":
        col = "indicator_code"
    elif "column" in kw:
        col = kw["column"]
    elif kw.get("column_A") in ("value", "range_max") or kw.get("column_B") == "value":
        col = "value_raw"
    else:
        col = "period_code"
    if col == "value" or col not in sub:
        col = "value_raw" if "value_raw" in sub else col
    return [("" if v is None or (isinstance(v, float) and v != v) else str(v)) for v in sub[col]]


def _reason(base: str, sub: pd.DataFrame) -> pd.Series:
    """The expectation's reason, with the numbers a clerk needs (range, period) where they help."""
    if "range_min" in base or "ngưỡng" in base:
        lo = sub["range_min"].map(lambda v: f"{v:,.10g}".replace(",", "."))
        hi = sub["range_max"].map(lambda v: f"{v:,.10g}".replace(",", "."))
        unit = sub["indicator_code"].map(catalogue().indicators["unit"]).fillna("")
        return base + " [" + lo + " – " + hi + " " + unit + "]"
    if "không được giao báo cáo" in base:
        owner = sub["indicator_code"].map(catalogue().indicators["department_code"]).fillna("?")
        return (base + " (đơn vị gửi " + sub["department_code"] + ", chỉ tiêu " + sub["indicator_code"]
                + " do " + owner + " chủ trì)")
    if "kỳ báo cáo chưa kết thúc" in base:
        return base + " (kỳ " + sub["period_code"] + " kết thúc ngày " + sub["period_end"].dt.strftime("%d/%m/%Y") + ")"
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
#: 350 bytes a row while GX runs: codes as categoricals, values, dates, GX's masks). With several check
#: workers each batch is this divided among them, so the rows held at once stay the same.
MAX_BATCH_ROWS = 4_000_000


def check_workers() -> int:
    """Batches validated at the same time, each by its own GX context in a thread (IOC_CHECK_WORKERS;
    default one per core, at most 2: GX spends most of a run in pandas and NumPy, which release the GIL)."""
    return max(1, int(os.environ.get("IOC_CHECK_WORKERS") or min(os.cpu_count() or 1, 2)))


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
    """One batch's verdict, as a worker leaves it for the thread that records it."""

    recs: list
    rows: int
    verdict: Verdict
    per_file: pd.DataFrame  # file -> rows accepted ('sum') and rows ('size')
    gate_ok: bool
    gate_failed: dict[str, int]


def _check(lake, validator: Validator, segs: list[str], recs: list) -> _Checked:
    """Read a batch's rows from the lake, refuse what fails the suite, and gate the rest."""
    table = lake.segment_table("rows", segs, [r.sha256 for r in recs], columns=READ, dictionary=CATEGORICAL)
    verdict = validator.validate(table)
    accepted = verdict.accepted.to_numpy(dtype=bool) if table.num_rows else np.zeros(0, bool)
    if verdict.success or not table.num_rows:  # every row passed: the accepted rows are the rows just validated
        gate_ok, gate_failed = True, {}
    else:
        gate_ok, gate_failed = validator.gate(table.filter(pa.array(accepted)))
    files = _categorical(table["file_sha256"]) if table.num_rows else pd.Series([], dtype="category")
    at = files.cat.codes.to_numpy()
    names = list(files.cat.categories)
    per_file = pd.DataFrame({"sum": np.bincount(at, weights=accepted, minlength=len(names)).astype(int),
                             "size": np.bincount(at, minlength=len(names))}, index=names)
    return _Checked(recs, table.num_rows, verdict, per_file, gate_ok, gate_failed)


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
                     max_rows: int = MAX_BATCH_ROWS, progress=None, workers: int | None = None) -> list[BatchReport]:
    """Validate every file read since the last refresh; one GX run per batch of segments, reported per
    department. Batches are validated ``workers`` at a time (:func:`check_workers`), each by its own
    validator, and recorded in order by this thread: the verdicts are stored segment by segment, so an
    interrupted run resumes where it stopped."""
    pending = lake.pending_validation(department)
    segments: dict[str, list] = {}
    for rec in pending:
        segments.setdefault(rec.segment, []).append(rec)
    workers = check_workers() if workers is None else max(1, workers)
    batches = [(segs, [r for s in segs for r in segments[s]]) for segs in _batches(segments, max_rows // workers)]
    workers = min(workers, len(batches)) or 1
    reports: dict[str, BatchReport] = {}
    done = 0

    def recorded(checked: _Checked) -> None:
        nonlocal done
        _record(lake, checked, reports)
        done += len(checked.recs)
        if progress:
            progress(f"validated {done}/{len(pending)} files ({checked.rows:,} rows in this batch)")

    if workers == 1:
        for segs, recs in batches:
            recorded(_check(lake, validator, segs, recs))
    else:
        idle = queue.SimpleQueue()  # one GX context per thread at a time: a context is not shared
        for v in [validator, *(Validator() for _ in range(workers - 1))]:
            idle.put(v)

        def check(segs: list[str], recs: list) -> _Checked:
            v = idle.get()
            try:
                return _check(lake, v, segs, recs)
            finally:
                idle.put(v)

        with ThreadPoolExecutor(workers, thread_name_prefix="gx-check") as pool:
            in_flight: deque = deque()
            for segs, recs in batches:  # no more than `workers` batches read and held at once
                if len(in_flight) == workers:
                    recorded(in_flight.popleft().result())
                in_flight.append(pool.submit(check, segs, recs))
            while in_flight:
                recorded(in_flight.popleft().result())
    return [reports[d] for d in sorted(reports)]


@dataclass
class CatalogueVerdict:
    """The catalogue suite's verdict: passed, the failed expectations (-> rows), and when a pass was
    carried over from an earlier validation of the same catalogue, when that was (else None)."""

    passed: bool
    failed: dict[str, int]
    carried_from: str | None = None


def catalogue_key(cat, suite: gx.ExpectationSuite) -> str:
    """What a verdict on the catalogue depends on: its indicator rows, the suite (which names the known
    domains and departments) and the versions of GX and pandas that ran it."""
    import hashlib
    import json

    h = hashlib.sha256()
    h.update(json.dumps([gx.__version__, pd.__version__, suite.to_json_dict()["expectations"]], sort_keys=True,
                        default=str).encode())
    h.update(cat.indicators.reset_index(drop=True).to_csv(index=False).encode())
    return h.hexdigest()


def validate_catalogue(cache: Path | None = None) -> CatalogueVerdict:
    """Run the catalogue suite over the reference data.

    With ``cache`` (a JSON file in the warehouse's state), a pass is kept there under
    :func:`catalogue_key`, and a later call over the same catalogue and suite carries it over instead of
    running GX again (0.2-0.9 s of every refresh, where the reference data changes a few times a year).
    A failure is never kept: it is validated again, and its rows reported, until it is fixed."""
    import json
    from datetime import UTC, datetime

    from expectations.suites import catalogue_suite

    cat = catalogue()
    context = _quiet_context()  # GX builds a suite's expectations within a context
    suite = catalogue_suite(set(cat.domains["domain_code"]), set(cat.departments["department_code"]))
    key = catalogue_key(cat, suite) if cache is not None else None
    if cache is not None and cache.exists():
        try:
            kept = json.loads(cache.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            kept = {}
        if kept.get("key") == key and kept.get("passed") is True:
            return CatalogueVerdict(True, {}, carried_from=str(kept.get("validated_at")))
    suite = context.suites.add(suite)
    bd = context.data_sources.add_pandas("reference").add_dataframe_asset("catalogue")
    batch = bd.add_batch_definition_whole_dataframe("all").get_batch(
        batch_parameters={"dataframe": cat.indicators.reset_index(drop=True)}
    )
    result = batch.validate(suite, result_format={"result_format": "SUMMARY"})
    failed = {
        f"{r.expectation_config.type}({_describe(r.expectation_config)})": int(r.result.get("unexpected_count") or 0)
        for r in result.results
        if not r.success
    }
    verdict = CatalogueVerdict(bool(result.success), failed)
    if cache is not None:
        if verdict.passed:
            cache.parent.mkdir(parents=True, exist_ok=True)
            tmp = cache.with_name(f".{cache.name}.{os.getpid()}.tmp")
            tmp.write_text(json.dumps({"key": key, "passed": True, "validated_at": datetime.now(UTC).isoformat(
                timespec="seconds")}), encoding="utf-8")
            os.replace(tmp, cache)
        else:
            cache.unlink(missing_ok=True)
    return verdict
