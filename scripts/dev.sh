#!/usr/bin/env bash
# One entry point for a fresh machine:
#   scripts/dev.sh demo   set up, write the demo exports, refresh, print where the warehouse is
#   scripts/dev.sh test   set up, run the test suite
#   scripts/dev.sh setup  set up only (.venv with the pinned stack)
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3.11}"
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3

setup() {
  if [ ! -x .venv/bin/python ]; then
    echo "setup: creating .venv with $($PYTHON --version)"
    "$PYTHON" -m venv .venv
  fi
  # constraints.txt pins the whole resolved stack: without it pip spends minutes backtracking
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[dev]"
}

case "${1:-}" in
  setup) setup ;;
  demo) setup; shift; exec .venv/bin/iocw demo "$@" ;;
  test) setup; shift; exec .venv/bin/python -m pytest "$@" ;;
  *) echo "usage: scripts/dev.sh {demo|test|setup} [args]" >&2; exit 2 ;;
esac
