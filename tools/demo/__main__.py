"""python -m tools.demo LANDING [--size S|M|L] [--seed N] [--years 2020 2026] [--as-of 2026-12-07]
[--departments SCT,CTK]"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from tools.demo.generator import SIZES, generate


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tools.demo", description=__doc__)
    ap.add_argument("landing", type=Path, help="landing folder; files go to LANDING/<DEPARTMENT_CODE>/")
    ap.add_argument("--size", default="S", choices=sorted(SIZES))
    ap.add_argument("--seed", type=int, default=20250701)
    ap.add_argument(
        "--years", type=int, nargs=2, default=None, metavar=("FIRST", "LAST"), help="default: 2020 to the last month"
    )
    ap.add_argument("--as-of", type=dt.date.fromisoformat, default=None, help="the day files are seen (default: today)")
    ap.add_argument("--departments", default=None, help="comma-separated department codes (default: all)")
    ap.add_argument("-q", "--quiet", action="store_true")
    args = ap.parse_args(argv)
    depts = args.departments.split(",") if args.departments else None
    summary = generate(
        args.landing,
        size=args.size,
        seed=args.seed,
        years=tuple(args.years) if args.years else None,
        as_of=args.as_of,
        progress=None if args.quiet else (lambda m: print(m, file=sys.stderr)),
        departments=depts,
    )
    print(json.dumps(summary, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
