#!/usr/bin/env bash
# One entry point for a fresh machine:
#   scripts/dev.sh demo   set up, write the demo exports, refresh, print where the warehouse is
#   scripts/dev.sh test   set up, run the test suite
#   scripts/dev.sh setup  set up only (.venv with the pinned stack)
#   scripts/dev.sh superset  Superset with the IOC's dashboards on 127.0.0.1:8088 (bi/superset/run.sh)
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

# What the dashboards' test (tests/bi) needs besides .venv: Superset's own environment, built from its lock
# (bi/superset/requirements.lock; .venv-superset), and Debian's Chromium for Playwright to drive.
bi_setup() {
  bash bi/superset/run.sh env
  if ! command -v chromium >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      echo "setup: installing Debian's chromium for the dashboards' test"
      { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } >/dev/null
    else
      echo "setup: the dashboards' test needs Debian's chromium: sudo apt-get install -y chromium" >&2
    fi
  fi
}

case "${1:-}" in
  setup) setup ;;
  demo) setup; shift; exec .venv/bin/iocw demo "$@" ;;
  # two workers, a test file each (a file's module-scoped servers and warehouses stay in one worker)
  test) setup; bi_setup; shift; exec .venv/bin/python -m pytest -n "${IOC_TEST_WORKERS:-2}" --dist loadfile "$@" ;;
  superset) shift; exec bash bi/superset/run.sh "$@" ;;
  *) echo "usage: scripts/dev.sh {demo|test|setup|superset} [args]" >&2; exit 2 ;;
esac
