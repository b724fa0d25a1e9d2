"""Superset's configuration for the IOC warehouse's dashboards (bi/superset/run.sh sets SUPERSET_CONFIG_PATH
to this file and SUPERSET_HOME to the folder where Superset keeps its state, data/superset by default).

Everything Superset writes stays in SUPERSET_HOME: its metadata database (SQLite), the secret key that signs
sessions and encrypts stored connection details (generated once, then kept), its logs. Nothing here calls out
of the machine: no telemetry pixel, no web fonts, no map tiles (the browser's Content-Security-Policy allows
this server only).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

HOME = Path(os.environ.get("SUPERSET_HOME") or Path(__file__).resolve().parents[2] / "data" / "superset")
HOME.mkdir(parents=True, exist_ok=True)


def _secret_key(path: Path) -> str:
    """The key in ``path``, written once (exclusively, so that two processes starting together agree)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_urlsafe(48) + "\n")
    key = path.read_text().strip()
    if not key:
        raise RuntimeError(f"{path} is empty: delete it and start again (sessions signed with it end)")
    return key


SECRET_KEY = os.environ.get("SUPERSET_SECRET_KEY") or _secret_key(HOME / "secret_key")
SQLALCHEMY_DATABASE_URI = f"sqlite:///{HOME / 'superset.db'}"

# Dashboards only read the published warehouse; nothing Superset-side needs workers or a cache server.
# No data cache: a chart shows what the published file holds now, also right after a refresh.
FEATURE_FLAGS = {
    "ALERT_REPORTS": False,
    "THUMBNAILS": False,
    "ENABLE_TEMPLATE_PROCESSING": False,
}
RATELIMIT_STORAGE_URI = "memory://"
SUPERSET_WEBSERVER_TIMEOUT = 120
SQLLAB_TIMEOUT = 120

# One user agent for every query: DuckDB refuses a second connection to a file that is open in the same
# process with other settings, and Superset's default user agent differs between SQL Lab, charts and
# dashboards (it is one of the settings duckdb_engine passes when it opens the file).
USER_AGENT_FUNC = lambda database, source: "apache-superset-ioc"  # noqa: E731

# The browser loads nothing but this server: Superset's defaults also allow a telemetry pixel, map tiles
# and web fonts from elsewhere.
THEME_FONT_URL_ALLOWED_DOMAINS: list[str] = []
TALISMAN_ENABLED = True
TALISMAN_CONFIG = {
    "content_security_policy": {
        "base-uri": ["'self'"],
        "default-src": ["'self'"],
        "img-src": ["'self'", "blob:", "data:"],
        "worker-src": ["'self'", "blob:"],
        "connect-src": ["'self'"],
        "object-src": "'none'",
        "style-src": ["'self'", "'unsafe-inline'"],
        "font-src": ["'self'", "data:"],
        "script-src": ["'self'", "'strict-dynamic'"],
    },
    "content_security_policy_nonce_in": ["script-src"],
    "force_https": False,
    "session_cookie_secure": False,
}
TALISMAN_DEV_CONFIG = TALISMAN_CONFIG
CONTENT_SECURITY_POLICY_WARNING = False
