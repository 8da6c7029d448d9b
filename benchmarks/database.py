"""The bench database: created, migrated and seeded (large, seed 1) only when it is missing or empty;
then the materialized views are refreshed, each timed."""

import re
import subprocess

from benchmarks.environment import BENCH_DB, PYTHON, RESULTS, ROOT, bench_environ, libpq_environ

SEED_SUMMARY = re.compile(
    r"^(?P<table>[a-z_ ]+?)\s+(?P<rows>[\d,]+) rows\s+(?P<seconds>[\d.]+) s\s+(?P<rate>[\d,]+) rows/s$"
)
REFRESH_LINE = re.compile(r"^(?P<view>mv_\w+): (?P<rows>\d+) rows in (?P<ms>\d+) ms$")


def manage(*args, environ=None, log=None):
    """Run manage.py in the bench environment; return its stdout (also written to `log` if given)."""
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=environ or bench_environ(),
        capture_output=True,
        text=True,
        check=False,
    )
    if log is not None:
        log.write_text(result.stdout + result.stderr)
    if result.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return result.stdout


def psql(sql, *, database=None):
    """One statement through psql on the bench cluster; its unaligned output."""
    environ = libpq_environ(database) if database else libpq_environ()
    result = subprocess.run(["psql", "-XAtq", "-c", sql], env=environ, capture_output=True, text=True, check=True)
    return result.stdout.strip()


def ensure_database(name):
    """Create database `name` (owned by the app role) unless it exists."""
    exists = psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}'", database="postgres")
    if not exists:
        subprocess.run(["createdb", name], env=libpq_environ("postgres"), check=True)


def prepare(*, size="large", seed=1):
    """Create, migrate and (when empty) seed the bench database. Returns the seeding measurement."""
    ensure_database(BENCH_DB)
    manage("migrate", "--no-input")
    manage("ensure_audit_partitions")
    log = RESULTS / f"seed-{size}.log"
    if int(psql("SELECT count(*) FROM products")) == 0:
        print(f"Seeding {BENCH_DB} with the {size} shop (seed {seed}); large takes about 15 minutes...", flush=True)
        manage("seed_demo", "--size", size, "--seed", str(seed), log=log)
    elif not log.exists():
        return measure_seeding_on_scratch()
    return {"size": size, "log": log.name, **parse_seed_log(log.read_text())}


def measure_seeding_on_scratch(size="medium"):
    """Seeding speed re-measured on a throw-away database (the bench one was loaded before any log)."""
    name = "shopflow_bench_seed"
    subprocess.run(["dropdb", "--if-exists", name], env=libpq_environ("postgres"), check=True)
    ensure_database(name)
    environ = {**bench_environ(), "DATABASE_URL": bench_environ()["DATABASE_URL"].rsplit("/", 1)[0] + f"/{name}"}
    log = RESULTS / f"seed-{size}.log"
    try:
        manage("migrate", "--no-input", environ=environ)
        manage("seed_demo", "--size", size, "--seed", "1", environ=environ, log=log)
    finally:
        subprocess.run(["dropdb", "--if-exists", name], env=libpq_environ("postgres"), check=True)
    return {"size": size, "log": log.name, **parse_seed_log(log.read_text())}


def parse_seed_log(text):
    """Rows, seconds and rows/s of every table and in all from seed_demo's COPY summary."""
    tables = {}
    for line in text.replace("\r", "\n").splitlines():
        match = SEED_SUMMARY.match(line.strip())
        if match:
            tables[match["table"].strip()] = {
                "rows": int(match["rows"].replace(",", "")),
                "seconds": float(match["seconds"]),
                "rows_per_second": int(match["rate"].replace(",", "")),
            }
    total = tables.pop("all tables", None)
    elapsed = re.search(r"Demo data loaded in ([\d.]+) s", text)
    return {
        "tables": tables,
        "total": total,
        "wall_seconds": float(elapsed[1]) if elapsed else None,
    }


def refresh_views():
    """REFRESH every materialized view (blocking, as after a bulk load): {view: {rows, ms}}."""
    output = manage("refresh_views", "--blocking")
    return {
        match["view"]: {"rows": int(match["rows"]), "ms": int(match["ms"])}
        for match in map(REFRESH_LINE.match, output.splitlines())
        if match
    }
