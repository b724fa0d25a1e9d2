"""Running the observation suite over a batch of ingested rows with GX Core (pandas datasource).

A batch is the rows of the files one department sent since the last refresh. Every failed expectation
names the rows it refused (``unexpected_index_list``); those rows go to quarantine with the
expectation's reason. The rows left must then pass the whole suite: that second validation is the gate
that stops publishing when anything slipped through.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from expectations.suites import observation_suite
from ingestion.periods import period_bounds
from ingestion.reference import areas, catalogue

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
logging.getLogger("great_expectations").setLevel(logging.WARNING)

import great_expectations as gx  # noqa: E402
from great_expectations.data_context.types.base import ProgressBarsConfig  # noqa: E402

PROBLEM_OUT = ["file_sha256", "sheet", "row_number", "column_name", "raw_value", "reason", "severity", "expectation",
               "row_idx"]


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


class Validator:
    """One GX context and suite, reused for every batch of a refresh."""

    def __init__(self) -> None:
        self.catalogue = catalogue()
        self.area_codes = set(areas().areas.index)
        self.context = _quiet_context()
        self.suite = self.context.suites.add(observation_suite(self.catalogue, self.area_codes))
        source = self.context.data_sources.add_pandas("ingested")
        self.batch_definition = source.add_dataframe_asset("observations").add_batch_definition_whole_dataframe(
            "batch"
        )

    def prepare(self, rows: pd.DataFrame) -> pd.DataFrame:
        """Add the columns the suite compares against: the end of the period a value must wait for,
        arrival date, plausible range, sender. Lookups go through the distinct values (few), not the rows."""
        df = rows.reset_index(drop=True).copy()
        periods = df["period_code"].dropna().unique()
        ends = {p: pd.Timestamp(period_bounds(p)[1]) for p in periods}
        # a plan may be sent before its period ends: it has no end to wait for
        due = df["period_code"].where(df["value_type"] != "plan")
        df["period_end"] = due.map(ends).astype("datetime64[ns]")
        received = pd.to_datetime(df["received_at"], utc=True).dt.tz_convert("Asia/Ho_Chi_Minh")
        df["received_date"] = received.dt.tz_localize(None).dt.normalize().astype("datetime64[ns]")
        ind = self.catalogue.indicators
        pos = ind.index.get_indexer(df["indicator_code"])
        known = pos >= 0
        for col in ("range_min", "range_max"):
            df[col] = np.where(known, ind[col].to_numpy(dtype="float64")[pos], np.nan)
        # only asked of known codes: an unknown code is refused for that reason alone
        df["department_indicator"] = (df["department_code"] + "|" + df["indicator_code"]).where(known, None)
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

    def validate(self, rows: pd.DataFrame) -> Verdict:
        """Refuse the rows that fail any expectation; say which and why."""
        if rows.empty:
            return Verdict(pd.Series(dtype=bool), pd.DataFrame(columns=PROBLEM_OUT), True)
        df = self.prepare(rows)
        batch = self.batch(df)
        result = self.run(batch)
        refused = pd.Series(False, index=df.index)
        problems, failures = [], {}
        for r in self.refusals(batch, result):
            idx = r.result.get("unexpected_index_list") or []
            meta = r.expectation_config.meta or {}
            name = r.expectation_config.type
            failures[f"{name}({_describe(r.expectation_config)})"] = len(idx)
            if not idx:
                continue
            idx = pd.Index(idx)
            sub = df.loc[idx]
            column = meta.get("column", "")
            raw = _raw_values(sub, name, r.expectation_config)
            problems.append(pd.DataFrame({
                "file_sha256": sub["file_sha256"].values,
                "sheet": sub["sheet"].values,
                "row_number": sub["row_number"].values,
                "column_name": column,
                "raw_value": raw,
                "reason": _reason(meta.get("reason", name), sub, name),
                "severity": "error",
                "expectation": f"{name}({_describe(r.expectation_config)})",
                "row_idx": sub["row_idx"].values if "row_idx" in sub else pd.NA,
            }))
            refused.loc[idx] = True
        out = pd.concat(problems, ignore_index=True) if problems else pd.DataFrame(columns=PROBLEM_OUT)
        return Verdict(~refused, out, bool(result.success), failures)

    def gate(self, accepted: pd.DataFrame) -> tuple[bool, dict[str, int]]:
        """The suite over the rows about to be loaded: it must pass without exception."""
        if accepted.empty:
            return True, {}
        result = self.run(self.batch(self.prepare(accepted)), "SUMMARY")
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
    return sub[col].astype("str").where(sub[col].notna(), "").tolist()


def _reason(base: str, sub: pd.DataFrame, name: str) -> pd.Series:
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


#: Rows validated in one GX run: large enough that GX's fixed cost per run is amortised, small enough
#: that a 20-million-row refresh never holds more than this in one DataFrame.
MAX_BATCH_ROWS = 400_000


def _chunks(records, max_rows: int):
    chunk, size = [], 0
    for rec in records:
        if chunk and size + rec.rows_parsed > max_rows:
            yield chunk
            chunk, size = [], 0
        chunk.append(rec)
        size += rec.rows_parsed
    if chunk:
        yield chunk


def validate_pending(lake, validator: Validator, department: str | None = None,
                     max_rows: int = MAX_BATCH_ROWS, progress=None) -> list[BatchReport]:
    """Validate every file read since the last refresh; one GX run per chunk of files, reported per
    department. A file's verdict is stored with it, so an interrupted run resumes where it stopped."""
    pending = sorted(lake.pending_validation(department), key=lambda r: (r.received_at, r.sha256))
    reports: dict[str, BatchReport] = {}
    done = 0
    for chunk in _chunks(pending, max_rows):
        batch = lake.rows_of([r.sha256 for r in chunk])
        verdict = validator.validate(batch)
        batch["accepted"] = verdict.accepted.values if len(batch) else pd.Series(dtype=bool)
        if verdict.success or not len(batch):  # every row passed: the accepted rows are the rows just validated
            gate_ok, gate_failed = True, {}
        else:
            gate_ok, gate_failed = validator.gate(batch[batch["accepted"]])
        by_file = dict(tuple(batch.groupby("file_sha256", sort=False))) if len(batch) else {}
        problems = dict(tuple(verdict.problems.groupby("file_sha256", sort=False))) if len(verdict.problems) else {}
        for rec in chunk:
            mine = by_file.get(rec.sha256, batch.iloc[0:0])
            accepted = int(mine["accepted"].sum()) if len(mine) else 0
            lake.write_validated(rec, accepted, problems.get(rec.sha256, verdict.problems.iloc[0:0]))
            rep = reports.setdefault(rec.department_code, BatchReport(rec.department_code))
            rep.files += 1
            rep.rows += len(mine)
            rep.accepted += int(mine["accepted"].sum()) if len(mine) else 0
            rep.refused += int((~mine["accepted"]).sum()) if len(mine) else 0
            if not gate_ok:
                rep.gate_passed = False
                rep.gate_failures.update(gate_failed)
        if len(verdict.problems):
            per_dept = verdict.problems.merge(batch[["file_sha256", "department_code"]].drop_duplicates(),
                                              on="file_sha256")
            for (dept, name), n in per_dept.groupby(["department_code", "expectation"]).size().items():
                reports[dept].failures[name] = reports[dept].failures.get(name, 0) + int(n)
        done += len(chunk)
        if progress:
            progress(f"validated {done}/{len(pending)} files ({len(batch):,} rows in this batch)")
    return [reports[d] for d in sorted(reports)]


def validate_catalogue() -> tuple[bool, dict[str, int]]:
    """Run the catalogue suite over the reference data; (passed, failed expectation -> rows)."""
    from expectations.suites import catalogue_suite

    cat = catalogue()
    context = _quiet_context()
    suite = context.suites.add(
        catalogue_suite(set(cat.domains["domain_code"]), set(cat.departments["department_code"]))
    )
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
    return bool(result.success), failed
