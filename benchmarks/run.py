"""`make bench`: the whole performance suite against the dedicated database (issues #8 and #17), in one run.

1. prepare shopflow_bench (create, migrate, seed from seed 1 only when empty), VACUUM ANALYZE;
2. pages: the bench/ping ceiling, then every catalog page and API read served cached and missed
   under gunicorn + wrk, search at a realistic mix, and the uncached category page in process
   (benchmarks.page_cache);
3. queries: the materialized views refreshed, then every seed 001 query class through the stack and
   as raw SQL, the complex report included (benchmarks.queries);
4. checkout: 16, 64 and 1,000 concurrent clients and a hot product behind a 300 ms gateway, zero
   oversell checked in every level, next to pgbench (benchmarks.checkout_load); last, since it writes;
5. issue #17's targets judged from the figures (benchmarks.targets), and
   results/<size>-<stamp>.json, .md (benchmarks.report) and .png (benchmarks.plot).

Options: --size (default large), --only pages|queries|checkout (repeatable) to run some parts.
The exit status is 1 when a checkout level oversold (a broken guarantee), not when a target is
missed: the verdicts are in the results.
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

PARTS = ("pages", "queries", "checkout")


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="large", choices=["tiny", "medium", "large"])
    parser.add_argument(
        "--only", action="append", choices=PARTS, help="run this part (repeat for several); all of them by default"
    )
    args = parser.parse_args(argv)
    args.parts = [part for part in PARTS if part in (args.only or PARTS)]
    return args


def main():
    args = parse_args()
    os.environ.update(bench_environ())
    RESULTS.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    load_at_start = os.getloadavg()
    stamp = time.strftime("%Y%m%d-%H%M")
    from benchmarks import database

    seconds = {}

    def timed(part, step):
        """Run `step`, adding its seconds to `part`'s (how long each part takes goes in the results)."""
        begun = time.monotonic()
        result = step()
        seconds[part] = seconds.get(part, 0) + round(time.monotonic() - begun)
        return result

    print(f"Preparing {BENCH_DB}...", flush=True)
    data = {"seeding": timed("preparing", lambda: database.prepare(size=args.size))}
    timed("preparing", lambda: database.psql("VACUUM ANALYZE"))

    import django

    django.setup()
    from benchmarks import checkout_load, page_cache, plot, queries, report, targets

    if "pages" in args.parts:
        print("Pages:", flush=True)
        data["pages"] = timed("pages", lambda: page_cache.run_all(queries.Samples.draw()))
    if "queries" in args.parts:
        print("Refreshing the materialized views...", flush=True)
        data["refresh"] = timed("queries", database.refresh_views)
        print("Query classes:", flush=True)
        data["queries"] = timed("queries", lambda: queries.run_all(RESULTS, stamp))
    if "checkout" in args.parts:
        print("Checkout:", flush=True)
        data["checkout"] = timed("checkout", checkout_load.run_all)

    data["meta"] = {
        "size": args.size,
        "date": date.today().isoformat(),
        "stamp": stamp,
        "database": BENCH_DB,
        "rows": _row_counts(),
        "postgres": database.psql("SHOW server_version"),
        "cpus": os.cpu_count(),
        "command": "make bench" + (f' BENCH_ARGS="{" ".join(sys.argv[1:])}"' if sys.argv[1:] else ""),
        "parts": args.parts,
        "load_average": {"start": load_at_start, "end": os.getloadavg()},
        "seconds": round(time.monotonic() - started),
        "part_seconds": seconds,
    }
    data["targets"] = targets.evaluate(data)
    json_path = RESULTS / f"{args.size}-{stamp}.json"
    json_path.write_text(json.dumps(data, indent=2, default=str))
    markdown = report.markdown(data)
    json_path.with_suffix(".md").write_text(markdown)
    plot.write_chart(data, json_path.with_suffix(".png"))
    print(markdown)
    print(f"Results: {json_path.with_suffix('.*')}", flush=True)
    levels = data.get("checkout", {}).get("levels", [])
    oversold = [level["name"] for level in levels if not level["oversell"]["zero_oversell"]]
    if oversold:
        print(f"Oversold: {', '.join(oversold)}", file=sys.stderr)
        return 1
    return 0


def _row_counts():
    from benchmarks.database import psql

    return psql(
        "SELECT string_agg(format('%s %s', to_char(n, 'FM999,999,999'), t), ', ') FROM ("
        "SELECT 'users' t, count(*) n FROM users UNION ALL SELECT 'products', count(*) FROM products "
        "UNION ALL SELECT 'orders', count(*) FROM orders UNION ALL SELECT 'order items', count(*) FROM order_items) s"
    )


if __name__ == "__main__":
    sys.exit(main())
