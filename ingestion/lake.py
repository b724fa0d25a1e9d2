"""The ingestion state beside the warehouse: archived originals and what was read from each of them.

Files are read in *segments*: the new files of a department are read together, a few dozen at a
time, and what a segment made of its files is kept together. Layout under the state folder
(``<warehouse>.state/`` unless IOC_STATE_DIR says otherwise)::

    archive/<sha256>                 every file received, byte for byte, keyed by its SHA-256
    segments/<segment>.json          the records of a segment's files (department, name, arrival time,
                                     format, outcome, counts): a JSON list, written last
    rows/<segment>.parquet           their canonical rows; ``file_sha256`` and ``row_idx`` (the row's
                                     position in its file) name each row
    problems/<segment>.parquet       the readers' refused rows and warnings (file, sheet, row, column,
                                     raw value, reason), if any
    problems/<segment>.gate.parquet  the quality gate's refusals, by ``row_idx``, if any
    derived/<segment>.parquet        report-workbook cells that are derived (Cùng kỳ, So sánh), if any
    arrivals/<name>.json             every arrival in the landing folder, duplicates included (JSON lists)
    landing_index.json               landing paths already seen: size, mtime and SHA-256

Every file is written to a temporary name and renamed into place, a segment's record last: a refresh
killed at any moment leaves either all of a segment or data files that no record names, which the next
refresh deletes (and readers never read: every row carries its ``segment``, and only rows of recorded
segments count).
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
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, fields
from datetime import UTC, datetime
from itertools import chain, islice
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ingestion.files import exclusive_lock, sha256_of
from ingestion.model import FileRejected, ParseResult, Pending
from ingestion.readers import finish, open_export
from ingestion.workbook import DERIVED_SCHEMA

log = logging.getLogger(__name__)

SCHEMAS = {
    "rows": pa.schema([
        ("file_sha256", pa.string()), ("segment", pa.string()), ("department_code", pa.string()),
        ("received_at", pa.timestamp("us", tz="UTC")), ("sheet", pa.string()), ("row_number", pa.int64()),
        ("indicator_code", pa.string()), ("area_code", pa.string()), ("period_code", pa.string()),
        ("value_type", pa.string()), ("status", pa.string()), ("value", pa.float64()), ("unit_raw", pa.string()),
        ("value_raw", pa.string()), ("row_idx", pa.int64()),
    ]),
    "problems": pa.schema([
        ("file_sha256", pa.string()), ("segment", pa.string()), ("sheet", pa.string()), ("row_number", pa.int64()),
        ("column_name", pa.string()), ("raw_value", pa.string()), ("reason", pa.string()),
        ("severity", pa.string()), ("stage", pa.string()), ("row_idx", pa.int64()),
    ]),
    "derived": pa.schema([("file_sha256", pa.string()), ("segment", pa.string()), *DERIVED_SCHEMA]),
}
ROW_COLUMNS = SCHEMAS["rows"].names
PROBLEM_COLUMNS = SCHEMAS["problems"].names
DERIVED_COLUMNS = SCHEMAS["derived"].names
DATA_FOLDERS = ("rows", "problems", "derived")


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


def new_segment_id() -> str:
    """Segment names sort in the order they were read."""
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f") + "_" + uuid.uuid4().hex[:8]


def _tmp(path: Path) -> Path:
    return path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")


def _atomic_write_bytes(path: Path, data: bytes) -> None:
    tmp = _tmp(path)
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _write_json(path: Path, obj: object) -> None:
    _atomic_write_bytes(path, json.dumps(obj, ensure_ascii=False, indent=1).encode())


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


def _segment_of(path: Path) -> str:
    return path.name.split(".", 1)[0]


class Lake:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        for sub in ("archive", "segments", "arrivals", *DATA_FOLDERS):
            (self.root / sub).mkdir(parents=True, exist_ok=True)
        for kind, schema in SCHEMAS.items():  # so that an empty lake still reads as empty tables
            empty = self.root / kind / "_empty.parquet"
            if not empty.exists():
                pq.write_table(schema.empty_table(), empty)
        for kind, cls in (("segments", FileRecord), ("arrivals", Arrival)):  # every key present, all null
            empty = self.root / kind / "_empty.json"
            if not empty.exists():
                _write_json(empty, [dict.fromkeys(f.name for f in fields(cls))])
        self._index_path = self.root / "landing_index.json"
        self._pending_index: dict[str, list] | None = None
        self._unflushed = 0
        self._arrivals: list[Arrival] = []

    # ---- locking --------------------------------------------------------------------------
    def lock(self, timeout_s: float = 600):
        """One writer at a time (a scheduled refresh and a sensor-launched one never interleave)."""
        return exclusive_lock(self.root / ".lock", timeout_s)

    # ---- records --------------------------------------------------------------------------
    def _segments(self) -> dict[str, list[FileRecord]]:
        """Segment -> its records, shared by every Lake on the same folder and re-read only where a
        segment's record changed."""
        folder = self.root / "segments"
        stamp = folder.stat().st_mtime_ns  # every record is written by a rename into this folder
        stamp_cached, cached = _SEGMENTS.get(folder, (None, {}))
        # a folder changed in the last 2 s is looked at again: its mtime may not have ticked between two writes
        if stamp_cached != stamp or time.time_ns() - stamp < 2_000_000_000:
            fresh: dict[str, tuple[tuple[int, int, int], list[FileRecord]]] = {}
            for entry in os.scandir(folder):
                if not entry.name.endswith(".json") or entry.name.startswith(("_", ".")):
                    continue
                st = entry.stat()
                sig = (st.st_ino, st.st_mtime_ns, st.st_size)  # a rename-replaced record has a new inode
                hit = cached.get(entry.name[:-5])
                if hit is None or hit[0] != sig:
                    data = json.loads(Path(entry.path).read_text(encoding="utf-8"))
                    hit = (sig, [FileRecord(**r) for r in data])
                fresh[entry.name[:-5]] = hit
            cached = dict(sorted(fresh.items()))
            _SEGMENTS[folder] = (stamp, cached)
        out = {seg: recs for seg, (_, recs) in cached.items()}
        legacy = self.root / "files"
        if legacy.is_dir():  # a lake written before segments: each file its own (see migrate_legacy)
            for path in sorted(legacy.glob("*.json")):
                if not path.name.startswith(("_", ".")):
                    rec = FileRecord(**json.loads(path.read_text(encoding="utf-8")))
                    rec.segment = rec.sha256
                    out.setdefault(rec.sha256, [rec])
        return out

    def records(self, department: str | None = None) -> list[FileRecord]:
        """Every file record (copies), in the order the files were received."""
        out = [copy.copy(r) for recs in self._segments().values() for r in recs
               if department is None or r.department_code == department]
        return sorted(out, key=lambda r: (r.received_at, r.sha256))

    def record(self, sha: str) -> FileRecord | None:
        return next((r for r in self.records() if r.sha256 == sha), None)

    def write_segment(self, segment: str, recs: list[FileRecord]) -> None:
        """The records of a segment's files: written last, after the segment's data files."""
        for r in recs:
            r.segment = segment
        _write_json(self.root / "segments" / f"{segment}.json", [asdict(r) for r in recs])

    def _write_arrivals(self) -> None:
        if self._arrivals:
            first = self._arrivals[0].arrival_id
            _write_json(self.root / "arrivals" / f"{first}_{len(self._arrivals)}.json",
                        [asdict(a) for a in self._arrivals])
            self._arrivals = []

    def arrivals(self) -> list[Arrival]:
        """Every arrival, in the order of arrival (an arrival written twice counts once)."""
        found: dict[str, Arrival] = {}
        for path in sorted((self.root / "arrivals").glob("*.json")):
            if path.name.startswith(("_", ".")):
                continue
            data = json.loads(path.read_text(encoding="utf-8"))
            for a in data if isinstance(data, list) else [data]:  # a single object: an older lake
                found[a["arrival_id"]] = Arrival(**a)
        return sorted(found.values(), key=lambda a: (a.received_at, a.arrival_id))

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

    def receive(self, landing: Path, departments: str | list[str], received_at: str | None = None,
                batch_id: str = "", progress=None) -> list[FileRecord | Arrival]:
        """Archive and read every new file of some departments. Returns what happened to each.

        New files are read in segments, a department's files a few dozen at a time (in worker processes
        when there are several segments, see :func:`read_files`); a department's files are hashed and
        archived just before its segments are handed over, so that this overlaps with the reading of the
        segments before. Each segment's data files and then its records are written in arrival order as
        it comes back. ``progress(files done, files found so far)`` is called after each segment."""
        departments = [departments] if isinstance(departments, str) else list(departments)
        self.migrate_legacy()
        self.remove_orphans()
        out: list[FileRecord | Arrival] = []
        known = {r.sha256: r for r in self.records()}
        queued: dict[str, Path] = {}  # sha -> landing path of the files to read
        again: list[tuple[Path, str]] = []  # the same content as a file read in this call: a duplicate of it

        def segments() -> Iterator[list[FileRecord]]:
            """Department by department: hash the new files, then archive and hand over their segments, so
            that the workers read one department while the next is hashed."""
            for department in departments:
                todo = []
                for path, sha in self.new_arrivals(landing, department):
                    if sha in queued:
                        again.append((path, sha))
                    elif not self._known(landing, path, sha, known.get(sha), received_at, out):
                        queued[sha] = path
                        todo.append((path, sha))
                files = iter(todo)
                for n in plan_segments([(department, path.stat().st_size) for path, _ in todo]):
                    yield [self._archive(path, sha, department, received_at or _now(), str(path.relative_to(landing)),
                                         batch_id) for path, sha in islice(files, n)]

        done = 0
        for segment, recs in read_files(self.root, segments()):
            self.write_segment(segment, recs)
            for rec in recs:
                done += 1
                self._landed(landing, queued[rec.sha256], rec, done, len(queued))
                out.append(rec)
            self._write_arrivals()
            if progress:
                progress(done, len(queued))
        known = {r.sha256: r for r in self.records()}
        for path, sha in again:
            self._known(landing, path, sha, known.get(sha), received_at, out)
        self._write_arrivals()
        self._flush_index()
        return out

    def _known(self, landing: Path, path: Path, sha: str, existing: FileRecord | None, received_at: str | None,
               out: list[FileRecord | Arrival]) -> bool:
        """Handle a landing file whose content the lake already has; False if the content is new."""
        if existing is None:
            return False
        rel = str(path.relative_to(landing))
        if existing.landing_path == rel:
            # the same arrival, interrupted after its record was written: finish its bookkeeping only
            self._arrivals.append(self._arrival(existing, rel, existing.received_at, duplicate=False))
        else:
            log.info("%s/%s: same content as %s received %s; recorded as a duplicate, nothing changes",
                     existing.department_code, path.name, existing.file_name, existing.received_at)
            arr = self._arrival(existing, rel, received_at or _now(), duplicate=True)
            self._arrivals.append(arr)
            out.append(arr)
        self._remember(landing, path, sha)
        return True

    def _landed(self, landing: Path, path: Path, rec: FileRecord, n: int, total: int) -> None:
        """A new file is fully recorded: note its arrival and its landing path."""
        rel = str(path.relative_to(landing))
        self._arrivals.append(self._arrival(rec, rel, rec.received_at, duplicate=False))
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

    def _archive(self, path: Path, sha: str, department: str, received_at: str, landing_path: str, batch_id: str
                 ) -> FileRecord:
        """Keep the original under its SHA-256 (once) and start its record."""
        target = self.archive_path(sha)
        if not target.exists():
            tmp = _tmp(target)
            shutil.copyfile(path, tmp)
            os.replace(tmp, target)
        return FileRecord(sha256=sha, department_code=department, file_name=Path(landing_path).name,
                          landing_path=landing_path, size_bytes=target.stat().st_size, received_at=received_at,
                          stage="parsed", batch_id=batch_id)

    def migrate_legacy(self) -> int:
        """Bring a lake written before segments (``files/<sha>.json`` records, one Parquet file of each kind
        per file, the gate's refusals among the problems) to this layout: each file becomes a segment of
        its own, named by its SHA-256. Returns the files migrated. Called under the lock."""
        legacy = self.root / "files"
        if not legacy.is_dir():
            return 0
        count = 0
        for path in sorted(legacy.glob("*.json")):
            if path.name.startswith(("_", ".")):
                continue
            rec = FileRecord(**json.loads(path.read_text(encoding="utf-8")))
            seg = rec.sha256
            for kind in DATA_FOLDERS:
                old = self.root / kind / f"{seg}.parquet"
                if not old.exists():
                    continue
                t = pq.read_table(old)
                t = t.append_column("segment", pa.array([seg] * t.num_rows, pa.string()))
                t = t.select(SCHEMAS[kind].names).cast(SCHEMAS[kind])
                if kind != "problems":
                    _write_table(old, t)
                    continue
                gate = pc.fill_null(pc.equal(t["stage"], "validate"), False)
                if pc.any(gate).as_py():
                    _write_table(self.root / kind / f"{seg}.gate.parquet", t.filter(gate))
                parse = t.filter(pc.invert(gate))
                if parse.num_rows:
                    _write_table(old, parse)
                else:
                    old.unlink()
            self.write_segment(seg, [rec])
            path.unlink()
            count += 1
        old_arrivals = [p for p in (self.root / "arrivals").glob("*.json")
                        if not p.name.startswith(("_", ".")) and isinstance(json.loads(p.read_text("utf-8")), dict)]
        if old_arrivals:
            self._arrivals = [Arrival(**json.loads(p.read_text("utf-8"))) for p in sorted(old_arrivals)]
            self._write_arrivals()
            for p in old_arrivals:
                p.unlink()
        for kind, schema in SCHEMAS.items():  # the empty tables of the new layout
            pq.write_table(schema.empty_table(), self.root / kind / "_empty.parquet")
        _write_json(self.root / "arrivals" / "_empty.json", [dict.fromkeys(f.name for f in fields(Arrival))])
        shutil.rmtree(legacy)
        log.warning("migrated %d file record(s) of an older lake to segments", count)
        return count

    def remove_orphans(self) -> list[Path]:
        """Delete data files that no segment record names (what a refresh killed mid-segment leaves)."""
        recorded = set(self._segments())
        gone = []
        for folder in DATA_FOLDERS:
            for path in (self.root / folder).glob("*.parquet"):
                if not path.name.startswith("_") and _segment_of(path) not in recorded:
                    path.unlink(missing_ok=True)
                    gone.append(path)
        if gone:
            log.warning("removed %d data file(s) of segments a killed refresh left unrecorded", len(gone))
        return gone

    # ---- reading back ---------------------------------------------------------------------
    def pending_validation(self, department: str | None = None) -> list[FileRecord]:
        return [r for r in self.records(department) if r.stage == "parsed"]

    def segment_table(self, kind: str, segments: Iterable[str], shas: Iterable[str] | None = None,
                      columns: list[str] | None = None, dictionary: Iterable[str] = ()) -> pa.Table:
        """The rows (``kind`` 'rows'), problems or derived cells of segments, in segment order: those of the
        files ``shas`` only if given, the ``columns`` only if given; the text columns ``dictionary`` as
        dictionaries (distinct values and indices: a few thousand codes among millions of rows)."""
        dictionary = set(dictionary)
        fields = [SCHEMAS[kind].field(c) for c in (columns or SCHEMAS[kind].names)]
        schema = pa.schema([f.with_type(pa.dictionary(pa.int32(), f.type)) if f.name in dictionary else f
                            for f in fields])
        tables = []
        for seg in segments:
            for path in (self.root / kind / f"{seg}.parquet", self.root / kind / f"{seg}.gate.parquet"):
                if path.exists():
                    t = pq.read_table(path, columns=schema.names, read_dictionary=list(dictionary) or None)
                    tables.append(t.select(schema.names).cast(schema))
        table = pa.concat_tables(tables, promote_options="permissive") if tables else schema.empty_table()
        if shas is not None and table.num_rows:
            wanted = set(shas)
            col = table["file_sha256"]
            present = ({v for chunk in col.chunks for v in chunk.dictionary.to_pylist()}
                       if pa.types.is_dictionary(col.type) else set(pc.unique(col).to_pylist()))
            if not present <= wanted:  # a segment holds files not asked for
                table = table.filter(pc.is_in(col.cast(pa.string()), value_set=pa.array(sorted(wanted), pa.string())))
        return table

    def rows(self, sha: str) -> pd.DataFrame:
        """One file's rows (row_idx order)."""
        rec = self.record(sha)
        return self.segment_table("rows", [rec.segment] if rec else [], [sha]).to_pandas()

    def problems(self, sha: str) -> pd.DataFrame:
        """One file's problems: the reader's, then the quality gate's refusals."""
        rec = self.record(sha)
        return self.segment_table("problems", [rec.segment] if rec else [], [sha]).to_pandas()

    def write_verdicts(self, verdicts: dict[str, tuple[int, pd.DataFrame]]) -> None:
        """Store the quality gate's verdict on files: per file (sha -> (rows accepted, refusals by
        ``row_idx``)). A segment's refusals are written, then its records; the rows themselves are never
        rewritten: a row is accepted unless a refusal names it. Every file of a segment a verdict
        touches must have one."""
        by_segment: dict[str, list[FileRecord]] = {}
        for seg, recs in self._segments().items():
            if any(r.sha256 in verdicts for r in recs):
                by_segment[seg] = [copy.copy(r) for r in recs]
        for seg, recs in by_segment.items():
            refusals = []
            for rec in recs:
                if rec.sha256 not in verdicts:
                    if rec.stage == "parsed":
                        raise ValueError(f"no verdict for {rec.file_name} of segment {seg}")
                    continue
                accepted, refused = verdicts[rec.sha256]
                if not refused.empty:
                    refusals.append(refused.assign(file_sha256=rec.sha256, segment=seg, stage="validate"))
                rec.stage = "validated"
                rec.rows_accepted = int(accepted)
                rec.rows_refused_validation = int(refused["row_idx"].nunique()) if not refused.empty else 0
            gate = self.root / "problems" / f"{seg}.gate.parquet"
            if refusals:
                _write_table(gate, _frame_table(pd.concat(refusals, ignore_index=True), SCHEMAS["problems"]))
            else:
                gate.unlink(missing_ok=True)
            self.write_segment(seg, recs)

    # ---- replay ---------------------------------------------------------------------------
    def replay(self, source: Lake) -> int:
        """Re-read every archived original of ``source`` into this (empty) lake, in arrival order and
        with the original arrival times, so that a rebuild gives the same marts. Returns files replayed."""
        arrivals = source.arrivals()
        originals = {r.sha256: r for r in source.records()}
        todo: list[FileRecord] = []
        queued: set[str] = set()
        for arr in arrivals:
            if arr.duplicate or arr.sha256 in queued or self.record(arr.sha256) is not None:
                continue
            queued.add(arr.sha256)
            original = source.archive_path(arr.sha256)
            if not original.exists():
                raise FileNotFoundError(f"the archive lacks {arr.sha256} ({arr.landing_path})")
            rec = originals.get(arr.sha256)
            todo.append(self._archive(original, arr.sha256, arr.department_code, arr.received_at, arr.landing_path,
                                      rec.batch_id if rec else ""))
        files = iter(todo)
        plan = plan_segments([(r.department_code, r.size_bytes) for r in todo])
        for segment, recs in read_files(self.root, ([next(files) for _ in range(n)] for n in plan)):
            self.write_segment(segment, recs)
        self._arrivals = list(arrivals)
        self._write_arrivals()
        return len(todo)


_SEGMENTS: dict[Path, tuple[int, dict[str, tuple[tuple[int, int, int], list[FileRecord]]]]] = {}

# ---- reading files, in worker processes when there are many ------------------------------------
#: Bytes of exports read as one segment: the exports of a segment are interpreted in one vectorised
#: pass, and a segment is what one worker process reads at a time (bounded so memory stays flat).
CHUNK_BYTES = 12_000_000
#: ... or of this many files: small files cost per file, not per byte (the demo's 2 MB departments were
#: one segment each, read by one process while the other core waited)
CHUNK_FILES = 64
_pool: ProcessPoolExecutor | None = None


def ingest_workers() -> int:
    """Worker processes that read files (IOC_INGEST_WORKERS; default: one per core, at most 4; 1 = none)."""
    return max(1, int(os.environ.get("IOC_INGEST_WORKERS") or min(os.cpu_count() or 1, 4)))


def _read_segment(root: Path, recs: list[FileRecord]) -> tuple[str, list[FileRecord]]:
    """Read archived files as one segment and write its data files into the lake at ``root``; the records
    come back completed (counts and format, or stage 'rejected' with the message), for the caller to
    write last."""
    opened: list[Pending | None] = []
    for rec in recs:
        try:
            opened.append(open_export(Path(root) / "archive" / rec.sha256, rec.department_code,
                                      name_hint=rec.file_name))
        except FileRejected as exc:
            rec.stage, rec.message = "rejected", str(exc)
            opened.append(None)
    results = iter(finish([o for o in opened if o is not None]))
    read = [(rec, next(results)) for rec, o in zip(recs, opened, strict=True) if o is not None]
    segment = new_segment_id()
    write_segment_data(Path(root), segment, read)
    return segment, recs


def plan_segments(files: list[tuple[str, int]]) -> list[int]:
    """How many of the files (department, bytes), in order, each segment reads: a department's files
    together, about :data:`CHUNK_BYTES` (or :data:`CHUNK_FILES` files) a segment."""
    plan: list[int] = []
    size, department = CHUNK_BYTES, None
    for dept, nbytes in files:
        if dept != department or size >= CHUNK_BYTES or plan[-1] >= CHUNK_FILES:
            plan.append(0)
            size, department = 0, dept
        plan[-1] += 1
        size += nbytes
    return plan


def read_files(root: Path, segments: Iterable[list[FileRecord]]) -> Iterator[tuple[str, list[FileRecord]]]:
    """Read archived files, a segment (a list of records, see :func:`plan_segments`) at a time: in worker
    processes when there is more than one segment and more than one worker, each segment handed over as
    soon as ``segments`` yields it. Segments come back in order, as they are ready."""
    segments = iter(segments)
    first = list(islice(segments, 2))
    if len(first) < 2 or ingest_workers() < 2:
        for chunk in chain(first, segments):
            yield _read_segment(root, chunk)
        return
    global _pool
    if _pool is None:
        _pool = ProcessPoolExecutor(max_workers=ingest_workers(), mp_context=multiprocessing.get_context("spawn"))
    pending: deque = deque()
    for chunk in chain(first, segments):
        pending.append(_pool.submit(_read_segment, root, chunk))
        while pending and pending[0].done():
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def write_segment_data(root: Path, segment: str, read: list[tuple[FileRecord, ParseResult]]) -> None:
    """Write what was read from a segment's files (rows, problems, derived cells), one file of each kind,
    and note the counts on each file's record."""
    problems, derived = [], []
    for rec, result in read:
        if len(result.problems):
            problems.append(result.problems.assign(file_sha256=rec.sha256, segment=segment, stage="parse",
                                                   row_idx=pd.Series(pd.NA, index=result.problems.index,
                                                                     dtype="Int64")))
        if result.derived is not None and result.derived.num_rows:
            n = result.derived.num_rows
            derived.append(pa.table({"file_sha256": pa.array([rec.sha256] * n, pa.string()),
                                     "segment": pa.array([segment] * n, pa.string()),
                                     **{c: result.derived[c] for c in result.derived.column_names}}))
        rec.format = result.format
        rec.rows_parsed = result.table.num_rows + result.refused_rows
        rec.rows_refused_parse = result.refused_rows
        rec.warnings = int((result.problems["severity"] == "warning").sum()) if len(result.problems) else 0
    if read:
        body = pa.concat_tables([result.table for _, result in read])
        sizes = np.array([result.table.num_rows for _, result in read], dtype="int64")
        of_file = pa.array(np.repeat(np.arange(len(read)), sizes))  # each row's file, by position

        def per_file(values: list, type_: pa.DataType) -> pa.Array:
            return pc.take(pa.array(values, type_), of_file)

        columns = {
            "file_sha256": per_file([rec.sha256 for rec, _ in read], pa.string()),
            "segment": per_file([segment] * len(read), pa.string()),
            "department_code": per_file([rec.department_code for rec, _ in read], pa.string()),
            "received_at": per_file([pd.Timestamp(rec.received_at).value // 1000 for rec, _ in read],
                                    pa.int64()).cast(pa.timestamp("us", tz="UTC")),
            **{c: body[c] for c in body.column_names},
            "row_idx": pa.array(np.arange(len(of_file)) - np.repeat(np.cumsum(sizes) - sizes, sizes)),
        }
        _write_table(root / "rows" / f"{segment}.parquet", pa.table(columns).select(ROW_COLUMNS))
    if problems:
        _write_table(root / "problems" / f"{segment}.parquet",
                     _frame_table(pd.concat(problems, ignore_index=True), SCHEMAS["problems"]))
    if derived:
        _write_table(root / "derived" / f"{segment}.parquet",
                     pa.concat_tables(derived).select(DERIVED_COLUMNS).cast(SCHEMAS["derived"]))


def release_workers() -> None:
    """Stop the reading processes (their memory is better left to the checks and dbt that follow)."""
    global _pool
    if _pool is not None:
        _pool.shutdown()
        _pool = None


def release_memory() -> int:
    """Give back to the system the memory this process freed but still holds: Arrow's allocator keeps
    freed blocks for reuse, and the C allocator keeps freed heap (one arena per thread that allocated).
    After the checks at size M that is ~750 MB, which would otherwise sit beside dbt's DuckDB at the
    refresh's peak. Returns the resident megabytes released (for the log)."""
    import ctypes
    import gc

    def resident_mb() -> int:
        try:
            return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 2**20
        except (OSError, ValueError, IndexError):
            return 0

    before = resident_mb()
    gc.collect()
    pa.default_memory_pool().release_unused()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: nothing more to give back this way
        pass
    return max(0, before - resident_mb())
