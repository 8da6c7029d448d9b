"""Database connection options under gunicorn gthread (issue #17), runnable alone:

    SHOPFLOW_PG_PORT=.. SHOPFLOW_REDIS_PORT=.. .venv/bin/python benchmarks/db_options.py --size medium

The pages every request of which misses the shared cache (the case the options could help), under
benchmarks.load's server and wrk settings, with each configuration in turn, twice in mirrored order
(A B C D D C B A) so that a drift of the machine's load weighs on all alike: persistent connections
(one per thread), psycopg's pool, server-side binding with prepared statements, and both.
Writes results/db-options-<size>-<date>.json and .md.
"""

import argparse
import json
import os
import statistics
import sys
from contextlib import contextmanager
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.environment import RESULTS, bench_environ  # noqa: E402

CONFIGURATIONS = {
    "persistent connections": {},
    "pool (max 4 per process)": {"DB_POOL_MAX_SIZE": "4"},
    "server-side binding, prepared": {"DB_SERVER_SIDE_BINDING": "true"},
    "pool + server-side binding": {"DB_POOL_MAX_SIZE": "4", "DB_SERVER_SIDE_BINDING": "true"},
}
PAGES = ("category", "product", "API list", "API detail")


@contextmanager
def _environment(overrides):
    saved = {key: os.environ.get(key) for key in overrides}
    os.environ.update(overrides)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def measure(addresses, overrides):
    """{page: req/s} of every page missed on each request, and the ceiling, under one configuration."""
    from benchmarks.load import ensure_wrk, gunicorn_server, run_wrk
    from benchmarks.page_cache import _rotation_script

    wrk = ensure_wrk()
    with _environment(overrides), gunicorn_server() as base:
        rates = {"ceiling": run_wrk(wrk, base, ["/bench/ping"])["requests_per_second"]}
        for page in PAGES:
            paths = addresses[page]
            result = run_wrk(wrk, base, paths, lua=_rotation_script(paths, miss_every=1))
            rates[page] = result["requests_per_second"]
            print(f"  {page}: {rates[page]:.0f} req/s", flush=True)
    return rates


def markdown(data):
    lines = [
        f"# Database options, {data['size']} data, {data['date']}",
        "",
        f"Load average before the run: {data['load_average']}. Every request misses the shared cache. "
        "req/s, mean of two runs in mirrored order (share of the ceiling of the same runs).",
        "",
        "| configuration | ceiling | " + " | ".join(f"{page}, missed" for page in PAGES) + " |",
        "|---|---|" + "---|" * len(PAGES),
    ]
    for name, runs in data["runs"].items():
        mean = {key: statistics.mean(run[key] for run in runs) for key in runs[0]}
        cells = [f"{mean[page]:.0f} ({mean[page] / mean['ceiling']:.1%})" for page in PAGES]
        lines.append(f"| {name} | {mean['ceiling']:.0f} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="large", choices=["tiny", "medium", "large"])
    args = parser.parse_args()
    os.environ.update(bench_environ())
    RESULTS.mkdir(parents=True, exist_ok=True)
    from benchmarks import database

    database.prepare(size=args.size)
    import django

    django.setup()
    from benchmarks.page_cache import _addresses
    from benchmarks.queries import Samples

    addresses = _addresses(Samples.draw())
    load_average = " ".join(f"{value:.2f}" for value in os.getloadavg())
    order = [*CONFIGURATIONS, *reversed(CONFIGURATIONS)]
    runs = {name: [] for name in CONFIGURATIONS}
    for name in order:
        print(f"{name}...", flush=True)
        runs[name].append(measure(addresses, CONFIGURATIONS[name]))
    data = {"size": args.size, "date": date.today().isoformat(), "load_average": load_average, "runs": runs}
    path = RESULTS / f"db-options-{args.size}-{date.today():%Y%m%d}.json"
    path.write_text(json.dumps(data, indent=2))
    path.with_suffix(".md").write_text(markdown(data))
    print(markdown(data))


if __name__ == "__main__":
    main()
