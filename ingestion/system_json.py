"""Format C: JSON and JSON Lines exports from provincial systems.

An export is an envelope (he_thong, don_vi, thoi_diem_xuat, ky_bao_cao) around ``du_lieu``, a list of
records. A record may carry its own ky_bao_cao; ``gia_tri`` may be a number, a string in the
department's number form, or null ("no value": neither zero nor an error). Unknown keys are ignored.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pyarrow as pa

from ingestion.canonical import DEFAULT_COLUMNS, Context, Interpreted, problems_to_frame
from ingestion.files import decode
from ingestion.model import FileRejected, ParseResult, Pending, problems_frame
from ingestion.reference import Profile

#: JSON record keys are the Format A column names -> fields of the canonicaliser.
RECORD_FIELDS = {column: field for field, column in DEFAULT_COLUMNS.items()}


def _envelopes(text: str, lines: bool) -> list[tuple[int | None, dict]]:
    if not lines:
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as exc:
            raise FileRejected(
                f"tệp JSON sai cú pháp ở dòng {exc.lineno}, cột {exc.colno}: {exc.msg} — malformed JSON"
            ) from exc
        if isinstance(doc, list):
            return [(None, {"du_lieu": doc})]
        if not isinstance(doc, dict):
            raise FileRejected("tệp JSON không chứa đối tượng báo cáo — JSON is not an export object")
        return [(None, doc)]
    out = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise FileRejected(f"dòng {n} của tệp JSON Lines sai cú pháp: {exc.msg} — malformed JSON Lines") from exc
        if not isinstance(obj, dict):
            raise FileRejected(f"dòng {n} của tệp JSON Lines không phải là một đối tượng — not an object")
        out.append((n, obj))
    return out


def read_json(data: bytes, profile: Profile, lines: bool = False) -> Pending:
    """A JSON or JSON Lines export read into raw records (one table per envelope), waiting to be
    interpreted."""
    text = decode(data)
    parts, notes = [], []
    counter = 0
    for line_no, env in _envelopes(text, lines):
        sheet = f"dòng {line_no}" if line_no is not None else None
        records = env.get("du_lieu")
        if records is None and "ma_chi_tieu" in env:
            records, env = [env], {}
        if not isinstance(records, list):
            raise FileRejected("không có danh sách 'du_lieu' trong tệp — no 'du_lieu' list")
        sender = env.get("don_vi")
        if sender and str(sender).strip().upper() != profile.department_code:
            notes.append({"sheet": sheet, "row_number": 0, "column_name": "don_vi", "raw_value": str(sender),
                          "severity": "warning",
                          "reason": f"tệp ghi đơn vị gửi '{sender}' nhưng được nộp vào thư mục của "
                                    f"{profile.department_code}; dùng {profile.department_code} — sender differs"})
        recs = [r if isinstance(r, dict) else {} for r in records]
        keys = {k for r in recs for k in r}
        # one column of cells per field, as the records hold them (numbers, text or null)
        raw = pd.DataFrame({f: pd.Series([r.get(k) for r in recs], dtype=object) for k, f in RECORD_FIELDS.items()
                            if k in keys}, index=pd.RangeIndex(len(recs)))
        first = counter + 1 if line_no is None else 1
        raw["row_number"] = np.arange(first, first + len(recs), dtype="int64")
        raw["sheet"] = sheet
        if line_no is None:
            counter += len(recs)
        ctx = Context(
            profile=profile,
            columns={f: k for k, f in RECORD_FIELDS.items()},
            default_period=str(env["ky_bao_cao"]) if env.get("ky_bao_cao") is not None else None,
            empty_value_is_missing=False,
        )
        parts.append((raw, ctx))
    if not parts:
        raise FileRejected("tệp không có bản ghi nào — the file holds no records")

    def assemble(done: list[Interpreted]) -> ParseResult:
        table = pa.concat_tables([d.rows for d in done])
        problems = pd.concat([problems_frame(notes)] + [problems_to_frame(d.problems) for d in done],
                             ignore_index=True)
        return ParseResult(table, problems, f"C-{'jsonl' if lines else 'json'}")

    return Pending(parts, assemble)
