"""Shared-cache throughput of the catalog pages and API reads (issue #17), runnable alone:

    SHOPFLOW_PG_PORT=.. SHOPFLOW_REDIS_PORT=.. .venv/bin/python benchmarks/page_cache.py --size medium

Under gunicorn (benchmarks.load's server and wrk settings) and in one run, next to the bench/ping
ceiling: each page served from the cache (its rotation of addresses warmed once), each page missed
on every request (a never-seen query string), search at a realistic mix (4 in 5 requests among 50
popular queries, 1 in 5 a query never seen), and the uncached category page in process: server
time p50 and the most queries it ran, over several categories and filter sets, with the listing
fragment shared and with every address new (cold).
Writes results/page-cache-<size>-<date>.json and .md.
"""

import argparse
import json
import os
import statistics
import sys
import time
import urllib.request
from datetime import date
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.environment import RESULTS, bench_environ  # noqa: E402

POPULAR_QUERIES = 50
NEW_QUERY_EVERY = 5  # 1 request in 5 searches words nobody searched before
CATEGORY_FILTERS = ["", "?sort=price", "?in_stock=on", "?price=25-50&sort=-price", "?brand={brand}&in_stock=on"]


def _rotation_script(paths, *, miss_every=0):
    """wrk Lua: the paths in turn; every `miss_every`-th request (every one with 1) gets a query
    string never seen before, so the cache misses it."""
    quoted = ",\n".join('"' + path.replace("\\", "\\\\").replace('"', '\\"') + '"' for path in paths)
    return (
        f"local paths = {{\n{quoted}\n}}\nlocal counter = 0\nlocal thread_id = math.random(1, 1000000)\n"
        "request = function()\n  counter = counter + 1\n  local path = paths[(counter % #paths) + 1]\n"
        f"  if {miss_every} > 0 and counter % {miss_every} == 0 then\n"
        '    local glue = string.find(path, "?", 1, true) and "&" or "?"\n'
        '    path = path .. glue .. "fresh=" .. thread_id .. "-" .. counter\n  end\n'
        "  return wrk.format(nil, path)\nend\n"
    )


def _warm(base, paths):
    for path in paths:
        with urllib.request.urlopen(base + path, timeout=60) as response:
            response.read()


def _addresses(samples):
    from apps.catalog.models import Category

    categories = list(
        Category.objects.filter(is_active=True, products__is_active=True).values_list("slug", flat=True).distinct()
    )
    products = samples.product_slugs[:200]
    popular = [samples.search_term() for _ in range(POPULAR_QUERIES)]
    return {
        "home": ["/"],
        "category": [f"/c/{slug}/" for slug in categories],
        "product": [f"/p/{slug}/" for slug in products],
        "search": [f"/search/?q={quote(term)}" for term in popular],
        "API list": ["/api/v1/products/", *(f"/api/v1/products/?search={quote(term)}" for term in popular[:20])],
        "API detail": [f"/api/v1/products/{slug}/" for slug in products],
    }


def throughput(addresses):
    from benchmarks.load import ensure_wrk, gunicorn_server, run_wrk

    wrk = ensure_wrk()
    results = {}
    with gunicorn_server() as base:
        results["ceiling"] = run_wrk(wrk, base, ["/bench/ping"])
        ceiling = results["ceiling"]["requests_per_second"]
        for page, paths in addresses.items():
            _warm(base, paths)
            runs = {"cached": 0, "missed": 1}
            if page == "search":
                runs["realistic mix"] = NEW_QUERY_EVERY
            for run, miss_every in runs.items():
                print(f"  {page}, {run} ({len(paths)} addresses)...", flush=True)
                result = run_wrk(wrk, base, paths, lua=_rotation_script(paths, miss_every=miss_every))
                result["share_of_ceiling"] = round(result["requests_per_second"] / ceiling, 3)
                results[f"{page}, {run}"] = result
    return results


def uncached_category(rounds=15, *, cold=False):
    """Server time and queries of category pages rendered for a visitor who is not shared the
    cache (an Authorization header makes the request personal), in process. The listing fragment
    (apps.storefront.fragments) is shared even then, unless `cold`: each request then asks for an
    address never seen before (a `fresh` parameter), so the listing is queried and rendered."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from apps.catalog.models import Brand, Category

    client = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION="Bearer bench")
    slugs = list(Category.objects.filter(is_active=True).values_list("slug", flat=True)[:6])
    brand = Brand.objects.values_list("slug", flat=True).first()
    paths = [f"/c/{slug}/{query.format(brand=brand)}" for slug in slugs for query in CATEGORY_FILTERS]
    for path in paths:  # warm the process: the tree, the menu, the templates
        client.get(path, secure=True)
    timings, cpu, queries = [], [], 0
    for _ in range(rounds):
        for path in paths:
            if cold:
                path += f"{'&' if '?' in path else '?'}fresh={time.time_ns()}"
            with CaptureQueriesContext(connection) as captured:
                started, started_cpu = time.perf_counter(), time.process_time()
                response = client.get(path, secure=True)
                timings.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - started_cpu) * 1000)
            assert response.status_code == 200, (path, response.status_code)
            queries = max(queries, len(captured))
    return {
        "pages": len(paths),
        "requests": len(timings),
        "p50_ms": round(statistics.median(timings), 2),
        "p95_ms": round(statistics.quantiles(timings, n=20)[-1], 2),
        "cpu_p50_ms": round(statistics.median(cpu), 2),
        "max_queries": queries,
    }


TARGETS = {"home": 0.30, "category": 0.30, "product": 0.30, "API list": 0.30, "API detail": 0.30}


def markdown(data):
    pages = data["throughput"]
    lines = [
        f"# Shared cache, {data['size']} data, {data['date']}",
        "",
        f"Load average before the run: {data['load_average']}. {data['server']}.",
        "",
        "| page, run | req/s | share of ceiling | p50 ms | p99 ms | target |",
        "|---|---|---|---|---|---|",
    ]
    for name, result in pages.items():
        page = name.split(",")[0]
        target = TARGETS.get(page) if name.endswith("cached") else (0.20 if name == "search, realistic mix" else None)
        lines.append(
            f"| {name} | {result['requests_per_second']:.0f} | {result.get('share_of_ceiling', 1):.1%} | "
            f"{result['latency_ms'].get('p50', '')} | {result['latency_ms'].get('p99', '')} | "
            f"{f'≥ {target:.0%}' if target else ''} |"
        )
    for key, what in (
        ("uncached_category", "listing fragment shared"),
        ("uncached_category_cold", "every address new: listing queried and rendered"),
    ):
        category = data[key]
        lines += [
            "",
            f"Uncached category page ({what}), in process over {category['pages']} pages (categories × "
            f"filter sets), {category['requests']} requests: p50 {category['p50_ms']} ms (process CPU "
            f"{category['cpu_p50_ms']} ms), p95 {category['p95_ms']} ms, at most {category['max_queries']} "
            "queries (targets: ≤ 6 ms p50, ≤ 8 queries).",
        ]
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
    from benchmarks.load import GUNICORN
    from benchmarks.queries import Samples

    load_average = " ".join(f"{value:.2f}" for value in os.getloadavg())
    data = {
        "size": args.size,
        "date": date.today().isoformat(),
        "load_average": load_average,
        "server": f"gunicorn {' '.join(GUNICORN)}",
        "uncached_category": uncached_category(),
        "uncached_category_cold": uncached_category(cold=True),
        "throughput": throughput(_addresses(Samples.draw())),
    }
    path = RESULTS / f"page-cache-{args.size}-{date.today():%Y%m%d}.json"
    path.write_text(json.dumps(data, indent=2))
    path.with_suffix(".md").write_text(markdown(data))
    print(markdown(data))


if __name__ == "__main__":
    main()
