"""Where the benchmarks run: the dedicated database, the bench settings and the environment of
every process the suite starts (manage.py commands, gunicorn)."""

import os
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
PYTHON = sys.executable
BENCH_DB = os.environ.get("BENCH_DATABASE_NAME", "shopflow_bench")

# Bench-only secrets: production settings insist on them, and the bench database holds demo data only.
_BENCH_DEFAULTS = {
    "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
    "SECRET_KEY": "bench-only-secret-key-not-for-any-real-deployment",
    "FIELD_ENCRYPTION_KEY": "bench-only-field-encryption-key",
    "ALLOWED_HOSTS": "127.0.0.1",
    "DEBUG": "false",
    "DB_CONN_MAX_AGE": "600",
    # The storefront's limits must not throttle a load test of its own pages.
    "API_THROTTLE_CHECKOUT": "1000000/min",
    # Plain HTTP on loopback, no TLS-terminating proxy in front: no redirect to https.
    "SECURE_SSL_REDIRECT": "false",
}


def database_url(name=BENCH_DB):
    """The project's DATABASE_URL (environment, else .env) with its database name replaced."""
    url = os.environ.get("DATABASE_URL") or _dotenv().get(
        "DATABASE_URL", "postgres://shopflow:shopflow@127.0.0.1:54329/shopflow"
    )
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def bench_environ():
    """os.environ for the bench: settings module, bench database, bench secrets (explicit ones win)."""
    environ = {**os.environ, "DATABASE_URL": database_url()}
    for key, value in _BENCH_DEFAULTS.items():
        if key == "DJANGO_SETTINGS_MODULE" or key not in os.environ:
            environ[key] = value
    return environ


def libpq_environ(name=BENCH_DB):
    """PG* variables for psql, createdb and pgbench, pointing at database `name` of the same cluster."""
    parts = urlsplit(database_url(name))
    return {
        **os.environ,
        "PGHOST": parts.hostname or "127.0.0.1",
        "PGPORT": str(parts.port or 5432),
        "PGUSER": parts.username or "",
        "PGPASSWORD": parts.password or "",
        "PGDATABASE": name,
    }


def _dotenv():
    path = ROOT / ".env"
    if not path.exists():
        return {}
    pairs = (line.split("=", 1) for line in path.read_text().splitlines() if "=" in line and not line.startswith("#"))
    return {key.strip(): value.strip() for key, value in pairs}
