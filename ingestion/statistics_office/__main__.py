"""Coverage of statistics-office workbooks: per file and sheet, numeric cells total / loaded / index /
derived / unmapped, and the seconds the reading took.

    .venv/bin/python -m ingestion.statistics_office WORKBOOK... [--explain]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from ingestion.statistics_office.reader import coverage_lines, explain_lines, read_file


def main(argv: list[str]) -> int:
    explain = "--explain" in argv
    for name in (a for a in argv if a != "--explain"):
        started = time.perf_counter()
        reading = read_file(Path(name))
        seconds = time.perf_counter() - started
        print("\n".join(coverage_lines(reading, f"{Path(name).name}  read in {seconds:.2f} s")))
        if explain:
            print("\n".join(explain_lines(reading)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
