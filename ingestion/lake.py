"""The lake: every file received, kept byte for byte, and what was read from it. Storage, nothing else.

Files are read in *segments* (a department's new files, a few dozen at a time: ingestion/intake.py); what
a segment made of its files is stored together. Layout under the lake's folder::

    archive/<sha256>                 every file received, byte for byte, keyed by its SHA-256
    segments/<segment>.json          the records of a segment's files (department, name, arrival time,
                                     format, outcome, counts): a JSON list
    rows/<segment>.parquet           their canonical rows; ``file_sha256`` and ``row_idx`` (the row's
                                     position in its file) name each row
    problems/<segment>.parquet       the readers' refused rows and warnings (file, sheet, row, column,
                                     raw value, reason), if any
    problems/<segment>.gate.parquet  the quality gate's refusals, by ``row_idx``, if any
    derived/<segment>.parquet        report-workbook cells that are derived (Cùng kỳ, So sánh), if any
    arrivals/<name>.json             every arrival in the landing folder, duplicates included (JSON lists)
    landing_index.json               landing paths already seen: size, mtime and SHA-256

A segment is committed in three steps: its data files are written under a ``.pending`` name, then its
records, then the data files are renamed into place. Readers (dbt reads ``rows/*.parquet``) therefore
see a segment's rows only once its records exist; a refresh killed in between leaves pending files,
which the next writer completes (records written) or deletes (no records).
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import uuid
from collections.abc import Iterable
from dataclasses import asdict, dataclass, fields
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ingestion.files import exclusive_lock
from ingestion.model import ParseResult
from ingestion.workbook import DERIVED_SCHEMA

log = logging.getLogger(__name__)

SCHEMAS = {
    "rows": pa.schema([
        ("file_sha256", pa.string()), ("department_code", pa.string()),
        ("received_at", pa.timestamp("us", tz="UTC")), ("sheet", pa.string()), ("row_number", pa.int64()),
        ("indicator_code", pa.string()), ("area_code", pa.string()), ("period_code", pa.string()),
        ("value_type", pa.string()), ("status", pa.string()), ("value", pa.float64()), ("unit_raw", pa.string()),
        ("value_raw", pa.string()), ("row_idx", pa.int64()),
    ]),
    "problems": pa.schema([
        ("file_sha256", pa.string()), ("sheet", pa.string()), ("row_number", pa.int64()),
        ("column_name", pa.string()), ("raw_value", pa.string()), ("reason", pa.string()),
        ("severity", pa.string()), ("stage", pa.string()), ("row_idx", pa.int64()),
    ]),
    "derived": pa.schema([("file_sha256", pa.string()), *DERIVED_SCHEMA]),
}
DATA_FOLDERS = tuple(SCHEMAS)
PENDING = ".pending"


@dataclass
class FileRecord:
    sha256: str
    department_code: str
    file_name: str
    landing_path: str
    size_bytes: int
    received_at: str  # ISO 8601, UTC
    stage: str  # parsed | validated | rejected
    format: str = ""
    message: str = ""
    rows_parsed: int = 0
    rows_refused_parse: int = 0
    rows_accepted: int = 0
    rows_refused_validation: int = 0
    warnings: int = 0
    batch_id: str = ""  # the refresh (Dagster run) that received it
    segment: str = ""  # the files read with it: rows/<segment>.parquet and the others
    read_at: str = ""  # when that refresh read it (ISO 8601, UTC); received_at is when it landed


@dataclass
class Arrival:
    arrival_id: str
    sha256: str
    department_code: str
    file_name: str
    landing_path: str
    received_at: str
    duplicate: bool


def new_segment_id() -> str:
    """Segment names sort in the order they were read."""
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f") + "_" + uuid.uuid4().hex[:8]


def _tmp(path: Path) -> Path:
    return path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")


def _write_bytes(path: Path, data: bytes) -> None:
    tmp = _tmp(path)
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _write_json(path: Path, obj: object) -> None:
    _write_bytes(path, json.dumps(obj, ensure_ascii=False, indent=1).encode())


def _write_table(path: Path, table: pa.Table) -> None:
    tmp = _tmp(path)
    pq.write_table(table, tmp)
    os.replace(tmp, path)


def _frame_table(df: pd.DataFrame, schema: pa.Schema) -> pa.Table:
    """A pandas frame with the fixed schema of its kind (cells that are numbers in a text column are
    written as text), so that every file of a folder reads as one table."""
    df = df.reindex(columns=schema.names)
    mixed = [f.name for f in schema if pa.types.is_string(f.type) and df[f.name].dtype == object]
    if mixed:
        df = df.assign(**{c: df[c].map(lambda v: None if pd.isna(v) else str(v)) for c in mixed})
    return pa.Table.from_pandas(df, schema=schema, preserve_index=False)


def arrival(rec: FileRecord, landing_path: str, when: str, duplicate: bool) -> Arrival:
    """An arrival's id is derived from its time and content, so that writing it twice is harmless."""
    return Arrival(
        arrival_id=re.sub(r"[^0-9T]", "", when)[:21] + f"_{rec.sha256[:12]}",
        sha256=rec.sha256, department_code=rec.department_code, file_name=Path(landing_path).name,
        landing_path=landing_path, received_at=when, duplicate=duplicate,
    )


class Lake:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        for sub in ("archive", "segments", "arrivals", *DATA_FOLDERS):
            (self.root / sub).mkdir(parents=True, exist_ok=True)
        for kind, schema in SCHEMAS.items():  # so that an empty lake still reads as empty tables
            empty = self.root / kind / "_empty.parquet"
            if not empty.exists() or pq.read_schema(empty) != schema:
                _write_table(empty, schema.empty_table())
        for kind, cls in (("segments", FileRecord), ("arrivals", Arrival)):  # every key present, all null
            empty = self.root / kind / "_empty.json"
            if not empty.exists():
                _write_json(empty, [dict.fromkeys(f.name for f in fields(cls))])
        self._index_path = self.root / "landing_index.json"

    def lock(self, timeout_s: float = 600):
        """One writer at a time (a scheduled refresh and a sensor-launched one never interleave)."""
        return exclusive_lock(self.root / ".lock", timeout_s)

    # ---- the archive ----------------------------------------------------------------------
    def archive_path(self, sha: str) -> Path:
        return self.root / "archive" / sha

    def archive(self, path: Path, sha: str) -> Path:
        """Keep the original under its SHA-256 (once)."""
        target = self.archive_path(sha)
        if not target.exists():
            tmp = _tmp(target)
            shutil.copyfile(path, tmp)
            os.replace(tmp, target)
        return target

    # ---- records --------------------------------------------------------------------------
    def segments(self) -> dict[str, list[FileRecord]]:
        """Segment -> the records of its files, in the order the segments were read."""
        out: dict[str, list[FileRecord]] = {}
        for path in sorted((self.root / "segments").glob("*.json")):
            if not path.name.startswith(("_", ".")):
                out[path.stem] = [FileRecord(**r) for r in json.loads(path.read_text(encoding="utf-8"))]
        return out

    def records(self, department: str | None = None) -> list[FileRecord]:
        """Every file record, in the order the files were received."""
        out = [r for recs in self.segments().values() for r in recs
               if department is None or r.department_code == department]
        return sorted(out, key=lambda r: (r.received_at, r.sha256))

    def record(self, sha: str) -> FileRecord | None:
        return next((r for r in self.records() if r.sha256 == sha), None)

    def pending_validation(self, department: str | None = None) -> list[FileRecord]:
        return [r for r in self.records(department) if r.stage == "parsed"]

    def arrivals(self) -> list[Arrival]:
        """Every arrival, in the order of arrival (an arrival written twice counts once)."""
        found: dict[str, Arrival] = {}
        for path in sorted((self.root / "arrivals").glob("*.json")):
            if not path.name.startswith(("_", ".")):
                for a in json.loads(path.read_text(encoding="utf-8")):
                    found[a["arrival_id"]] = Arrival(**a)
        return sorted(found.values(), key=lambda a: (a.received_at, a.arrival_id))

    def add_arrivals(self, arrivals: list[Arrival]) -> None:
        if arrivals:
            _write_json(self.root / "arrivals" / f"{arrivals[0].arrival_id}_{len(arrivals)}.json",
                        [asdict(a) for a in arrivals])

    # ---- what the landing folder held -----------------------------------------------------
    def landing_index(self) -> dict[str, list]:
        """Landing path -> [size, mtime_ns, sha256, ctime_ns] of every landing file already received."""
        if self._index_path.exists():
            return json.loads(self._index_path.read_text(encoding="utf-8"))
        return {}

    def write_landing_index(self, index: dict[str, list]) -> None:
        _write_bytes(self._index_path, json.dumps(index, ensure_ascii=False).encode())

    def unseen(self, landing: Path) -> list[Path]:
        """Files anywhere in the landing folder the lake has not recorded as they are now (cheap: no hashing;
        what the sensor polls)."""
        index = self.landing_index()
        return [path for path in landing_files(Path(landing))
                if not same_file(index.get(str(path.relative_to(landing))), path.stat())]

    # ---- segments -------------------------------------------------------------------------
    def write_segment_data(self, segment: str, read: list[tuple[FileRecord, ParseResult | None]]) -> None:
        """Store what was read from a segment's files (None for a file refused whole) under pending names, and
        note the counts on each file's record. Nothing reads them until :meth:`commit_segment`."""
        for kind, table in segment_tables(read).items():
            _write_table(self.root / kind / f"{segment}.parquet{PENDING}", table)

    def commit_segment(self, segment: str, recs: list[FileRecord]) -> None:
        """Write a segment's records, then put its data files in place."""
        self.write_records(segment, recs)
        for kind in DATA_FOLDERS:
            path = self.root / kind / f"{segment}.parquet{PENDING}"
            if path.exists():
                os.replace(path, path.with_name(path.name.removesuffix(PENDING)))

    def write_records(self, segment: str, recs: list[FileRecord]) -> None:
        """The records of a segment's files (written whole, by a rename)."""
        for r in recs:
            r.segment = segment
        _write_json(self.root / "segments" / f"{segment}.json", [asdict(r) for r in recs])

    def tidy(self) -> None:
        """Complete or undo what a killed writer left: pending data files of a recorded segment are put in
        place, those of an unrecorded one deleted, and so are data files no record names."""
        recorded = set(self.segments())
        for kind in DATA_FOLDERS:
            for path in (self.root / kind).iterdir():
                if path.name.startswith(("_", ".")):
                    continue
                segment = path.name.split(".", 1)[0]
                if segment not in recorded:
                    log.warning("removing %s: a refresh killed while reading left it unrecorded", path.name)
                    path.unlink(missing_ok=True)
                elif path.name.endswith(PENDING):
                    os.replace(path, path.with_name(path.name.removesuffix(PENDING)))

    def table(self, kind: str, shas: Iterable[str] | None = None, columns: list[str] | None = None,
              dictionary: Iterable[str] = ()) -> pa.Table:
        """The rows (``kind`` 'rows'), problems or derived cells of the files ``shas`` (every file if None),
        the ``columns`` only if given; the text columns ``dictionary`` as dictionaries (distinct values and
        indices: a few thousand codes among millions of rows)."""
        recs = self.records()
        wanted = None if shas is None else set(shas)
        segments = sorted({r.segment for r in recs if wanted is None or r.sha256 in wanted})
        columns = columns or SCHEMAS[kind].names
        read = columns if wanted is None or "file_sha256" in columns else ["file_sha256", *columns]
        dictionary = set(dictionary)
        schema = pa.schema([f.with_type(pa.dictionary(pa.int32(), f.type)) if f.name in dictionary else f
                            for f in (SCHEMAS[kind].field(c) for c in read)])
        tables = []
        for seg in segments:
            for path in (self.root / kind / f"{seg}.parquet", self.root / kind / f"{seg}.gate.parquet"):
                if path.exists():
                    t = pq.read_table(path, columns=schema.names, read_dictionary=list(dictionary) or None)
                    tables.append(t.select(schema.names).cast(schema))
        table = pa.concat_tables(tables, promote_options="permissive") if tables else schema.empty_table()
        if wanted is not None and table.num_rows:
            col = table["file_sha256"]
            present = ({v for chunk in col.chunks for v in chunk.dictionary.to_pylist()}
                       if pa.types.is_dictionary(col.type) else set(pc.unique(col).to_pylist()))
            if not present <= wanted:  # a segment holds files not asked for
                table = table.filter(pc.is_in(col.cast(pa.string()), value_set=pa.array(sorted(wanted), pa.string())))
        return table.select(columns)

    def rows(self, sha: str) -> pd.DataFrame:
        """One file's rows (row_idx order)."""
        return self.table("rows", [sha]).to_pandas()

    def problems(self, sha: str) -> pd.DataFrame:
        """One file's problems: the reader's, then the quality gate's refusals."""
        return self.table("problems", [sha]).to_pandas()

    def write_verdicts(self, verdicts: dict[str, tuple[int, pd.DataFrame]]) -> None:
        """Store the quality gate's verdict on files: per file (sha -> (rows accepted, refusals by
        ``row_idx``)). A segment's refusals are written, then its records; the rows themselves are never
        rewritten: a row is accepted unless a refusal names it. Every file of a segment a verdict
        touches must have one."""
        for seg, recs in self.segments().items():
            if not any(r.sha256 in verdicts for r in recs):
                continue
            refusals = []
            for rec in recs:
                if rec.sha256 not in verdicts:
                    if rec.stage == "parsed":
                        raise ValueError(f"no verdict for {rec.file_name} of segment {seg}")
                    continue
                accepted, refused = verdicts[rec.sha256]
                if not refused.empty:
                    refusals.append(refused.assign(file_sha256=rec.sha256, stage="validate"))
                rec.stage = "validated"
                rec.rows_accepted = int(accepted)
                rec.rows_refused_validation = int(refused["row_idx"].nunique()) if not refused.empty else 0
            gate = self.root / "problems" / f"{seg}.gate.parquet"
            if refusals:
                _write_table(gate, _frame_table(pd.concat(refusals, ignore_index=True), SCHEMAS["problems"]))
            else:
                gate.unlink(missing_ok=True)
            self.write_records(seg, recs)


def same_file(known: list | None, st: os.stat_result) -> bool:
    """Whether a landing file's size, modification time and change time are those the index recorded. The
    change time is the filesystem's own: a copy that keeps the original's modification time (cp -p, rsync
    -t, an unzip) still gets a new one."""
    return known is not None and len(known) == 4 and known[:2] == [st.st_size, st.st_mtime_ns] \
        and known[3] == st.st_ctime_ns


def index_entry(st: os.stat_result, sha: str) -> list:
    return [st.st_size, st.st_mtime_ns, sha, st.st_ctime_ns]


def landing_files(folder: Path) -> list[Path]:
    """The files under a landing folder, in name order (hidden files and Office lock files left out)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith((".", "~$")))


def segment_tables(read: list[tuple[FileRecord, ParseResult | None]]) -> dict[str, pa.Table]:
    """What a segment's files gave (rows, problems, derived cells), a table of each kind that has any,
    and the counts noted on each file's record."""
    done = [(rec, result) for rec, result in read if result is not None]
    out: dict[str, pa.Table] = {}
    problems, derived = [], []
    for rec, result in done:
        if len(result.problems):
            problems.append(result.problems.assign(file_sha256=rec.sha256, stage="parse",
                                                   row_idx=pd.Series(pd.NA, index=result.problems.index,
                                                                     dtype="Int64")))
        if result.derived is not None and result.derived.num_rows:
            n = result.derived.num_rows
            derived.append(pa.table({"file_sha256": pa.array([rec.sha256] * n, pa.string()),
                                     **{c: result.derived[c] for c in result.derived.column_names}}))
        rec.format = result.format
        rec.rows_parsed = result.table.num_rows + result.refused_rows
        rec.rows_refused_parse = result.refused_rows
        rec.warnings = int((result.problems["severity"] == "warning").sum()) if len(result.problems) else 0
    if done:
        body = pa.concat_tables([result.table for _, result in done])
        sizes = np.array([result.table.num_rows for _, result in done], dtype="int64")
        of_file = pa.array(np.repeat(np.arange(len(done)), sizes))  # each row's file, by position

        def per_file(values: list, type_: pa.DataType) -> pa.Array:
            return pc.take(pa.array(values, type_), of_file)

        out["rows"] = pa.table({
            "file_sha256": per_file([rec.sha256 for rec, _ in done], pa.string()),
            "department_code": per_file([rec.department_code for rec, _ in done], pa.string()),
            "received_at": per_file([pd.Timestamp(rec.received_at).value // 1000 for rec, _ in done],
                                    pa.int64()).cast(pa.timestamp("us", tz="UTC")),
            **{c: body[c] for c in body.column_names},
            "row_idx": pa.array(np.arange(len(of_file)) - np.repeat(np.cumsum(sizes) - sizes, sizes)),
        }).select(SCHEMAS["rows"].names)
    if problems:
        out["problems"] = _frame_table(pd.concat(problems, ignore_index=True), SCHEMAS["problems"])
    if derived:
        out["derived"] = pa.concat_tables(derived).select(SCHEMAS["derived"].names).cast(SCHEMAS["derived"])
    return out
