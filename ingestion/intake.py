"""Receiving files: from the landing folder (or another lake's archive) into the lake, read in segments.

A department's new files are hashed, archived and read a few dozen at a time (a *segment*): the files of a
segment are interpreted in one vectorised pass (ingestion.readers.finish), and a segment is what one
worker process reads at a time, so that memory stays flat whatever the number of files. With more than
one segment the segments are read by a pool of worker processes, in order of arrival.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime
from itertools import chain, islice
from pathlib import Path

from ingestion.files import sha256_of
from ingestion.lake import (
    Arrival,
    FileRecord,
    Lake,
    arrival,
    index_entry,
    landing_files,
    new_segment_id,
    same_file,
)
from ingestion.model import FileRejected
from ingestion.readers import finish, open_export

log = logging.getLogger(__name__)

#: Bytes of exports read as one segment (bounded so that a worker's memory stays flat)...
CHUNK_BYTES = 12_000_000
#: ... or this many files: small files cost per file, not per byte.
CHUNK_FILES = 64


def workers() -> int:
    """Worker processes that read files (IOC_INGEST_WORKERS; default: one per core, at most 4; 1 = none)."""
    return max(1, int(os.environ.get("IOC_INGEST_WORKERS") or min(os.cpu_count() or 1, 4)))


def arrival_time(st: os.stat_result) -> str:
    """When a file landed: its modification time in the landing folder, when the department's copy was
    written there (never later than now). Arrival is a fact of the file, not of the refresh that found it:
    files found by one refresh keep the order they landed in, whether one refresh or several found them,
    and a warehouse rebuilt from a copy of the landing folder that kept the times (cp -a, rsync -t)
    orders their versions as the first one did."""
    return min(datetime.fromtimestamp(st.st_mtime_ns / 1e9, UTC), datetime.now(UTC)).isoformat(
        timespec="microseconds")


def new_arrivals(landing: Path, department: str, index: dict[str, list]) -> list[tuple[Path, str, os.stat_result]]:
    """Files in ``landing/<department>/`` the lake has not received at that path with that content:
    (path, sha, stat), in the order they landed. A file touched but not changed only has its index entry
    brought up to date."""
    found = []
    for path in landing_files(Path(landing) / department):
        st = path.stat()
        rel = str(path.relative_to(landing))
        known = index.get(rel)
        if same_file(known, st):
            continue
        sha = sha256_of(path)
        if known and known[2] == sha:
            index[rel] = index_entry(st, sha)
            continue
        found.append((path, sha, st))
    return sorted(found, key=lambda f: (f[2].st_mtime_ns, str(f[0])))


def receive(lake: Lake, landing: Path, departments: list[str], batch_id: str = "",
            progress: Callable[[int, int], None] | None = None) -> list[FileRecord | Arrival]:
    """Archive and read every new file of these departments' landing folders. Returns what happened to each:
    its record (read, or rejected whole) or, for content the lake already has, its arrival as a duplicate.
    ``progress(files done, files found so far)`` is called after each segment."""
    lake.tidy()
    index = lake.landing_index()
    known = {r.sha256: r for r in lake.records()}
    queued: dict[str, Path] = {}  # sha -> landing path of the files to read
    again: list[tuple[Path, str]] = []  # the same content as a file read in this call: a duplicate of it
    arrivals: list[Arrival] = []
    out: list[FileRecord | Arrival] = []

    def seen(path: Path, sha: str) -> None:
        index[str(path.relative_to(landing))] = index_entry(path.stat(), sha)

    def duplicate(path: Path, sha: str, original: FileRecord, when: str) -> None:
        rel = str(path.relative_to(landing))
        if original.landing_path == rel:  # the same arrival, interrupted after its record was written
            arrivals.append(arrival(original, rel, original.received_at, duplicate=False))
        else:
            log.info("%s/%s: same content as %s received %s; recorded as a duplicate, nothing changes",
                     original.department_code, path.name, original.file_name, original.received_at)
            arrivals.append(arrival(original, rel, when, duplicate=True))
            out.append(arrivals[-1])
        seen(path, sha)

    def segments() -> Iterator[list[FileRecord]]:
        """Department by department: hash the new files, then archive them and hand their segments over, so
        that the workers read one department while the next is hashed."""
        for department in departments:
            todo = []
            for path, sha, st in new_arrivals(landing, department, index):
                when = arrival_time(st)
                if sha in known:
                    duplicate(path, sha, known[sha], when)
                elif sha in queued:
                    again.append((path, sha))
                else:
                    queued[sha] = path
                    todo.append((path, sha, when))
            files = iter(todo)
            for n in plan_segments([(department, path.stat().st_size) for path, _, _ in todo]):
                yield [start_record(lake, path, sha, department, when, str(path.relative_to(landing)), batch_id)
                       for path, sha, when in islice(files, n)]

    done = 0
    for segment, recs in read_segments(lake.root, segments()):
        lake.commit_segment(segment, recs)
        for rec in recs:
            done += 1
            path = queued[rec.sha256]
            arrivals.append(arrival(rec, rec.landing_path, rec.received_at, duplicate=False))
            seen(path, rec.sha256)
            known[rec.sha256] = rec
            out.append(rec)
            log.info("[%d/%d] %s/%s: %s, %d rows read, %d refused%s", done, len(queued), rec.department_code,
                     path.name, rec.format or rec.stage, rec.rows_parsed, rec.rows_refused_parse,
                     f" — REJECTED: {rec.message}" if rec.stage == "rejected" else "")
        if progress:
            progress(done, len(queued))
    for path, sha in again:
        duplicate(path, sha, known[sha], arrival_time(path.stat()))
    lake.add_arrivals(arrivals)
    lake.write_landing_index(index)
    return out


def start_record(lake: Lake, path: Path, sha: str, department: str, received_at: str, landing_path: str,
                 batch_id: str) -> FileRecord:
    """Archive a file and start its record."""
    kept = lake.archive(path, sha)
    return FileRecord(sha256=sha, department_code=department, file_name=Path(landing_path).name,
                      landing_path=landing_path, size_bytes=kept.stat().st_size, received_at=received_at,
                      stage="parsed", batch_id=batch_id, read_at=datetime.now(UTC).isoformat())


def replay(target: Lake, source: Lake) -> int:
    """Re-read every archived original of ``source`` into ``target`` (empty), in arrival order and with the
    original arrival times, so that a rebuild gives the same marts. Returns the files replayed."""
    arrivals = source.arrivals()
    originals = {r.sha256: r for r in source.records()}
    todo: list[FileRecord] = []
    queued: set[str] = set()
    for arr in arrivals:
        if arr.duplicate or arr.sha256 in queued:
            continue
        queued.add(arr.sha256)
        original = source.archive_path(arr.sha256)
        if not original.exists():
            raise FileNotFoundError(f"the archive lacks {arr.sha256} ({arr.landing_path})")
        rec = originals.get(arr.sha256)
        todo.append(start_record(target, original, arr.sha256, arr.department_code, arr.received_at,
                                 arr.landing_path, rec.batch_id if rec else ""))
    files = iter(todo)
    plan = plan_segments([(r.department_code, r.size_bytes) for r in todo])
    for segment, recs in read_segments(target.root, ([next(files) for _ in range(n)] for n in plan)):
        target.commit_segment(segment, recs)
    target.add_arrivals(arrivals)
    return len(todo)


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


def read_segment(root: Path, recs: list[FileRecord]) -> tuple[str, list[FileRecord]]:
    """Read archived files as one segment and write what they gave into the lake at ``root`` (pending its
    commit); the records come back completed (counts and format, or stage 'rejected' and why)."""
    opened = []
    for rec in recs:
        try:
            opened.append(open_export(Path(root) / "archive" / rec.sha256, rec.department_code,
                                      name_hint=rec.file_name))
        except FileRejected as exc:
            rec.stage, rec.message = "rejected", str(exc)
            opened.append(None)
    results = iter(finish([o for o in opened if o is not None]))
    segment = new_segment_id()
    Lake(root).write_segment_data(segment, [(rec, None if o is None else next(results))
                                            for rec, o in zip(recs, opened, strict=True)])
    return segment, recs


def read_segments(root: Path, segments: Iterable[list[FileRecord]]) -> Iterator[tuple[str, list[FileRecord]]]:
    """Read segments in order: in worker processes when there is more than one segment and more than one
    worker, each segment handed over as soon as ``segments`` yields it."""
    segments = iter(segments)
    first = list(islice(segments, 2))
    if len(first) < 2 or workers() < 2:
        for chunk in chain(first, segments):
            yield read_segment(root, chunk)
        return
    with ProcessPoolExecutor(max_workers=workers(), mp_context=multiprocessing.get_context("spawn")) as pool:
        pending: deque = deque()
        for chunk in chain(first, segments):
            pending.append(pool.submit(read_segment, root, chunk))
            while pending and pending[0].done():
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
