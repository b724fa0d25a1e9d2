"""The ingestion state beside the warehouse: archived originals and what was read from each of them.

Layout under the state folder (``<warehouse>.state/`` unless IOC_STATE_DIR says otherwise)::

    archive/<sha256>           every file received, byte for byte, keyed by its SHA-256
    files/<sha256>.json        what was made of it: department, name, arrival time, format, outcome
    arrivals/<id>.json         every arrival in the landing folder, duplicates included
    rows/<sha256>.parquet      its canonical rows, written once (``row_idx`` numbers them within the file)
    problems/<sha256>.parquet  its refused rows and warnings (file, sheet, row, column, raw value, reason);
                               the quality gate's refusals carry the ``row_idx`` of the row they refuse;
                               a file without any problem has no such file

Every write goes to a temporary name first and is renamed into place, and a file's JSON record is
written last: a refresh killed at any moment leaves either no trace of a file or all of it.
"""

from __future__ import annotations

import copy
import json
import logging
import multiprocessing
import os
import re
import shutil
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ingestion.files import exclusive_lock, sha256_of
from ingestion.model import FileRejected, ParseResult
from ingestion.readers import finish, open_export
from ingestion.tabular import RawTable

log = logging.getLogger(__name__)
#: records folder -> (its mtime, record file name -> ((inode, mtime, size), record))
_RECORDS: dict[Path, tuple[int, dict[str, tuple[tuple[int, int, int], FileRecord]]]] = {}

ROW_COLUMNS = [
    "file_sha256", "department_code", "received_at", "sheet", "row_number", "indicator_code", "area_code",
    "period_code", "value_type", "status", "value", "unit_raw", "value_raw", "row_idx",
]
PROBLEM_COLUMNS = ["file_sha256", "sheet", "row_number", "column_name", "raw_value", "reason", "severity", "stage",
                   "row_idx"]
DERIVED_COLUMNS = [
    "file_sha256", "sheet", "row_number", "column_name", "cell", "indicator_code", "area_code", "kind",
    "period_code", "value_type", "formula", "value", "raw_value",
]


SCHEMAS = {
    "rows": pa.schema([
        ("file_sha256", pa.string()), ("department_code", pa.string()), ("received_at", pa.timestamp("us", tz="UTC")),
        ("sheet", pa.string()), ("row_number", pa.int64()), ("indicator_code", pa.string()),
        ("area_code", pa.string()), ("period_code", pa.string()), ("value_type", pa.string()),
        ("status", pa.string()), ("value", pa.float64()), ("unit_raw", pa.string()), ("value_raw", pa.string()),
        ("row_idx", pa.int64()),
    ]),
    "problems": pa.schema([
        ("file_sha256", pa.string()), ("sheet", pa.string()), ("row_number", pa.int64()),
        ("column_name", pa.string()), ("raw_value", pa.string()), ("reason", pa.string()),
        ("severity", pa.string()), ("stage", pa.string()), ("row_idx", pa.int64()),
    ]),
    "derived": pa.schema([
        ("file_sha256", pa.string()), ("sheet", pa.string()), ("row_number", pa.int64()),
        ("column_name", pa.string()), ("cell", pa.string()), ("indicator_code", pa.string()),
        ("area_code", pa.string()), ("kind", pa.string()), ("period_code", pa.string()),
        ("value_type", pa.string()), ("formula", pa.string()), ("value", pa.float64()), ("raw_value", pa.string()),
    ]),
}


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


@dataclass
class Arrival:
    arrival_id: str
    sha256: str
    department_code: str
    file_name: str
    landing_path: str
    received_at: str
    duplicate: bool


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _atomic_write_bytes(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _atomic_parquet(path: Path, df: pd.DataFrame, kind: str) -> None:
    """Write with the fixed schema of its kind, so that every file of a folder reads as one table."""
    schema = SCHEMAS[kind]
    df = df[schema.names]
    mixed = [f.name for f in schema if pa.types.is_string(f.type) and df[f.name].dtype == object]
    if mixed:  # cells that are numbers in a text column (spreadsheets, JSON) are written as text
        df = df.assign(**{c: df[c].astype("str") for c in mixed})
    table = pa.Table.from_pandas(df, schema=schema, preserve_index=False)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    pq.write_table(table, tmp)
    os.replace(tmp, path)


class Lake:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        for sub in ("archive", "files", "arrivals", "rows", "problems", "derived"):
            (self.root / sub).mkdir(parents=True, exist_ok=True)
        for kind, schema in SCHEMAS.items():  # so that an empty lake still reads as empty tables
            empty = self.root / kind / "_empty.parquet"
            if not empty.exists():
                pq.write_table(schema.empty_table(), empty)
        for kind, cls in (("files", FileRecord), ("arrivals", Arrival)):  # every key present, all null
            empty = self.root / kind / "_empty.json"
            if not empty.exists():
                _atomic_write_bytes(empty, json.dumps(dict.fromkeys(cls.__dataclass_fields__)).encode())
        self._index_path = self.root / "landing_index.json"
        self._pending_index: dict[str, list] | None = None
        self._unflushed = 0

    # ---- locking --------------------------------------------------------------------------
    def lock(self, timeout_s: float = 600):
        """One writer at a time (a scheduled refresh and a sensor-launched one never interleave)."""
        return exclusive_lock(self.root / ".lock", timeout_s)

    # ---- records --------------------------------------------------------------------------
    def record_path(self, sha: str) -> Path:
        return self.root / "files" / f"{sha}.json"

    def record(self, sha: str) -> FileRecord | None:
        p = self.record_path(sha)
        if not p.exists():
            return None
        return FileRecord(**json.loads(p.read_text(encoding="utf-8")))

    def records(self, department: str | None = None) -> list[FileRecord]:
        """Every file record (copies), in file-name order. Shared by every Lake on the same folder and
        re-read only where a record changed: a refresh asks for them once per department."""
        folder = self.root / "files"
        stamp = folder.stat().st_mtime_ns  # every record is written by a rename into this folder
        stamp_cached, cached = _RECORDS.get(folder, (None, {}))
        # a folder changed in the last 2 s is looked at again: its mtime may not have ticked between two writes
        if stamp_cached != stamp or time.time_ns() - stamp < 2_000_000_000:
            fresh: dict[str, tuple[tuple[int, int, int], FileRecord]] = {}
            for entry in os.scandir(folder):
                if not entry.name.endswith(".json") or entry.name.startswith(("_", ".")):
                    continue
                st = entry.stat()
                sig = (st.st_ino, st.st_mtime_ns, st.st_size)  # a rename-replaced record has a new inode
                hit = cached.get(entry.name)
                if hit is None or hit[0] != sig:
                    hit = (sig, FileRecord(**json.loads(Path(entry.path).read_text(encoding="utf-8"))))
                fresh[entry.name] = hit
            cached = dict(sorted(fresh.items()))
            _RECORDS[folder] = (stamp, cached)
        return [copy.copy(r) for _, r in cached.values() if department is None or r.department_code == department]

    def write_record(self, rec: FileRecord) -> None:
        data = json.dumps(asdict(rec), ensure_ascii=False, indent=1).encode()
        _atomic_write_bytes(self.record_path(rec.sha256), data)

    def _write_arrival(self, arr: Arrival) -> None:
        path = self.root / "arrivals" / f"{arr.arrival_id}.json"
        _atomic_write_bytes(path, json.dumps(asdict(arr), ensure_ascii=False, indent=1).encode())

    # ---- landing --------------------------------------------------------------------------
    def _load_index(self) -> dict[str, list]:
        if self._index_path.exists():
            return json.loads(self._index_path.read_text(encoding="utf-8"))
        return {}

    def unseen(self, landing: Path) -> list[Path]:
        """Files anywhere in the landing folder whose path, size or mtime the lake has not recorded
        (cheap: no hashing; what the sensor polls)."""
        index = self._load_index()
        out = []
        for path in sorted(p for p in Path(landing).rglob("*") if p.is_file() and not p.name.startswith((".", "~$"))):
            st = path.stat()
            known = index.get(str(path.relative_to(landing)))
            if not known or known[0] != st.st_size or known[1] != st.st_mtime_ns:
                out.append(path)
        return out

    def new_arrivals(self, landing: Path, department: str) -> list[tuple[Path, str]]:
        """Files in ``landing/<department>/`` not seen before at that path with that content: (path, sha)."""
        folder = Path(landing) / department
        if not folder.is_dir():
            return []
        index = self._load_index()
        found = []
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith((".", "~$"))):
            rel = str(path.relative_to(landing))
            st = path.stat()
            known = index.get(rel)
            if known and known[0] == st.st_size and known[1] == st.st_mtime_ns:
                continue
            sha = sha256_of(path)
            if known and known[2] == sha:
                continue
            found.append((path, sha))
        return found

    def _remember(self, landing: Path, path: Path, sha: str) -> None:
        """Note a landing file as seen. Written out every 200 files and at the end of :meth:`receive`; a
        file whose note was lost to a kill is simply hashed again and found in the records."""
        if self._pending_index is None:
            self._pending_index = self._load_index()
        st = path.stat()
        self._pending_index[str(path.relative_to(landing))] = [st.st_size, st.st_mtime_ns, sha]
        self._unflushed += 1
        if self._unflushed >= 200:
            self._flush_index()

    def _flush_index(self) -> None:
        if self._pending_index is not None and self._unflushed:
            _atomic_write_bytes(self._index_path, json.dumps(self._pending_index, ensure_ascii=False).encode())
        self._pending_index, self._unflushed = None, 0

    def receive(self, landing: Path, department: str, received_at: str | None = None, batch_id: str = ""
                ) -> list[FileRecord | Arrival]:
        """Archive and parse every new file of one department. Returns what happened to each.

        New files are archived first, then read in chunks (in worker processes when there are several
        chunks, see :func:`read_files`); each file's rows, problems and record are written in arrival
        order as its chunk comes back, the record last."""
        out: list[FileRecord | Arrival] = []
        arrivals = self.new_arrivals(landing, department)
        todo: list[tuple[FileRecord, Path, int]] = []
        again: list[tuple[Path, str]] = []  # the same content as a file read in this call: a duplicate of it
        for n, (path, sha) in enumerate(arrivals, start=1):
            if any(rec.sha256 == sha for rec, _, _ in todo):
                again.append((path, sha))
                continue
            if not self._known(landing, path, sha, department, received_at, out):
                when = received_at or _now()
                todo.append((self._archive(path, sha, department, when, str(path.relative_to(landing)), batch_id),
                             path, n))
        for (_, path, n), rec in zip(todo, read_files(self.root, [rec for rec, _, _ in todo]), strict=True):
            self.write_record(rec)
            self._landed(landing, path, rec, n, len(arrivals))
            out.append(rec)
        for path, sha in again:
            self._known(landing, path, sha, department, received_at, out)
        self._flush_index()
        return out

    def _known(self, landing: Path, path: Path, sha: str, department: str, received_at: str | None,
               out: list[FileRecord | Arrival]) -> bool:
        """Handle a landing file whose content the lake already has; False if the content is new."""
        rel = str(path.relative_to(landing))
        existing = self.record(sha)
        if existing is None:
            return False
        if existing.landing_path == rel:
            # the same arrival, interrupted after its record was written: finish its bookkeeping only
            self._write_arrival(self._arrival(existing, rel, existing.received_at, duplicate=False))
        else:
            log.info("%s/%s: same content as %s received %s; recorded as a duplicate, nothing changes",
                     department, path.name, existing.file_name, existing.received_at)
            arr = self._arrival(existing, rel, received_at or _now(), duplicate=True)
            self._write_arrival(arr)
            out.append(arr)
        self._remember(landing, path, sha)
        return True

    def _landed(self, landing: Path, path: Path, rec: FileRecord, n: int, total: int) -> None:
        """A new file is fully recorded: note its arrival and its landing path."""
        rel = str(path.relative_to(landing))
        self._write_arrival(self._arrival(rec, rel, rec.received_at, duplicate=False))
        self._remember(landing, path, rec.sha256)
        log.info("[%d/%d] %s/%s: %s, %d rows read, %d refused%s", n, total, rec.department_code, path.name,
                 rec.format or rec.stage, rec.rows_parsed, rec.rows_refused_parse,
                 f" — REJECTED: {rec.message}" if rec.stage == "rejected" else "")

    @staticmethod
    def _arrival(rec: FileRecord, rel: str, when: str, duplicate: bool) -> Arrival:
        """An arrival's id is derived from its time and content, so writing it twice is harmless."""
        return Arrival(
            arrival_id=re.sub(r"[^0-9T]", "", when)[:21] + f"_{rec.sha256[:12]}",
            sha256=rec.sha256, department_code=rec.department_code, file_name=Path(rel).name,
            landing_path=rel, received_at=when, duplicate=duplicate,
        )

    def archive_path(self, sha: str) -> Path:
        return self.root / "archive" / sha

    def ingest_file(self, path: Path, sha: str, department: str, received_at: str, landing_path: str,
                    batch_id: str = "") -> FileRecord:
        """Archive the original, read it, keep rows and problems; the record is written last."""
        rec = next(read_files(self.root, [self._archive(path, sha, department, received_at, landing_path, batch_id)]))
        self.write_record(rec)
        return rec

    def _archive(self, path: Path, sha: str, department: str, received_at: str, landing_path: str, batch_id: str
                 ) -> FileRecord:
        """Keep the original under its SHA-256 (once) and start its record."""
        target = self.archive_path(sha)
        if not target.exists():
            tmp = target.with_name(f".{sha}.{uuid.uuid4().hex}.tmp")
            shutil.copyfile(path, tmp)
            os.replace(tmp, target)
        return FileRecord(sha256=sha, department_code=department, file_name=Path(landing_path).name,
                          landing_path=landing_path, size_bytes=target.stat().st_size, received_at=received_at,
                          stage="parsed", batch_id=batch_id)

    # ---- validation -----------------------------------------------------------------------
    def pending_validation(self, department: str | None = None) -> list[FileRecord]:
        return [r for r in self.records(department) if r.stage == "parsed"]

    def rows(self, sha: str) -> pd.DataFrame:
        return self.rows_of([sha])

    def rows_of(self, shas: list[str]) -> pd.DataFrame:
        """The rows of several files as one frame, in the order given (one Arrow concatenation: half the
        cost of a pandas frame per file)."""
        if not shas:
            return pd.DataFrame(columns=SCHEMAS["rows"].names)
        tables = [pq.read_table(self.root / "rows" / f"{sha}.parquet") for sha in shas]
        return pa.concat_tables(tables, promote_options="default").to_pandas()

    def problems(self, sha: str) -> pd.DataFrame:
        path = self.root / "problems" / f"{sha}.parquet"
        if not path.exists():  # a file read without a problem has none written
            return SCHEMAS["problems"].empty_table().to_pandas()
        return pd.read_parquet(path)

    def write_validated(self, rec: FileRecord, accepted: int, refusals: pd.DataFrame) -> None:
        """Store the quality gate's verdict on one file: its refusals (by ``row_idx``) and the counts.
        The rows themselves are not rewritten: a row is accepted unless a refusal names it."""
        if not refusals.empty:
            problems = self.problems(rec.sha256)
            problems = problems[problems["stage"] == "parse"]
            r = refusals.copy()
            r["stage"] = "validate"
            problems = pd.concat([problems, r.reindex(columns=PROBLEM_COLUMNS)], ignore_index=True)
            _atomic_parquet(self.root / "problems" / f"{rec.sha256}.parquet", problems, "problems")
        rec.stage = "validated"
        rec.rows_accepted = accepted
        rec.rows_refused_validation = int(refusals["row_idx"].nunique()) if not refusals.empty else 0
        self.write_record(rec)

    # ---- replay ---------------------------------------------------------------------------
    def replay(self, source: Lake) -> int:
        """Re-read every archived original of ``source`` into this (empty) lake, in arrival order and
        with the original arrival times, so that a rebuild gives the same marts. Returns files replayed."""
        arrivals = [
            Arrival(**json.loads(p.read_text(encoding="utf-8")))
            for p in sorted((source.root / "arrivals").glob("*.json")) if not p.name.startswith("_")
        ]
        arrivals.sort(key=lambda a: (a.received_at, a.arrival_id))
        count = 0
        for arr in arrivals:
            if not arr.duplicate and self.record(arr.sha256) is None:
                original = source.archive_path(arr.sha256)
                if not original.exists():
                    raise FileNotFoundError(f"the archive lacks {arr.sha256} ({arr.landing_path})")
                rec = source.record(arr.sha256)
                self.ingest_file(original, arr.sha256, arr.department_code, arr.received_at, arr.landing_path,
                                 rec.batch_id if rec else "")
                count += 1
            self._write_arrival(arr)
        return count


# ---- reading files, in worker processes when there are many ------------------------------------
#: Bytes of exports read as one chunk: the machine exports of a chunk are interpreted in one vectorised
#: pass, and a chunk is what one worker process reads at a time (bounded so memory stays flat).
CHUNK_BYTES = 12_000_000
#: ... or of this many files: small files cost per file, not per byte (the demo's 2 MB departments were
#: one chunk each, read by one process while the other core waited)
CHUNK_FILES = 64
_pool: ProcessPoolExecutor | None = None


def ingest_workers() -> int:
    """Worker processes that read files (IOC_INGEST_WORKERS; default: one per core, at most 4; 1 = none)."""
    return max(1, int(os.environ.get("IOC_INGEST_WORKERS") or min(os.cpu_count() or 1, 4)))


def _read_chunk(root: Path, recs: list[FileRecord]) -> list[FileRecord]:
    """Read archived files and write their rows, problems and derived cells into the lake at ``root``;
    the records come back completed (counts and format, or stage 'rejected' with the message), for the
    caller to write last."""
    opened: list[ParseResult | RawTable | None] = []
    for rec in recs:
        try:
            opened.append(open_export(Path(root) / "archive" / rec.sha256, rec.department_code,
                                      name_hint=rec.file_name))
        except FileRejected as exc:
            rec.stage, rec.message = "rejected", str(exc)
            opened.append(None)
    read = iter(finish([o for o in opened if o is not None]))
    for rec, o in zip(recs, opened, strict=True):
        if o is not None:
            write_parsed_files(Path(root), rec, next(read))
    return recs


def read_files(root: Path, recs: list[FileRecord]) -> Iterator[FileRecord]:
    """Read archived files in chunks of about :data:`CHUNK_BYTES` (or :data:`CHUNK_FILES` files), in worker
    processes when there is more than one chunk and more than one worker; records come back in the order
    given, as they are ready."""
    chunks: list[list[FileRecord]] = []
    size = CHUNK_BYTES
    for rec in recs:
        if size >= CHUNK_BYTES or len(chunks[-1]) >= CHUNK_FILES:
            chunks.append([])
            size = 0
        chunks[-1].append(rec)
        size += rec.size_bytes
    workers = ingest_workers()
    if len(chunks) < 2 or workers < 2:
        for chunk in chunks:
            yield from _read_chunk(root, chunk)
        return
    global _pool
    if _pool is None:
        _pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))
    for done in _pool.map(partial(_read_chunk, root), chunks):
        yield from done


def write_parsed_files(root: Path, rec: FileRecord, result: ParseResult) -> None:
    """Write what was read from one file (rows, problems, derived cells) and note the counts on its record."""
    rows = result.rows.copy()
    rows.insert(0, "file_sha256", rec.sha256)
    rows.insert(1, "department_code", rec.department_code)
    rows.insert(2, "received_at", pd.Timestamp(rec.received_at))
    rows["row_idx"] = range(len(rows))
    problems = result.problems.copy()
    problems.insert(0, "file_sha256", rec.sha256)
    problems["stage"] = "parse"
    problems["row_idx"] = pd.Series(pd.NA, index=problems.index, dtype="Int64")
    _atomic_parquet(root / "rows" / f"{rec.sha256}.parquet", rows, "rows")
    if len(problems):  # most files have none: an empty Parquet file costs as much to write as a full one
        _atomic_parquet(root / "problems" / f"{rec.sha256}.parquet", problems, "problems")
    else:
        (root / "problems" / f"{rec.sha256}.parquet").unlink(missing_ok=True)
    if result.derived is not None and not result.derived.empty:
        d = result.derived.copy()
        d.insert(0, "file_sha256", rec.sha256)
        _atomic_parquet(root / "derived" / f"{rec.sha256}.parquet", d.reindex(columns=DERIVED_COLUMNS), "derived")
    rec.format = result.format
    rec.rows_parsed = len(rows) + result.refused_rows
    rec.rows_refused_parse = result.refused_rows
    rec.warnings = int((result.problems["severity"] == "warning").sum()) if not result.problems.empty else 0


def release_workers() -> None:
    """Stop the reading processes (their memory is better left to the checks and dbt that follow)."""
    global _pool
    if _pool is not None:
        _pool.shutdown()
        _pool = None
