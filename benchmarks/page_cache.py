"""Shared-cache throughput of the catalog pages and API reads (issue #17), runnable alone:

    SHOPFLOW_PG_PORT=.. SHOPFLOW_REDIS_PORT=.. .venv/bin/python benchmarks/page_cache.py --size medium

Under gunicorn (benchmarks.load's server and wrk settings) and in one run, next to the bench/ping
ceiling: each page served from the cache (its rotation of addresses warmed once), each page missed
on every request (a never-seen query string), search at a realistic mix (4 in 5 requests among 50
popular queries, 1 in 5 a query never seen), and the uncached category page in process: server
time p50 and the most queries it ran, over several categories and filter sets.

Search is mixed two ways: "realistic mix" makes the 1 in 5 a popular search under an address never
seen (a tracking parameter: the page cache misses, the search's results are known), "new searches
mix" makes it a search never asked in the run (other words, sort or price band: nothing is known).
`--pages search` measures only the search rows (next to the ceiling).
Writes results/page-cache-<size>-<date>.json and .md (with --pages: page-cache-<size>-<pages>-<date>).
"""

import argparse
import itertools
import json
import os
import random
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
NEW_SEARCH_VARIANTS = ["", "&sort=price", "&sort=-price", "&sort=newest", "&price=25-50", "&price=50-100&sort=price"]
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


def _new_searches_script(popular, new):
    """wrk Lua: 4 requests in 5 among the `popular` paths, the 5th the next of the `new` ones (each
    thread starts at its own place in them, so no search is asked twice in a run)."""

    def table(paths):
        return ",\n".join('"' + path.replace("\\", "\\\\").replace('"', '\\"') + '"' for path in paths)

    return (
        f"local popular = {{\n{table(popular)}\n}}\nlocal new = {{\n{table(new)}\n}}\n"
        "local counter = 0\nlocal fresh = 0\nlocal start = 0\n"
        "function setup(thread)\n  thread:set('start', math.random(0, 1000000))\nend\n"
        "request = function()\n  counter = counter + 1\n"
        f"  if counter % {NEW_QUERY_EVERY} == 0 then\n"
        "    fresh = fresh + 1\n    return wrk.format(nil, new[((start + fresh) % #new) + 1])\n  end\n"
        "  return wrk.format(nil, popular[(counter % #popular) + 1])\nend\n"
    )


def _new_searches(samples, popular):
    """Searches the popular ones are not: other words or pairs of words, under each sort and
    price band, shuffled."""
    words = samples.search_terms
    texts = [*words, *(" ".join(pair) for pair in itertools.combinations(words, 2))]
    paths = {f"/search/?q={quote(text)}{variant}" for text in texts for variant in NEW_SEARCH_VARIANTS}
    fresh = sorted(paths - set(popular))
    random.Random(2).shuffle(fresh)
    return fresh[:20000]


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
        "new search": _new_searches(samples, [f"/search/?q={quote(term)}" for term in popular]),
        "API list": ["/api/v1/products/", *(f"/api/v1/products/?search={quote(term)}" for term in popular[:20])],
        "API detail": [f"/api/v1/products/{slug}/" for slug in products],
    }


def throughput(addresses):
    from benchmarks.load import ensure_wrk, gunicorn_server, run_wrk

    wrk = ensure_wrk()
    results = {}
    new_searches = addresses.pop("new search", None)
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
            if page == "search" and new_searches:
                print(f"  search, new searches mix ({len(new_searches)} new searches)...", flush=True)
                result = run_wrk(wrk, base, paths, lua=_new_searches_script(paths, new_searches))
                result["share_of_ceiling"] = round(result["requests_per_second"] / ceiling, 3)
                results["search, new searches mix"] = result
    return results


def uncached_category(rounds=15):
    """Server time and queries of category pages rendered for a visitor who is not shared the
    cache (an Authorization header makes the request personal), in process."""
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
    timings, queries = [], 0
    for _ in range(rounds):
        for path in paths:
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(path, secure=True)
                timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (path, response.status_code)
            queries = max(queries, len(captured))
    return {
        "pages": len(paths),
        "requests": len(timings),
        "p50_ms": round(statistics.median(timings), 2),
        "p95_ms": round(statistics.quantiles(timings, n=20)[-1], 2),
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
        search_mix = name.startswith("search, ") and name.endswith("mix")
        target = TARGETS.get(page) if name.endswith("cached") else (0.20 if search_mix else None)
        lines.append(
            f"| {name} | {result['requests_per_second']:.0f} | {result.get('share_of_ceiling', 1):.1%} | "
            f"{result['latency_ms'].get('p50', '')} | {result['latency_ms'].get('p99', '')} | "
            f"{f'≥ {target:.0%}' if target else ''} |"
        )
    category = data.get("uncached_category")
    if category is None:
        return "\n".join(lines) + "\n"
    lines += [
        "",
        f"Uncached category page, in process over {category['pages']} pages (categories × filter sets), "
        f"{category['requests']} requests: p50 {category['p50_ms']} ms, p95 {category['p95_ms']} ms, "
        f"at most {category['max_queries']} queries (targets: ≤ 6 ms p50, ≤ 8 queries).",
    ]
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="large", choices=["tiny", "medium", "large"])
    parser.add_argument("--pages", nargs="+", metavar="PAGE", help="only these pages (home, category, search...)")
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
    }
    if not args.pages or "category" in args.pages:
        data["uncached_category"] = uncached_category()
    addresses = _addresses(Samples.draw())
    if args.pages:
        # "new search" (the new searches of the mix) goes with "search"
        addresses = {page: paths for page, paths in addresses.items() if page.removeprefix("new ") in args.pages}
    data["throughput"] = throughput(addresses)
    pages = f"-{'-'.join(sorted(args.pages)).replace(' ', '_')}" if args.pages else ""
    path = RESULTS / f"page-cache-{args.size}{pages}-{date.today():%Y%m%d}.json"
    path.write_text(json.dumps(data, indent=2))
    path.with_suffix(".md").write_text(markdown(data))
    print(markdown(data))


if __name__ == "__main__":
    main()
