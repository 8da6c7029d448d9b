"""Time some of `make bench`'s query classes alone, on the bench database as it is (prepared by a
`make bench` before): `python benchmarks/time_queries.py report [order_history ...]` (all when none).

Prints each class's latency table row (stack and raw p50 / p95 / p99) and writes its EXPLAIN (ANALYZE,
BUFFERS) to results/explain-<key>-<date>.txt, as `make bench` does.
"""

import argparse
import json
import os
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.environment import RESULTS, bench_environ  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("keys", nargs="*", help="query class keys (pk, order_history, ..., report)")
    args = parser.parse_args()

    os.environ.update(bench_environ())
    import django

    django.setup()
    from benchmarks import queries
    from benchmarks.report import latency_table

    classes = [c for c in queries.query_classes() if not args.keys or c.key in args.keys]
    samples = queries.Samples.draw()
    stamp = date.today().strftime("%Y%m%d")
    results = {}
    for query_class in classes:
        result = queries.measure(query_class, samples)
        plan_file = RESULTS / f"explain-{query_class.key}-{stamp}.txt"
        plan_file.write_text(queries.explain(query_class, result))
        result["slowest"] = {side: round(ms, 3) for side, (ms, _) in result["slowest"].items()}
        results[query_class.key] = result
        print(json.dumps({query_class.key: {side: result[side] for side in ("stack", "raw")}}), flush=True)
    print("\n".join(latency_table(results)))


if __name__ == "__main__":
    main()
