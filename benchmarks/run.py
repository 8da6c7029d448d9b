"""`make bench`: the whole performance suite against the dedicated database (issue #8).

1. prepare shopflow_bench (create, migrate, seed large from seed 1 only when empty) and refresh the
   materialized views, timing each;
2. latency of each seed 001 query class, through the stack and as raw SQL;
3. throughput of the pages over HTTP (gunicorn + wrk) against the bench/ping ceiling;
4. checkout throughput with 16 and 64 clients, zero oversell checked, next to pgbench;
5. results/<size>-<date>.json, .md and .png.

Options: --size (default large), --skip-load, --skip-checkout (for a quick look), --only checkout
(seed if needed, then only the checkout levels: results/checkout-<size>-<date>.json and .md).
"""

import argparse
import json
import os
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.environment import BENCH_DB, RESULTS, bench_environ  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="large", choices=["tiny", "medium", "large"])
    parser.add_argument("--skip-load", action="store_true")
    parser.add_argument("--skip-checkout", action="store_true")
    parser.add_argument("--only", choices=["checkout"], help="run one part alone")
    args = parser.parse_args()

    os.environ.update(bench_environ())
    RESULTS.mkdir(parents=True, exist_ok=True)
    from benchmarks import database

    print(f"Preparing {BENCH_DB}...", flush=True)
    seeding = database.prepare(size=args.size)
    if args.only == "checkout":
        return _checkout_only(args.size)
    print("Refreshing the materialized views...", flush=True)
    refresh = database.refresh_views()
    database.psql("VACUUM ANALYZE")

    import django

    django.setup()
    from benchmarks import checkout_load, load, queries, report
    from benchmarks.chart import write_chart

    stamp = date.today().strftime("%Y%m%d")
    started = time.monotonic()
    print("Query classes:", flush=True)
    query_results = queries.run_all(RESULTS, stamp)
    print("Throughput over HTTP:", flush=True)
    load_results = (
        {"server": "", "load": "skipped", "pages": {}} if args.skip_load else load.run_all(queries.Samples.draw())
    )
    print("Checkout:", flush=True)
    checkout_results = {"levels": [], "pgbench": None} if args.skip_checkout else checkout_load.run_all()

    data = {
        "meta": {
            "size": args.size,
            "date": date.today().isoformat(),
            "database": BENCH_DB,
            "rows": _row_counts(),
            "postgres": database.psql("SHOW server_version"),
            "cpus": os.cpu_count(),
            "command": "make bench",
            "seconds": round(time.monotonic() - started),
        },
        "seeding": seeding,
        "refresh": refresh,
        "queries": query_results,
        "load": load_results,
        "checkout": checkout_results,
    }
    json_path = RESULTS / f"{args.size}-{stamp}.json"
    json_path.write_text(json.dumps(data, indent=2, default=str))
    markdown_path = json_path.with_suffix(".md")
    markdown_path.write_text(report.markdown(data))
    write_chart(json_path)
    print(markdown_path.read_text())
    missed = [r["title"] for r in query_results.values() if r["meets_target"] is False]
    if missed:
        print(f"Targets missed: {', '.join(missed)}", file=sys.stderr)
        return 1
    return 0


def _checkout_only(size):
    """Checkout levels on their own, without the query classes and page loads."""
    import django

    django.setup()
    from benchmarks import checkout_load, report

    started = time.monotonic()
    results = checkout_load.run_all(with_pgbench=False)
    data = {
        "meta": {
            "size": size,
            "date": date.today().isoformat(),
            "command": f"make bench BENCH_ARGS='--size {size} --only checkout'",
            "load_average": os.getloadavg(),
            "cpus": os.cpu_count(),
            "seconds": round(time.monotonic() - started),
        },
        "checkout": results,
    }
    json_path = RESULTS / f"checkout-{size}-{time.strftime('%Y%m%d-%H%M')}.json"
    json_path.write_text(json.dumps(data, indent=2, default=str))
    markdown = report.checkout_markdown(data)
    json_path.with_suffix(".md").write_text(markdown)
    print(markdown)
    return 0 if all(level["oversell"]["zero_oversell"] for level in results["levels"]) else 1


def _row_counts():
    from benchmarks.database import psql

    counts = psql(
        "SELECT string_agg(format('%s %s', to_char(n, 'FM999,999,999'), t), ', ') FROM ("
        "SELECT 'users' t, count(*) n FROM users UNION ALL SELECT 'products', count(*) FROM products "
        "UNION ALL SELECT 'orders', count(*) FROM orders UNION ALL SELECT 'order items', count(*) FROM order_items) s"
    )
    return counts


if __name__ == "__main__":
    sys.exit(main())
