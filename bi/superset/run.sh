#!/usr/bin/env bash
# Apache Superset on 127.0.0.1 with the published warehouse connected read-only and the IOC's dashboards
# imported from bi/superset/assets/. `scripts/dev.sh superset` runs this.
#
#   bi/superset/run.sh        build .venv-superset if missing, set Superset up, import, serve (foreground)
#   bi/superset/run.sh env    build .venv-superset only
#
# Environment (defaults in brackets):
#   IOC_WAREHOUSE_PATH      the published DuckDB file [data/warehouse/ioc.duckdb]
#   SUPERSET_HOME           Superset's metadata DB, secret key, rendered import files [data/superset]
#   SUPERSET_PORT           port on 127.0.0.1 [8088]
#   SUPERSET_ADMIN_USER, SUPERSET_ADMIN_PASSWORD   the local admin [admin / admin]
#   SUPERSET_VENV           the environment [.venv-superset]; SUPERSET_WORKERS gunicorn workers [2]
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
BI=$ROOT/bi/superset

PYTHON="${PYTHON:-python3.11}"
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3
VENV="${SUPERSET_VENV:-$ROOT/.venv-superset}"

abspath() { "$PYTHON" -c 'import os, sys; print(os.path.abspath(sys.argv[1]))' "$1"; }

build_env() {
  # Superset pins SQLAlchemy 1.4, pandas 2.1 and numpy 1.x, which clash with the warehouse's stack: an
  # environment of its own, installed from the lock (every version pinned: pip resolves without
  # backtracking). Rebuilt in place when the lock changes.
  local want
  want=$(sha256sum "$BI/requirements.lock" | cut -d' ' -f1)
  if [ -x "$VENV/bin/superset" ] && [ "$(cat "$VENV/.lock.sha256" 2>/dev/null)" = "$want" ]; then
    return
  fi
  if [ ! -x "$VENV/bin/python" ]; then
    echo "superset: creating $VENV with $($PYTHON --version) from bi/superset/requirements.lock (a few minutes)"
    "$PYTHON" -m venv "$VENV"
  fi
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
    -r "$BI/requirements.in" -c "$BI/requirements.lock"
  "$VENV/bin/python" -m pip check --disable-pip-version-check >/dev/null
  echo "$want" > "$VENV/.lock.sha256"
}

case "${1:-serve}" in
  env) build_env; exit 0 ;;
  serve) ;;
  *) echo "usage: bi/superset/run.sh [env]" >&2; exit 2 ;;
esac

WAREHOUSE=$(abspath "${IOC_WAREHOUSE_PATH:-data/warehouse/ioc.duckdb}")
export SUPERSET_HOME
SUPERSET_HOME=$(abspath "${SUPERSET_HOME:-data/superset}")
export SUPERSET_CONFIG_PATH="$BI/superset_config.py"
export FLASK_APP=superset
PORT="${SUPERSET_PORT:-8088}"
ADMIN_USER="${SUPERSET_ADMIN_USER:-admin}"
ADMIN_PASSWORD="${SUPERSET_ADMIN_PASSWORD:-admin}"

if [ ! -f "$WAREHOUSE" ]; then
  echo "superset: no published warehouse at $WAREHOUSE (run scripts/dev.sh demo, or set IOC_WAREHOUSE_PATH)" >&2
  exit 1
fi
case "$WAREHOUSE" in
  *\?*|*\#*|*%*) echo "superset: the warehouse path may not contain ?, # or %: $WAREHOUSE" >&2; exit 1 ;;
esac

build_env
mkdir -p "$SUPERSET_HOME"
SUPERSET="$VENV/bin/superset"
cd "$SUPERSET_HOME"  # Superset writes nothing elsewhere

echo "superset: metadata database in $SUPERSET_HOME"
"$SUPERSET" db upgrade >"$SUPERSET_HOME/upgrade.log" 2>&1 || { cat "$SUPERSET_HOME/upgrade.log" >&2; exit 1; }
# the admin, created once; the password given wins over the one it was created with
{ "$SUPERSET" fab create-admin --username "$ADMIN_USER" --password "$ADMIN_PASSWORD" \
    --firstname Admin --lastname IOC --email "$ADMIN_USER@localhost" \
  && "$SUPERSET" fab reset-password --username "$ADMIN_USER" --password "$ADMIN_PASSWORD"; } \
  >"$SUPERSET_HOME/admin.log" 2>&1 || { cat "$SUPERSET_HOME/admin.log" >&2; exit 1; }
# roles and permissions, once per Superset version
version=$("$VENV/bin/python" -c 'from importlib.metadata import version; print(version("apache-superset"))')
if [ ! -f "$SUPERSET_HOME/.init-$version" ]; then
  echo "superset: roles and permissions (superset init)"
  "$SUPERSET" init >"$SUPERSET_HOME/init.log" 2>&1 || { cat "$SUPERSET_HOME/init.log" >&2; exit 1; }
  touch "$SUPERSET_HOME/.init-$version"
fi

# The dashboards' files with the warehouse's path written into the database's URI, then imported: the
# database, datasets, charts and dashboards of the same UUIDs are overwritten (edit the YAML, run again).
rm -rf "$SUPERSET_HOME/import"
cp -r "$BI/assets" "$SUPERSET_HOME/import"
"$VENV/bin/python" - "$SUPERSET_HOME/import/databases" "$WAREHOUSE" <<'EOF'
import json, pathlib, sys
folder, path = pathlib.Path(sys.argv[1]), sys.argv[2]
for f in folder.glob("*.yaml"):  # the URI is a double-quoted YAML string: JSON's escapes are YAML's
    f.write_text(f.read_text(encoding="utf-8").replace("${IOC_WAREHOUSE_PATH}", json.dumps(path)[1:-1]),
                 encoding="utf-8")
EOF
echo "superset: importing the dashboards of bi/superset/assets (warehouse $WAREHOUSE)"
"$SUPERSET" import-directory --overwrite "$SUPERSET_HOME/import" >"$SUPERSET_HOME/import.log" 2>&1 \
  && ! grep -q "An error occurred" "$SUPERSET_HOME/import.log" \
  || { cat "$SUPERSET_HOME/import.log" >&2; echo "superset: import failed" >&2; exit 1; }

echo "superset: http://127.0.0.1:$PORT  (user $ADMIN_USER)"
exec "$VENV/bin/gunicorn" --bind "127.0.0.1:$PORT" --workers "${SUPERSET_WORKERS:-2}" --worker-class gthread \
  --threads 8 --timeout 120 --graceful-timeout 10 --limit-request-line 0 --limit-request-field_size 0 \
  --access-logfile - --error-logfile - "superset.app:create_app()"
