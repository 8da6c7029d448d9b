"""Shared-cache throughput of the catalog pages and API reads (issue #17), a part of `make bench`.

Under gunicorn (benchmarks.load's server and wrk settings) and in one run, next to the bench/ping
ceiling measured first (and once more at the end, to show how much the machine drifted): each page
served from the cache (its rotation of addresses warmed once), each page missed on every request (a
never-seen query string), search at a realistic mix (4 in 5 requests among 50 popular queries, 1 in
5 a query never seen), and the uncached category page in process: server time p50 and the most
queries it ran, over several categories and filter sets.

Search is mixed two ways: "realistic mix" makes the 1 in 5 a popular search under an address never
seen (a tracking parameter: the page cache misses, the search's kept results are known), "new
searches mix" makes it a search never asked in the run (other words, sort or price band: nothing is
known), the harder figure.
"""

import itertools
import random
import statistics
import time
import urllib.request
from urllib.parse import quote

from benchmarks import load

POPULAR_QUERIES = 50
NEW_QUERY_EVERY = 5  # 1 request in 5 searches words nobody searched before
NEW_SEARCH_VARIANTS = ["", "&sort=price", "&sort=-price", "&sort=newest", "&price=25-50", "&price=50-100&sort=price"]
CATEGORY_FILTERS = ["", "?sort=price", "?in_stock=on", "?price=25-50&sort=-price", "?brand={brand}&in_stock=on"]
CEILING, CEILING_AFTER = "ceiling", "ceiling, again at the end"
SEARCH_MIX = "search, realistic mix"
NEW_SEARCHES_MIX = "search, new searches mix"


def _new_searches_script(popular, new):
    """wrk Lua: 4 requests in 5 among the `popular` paths, the 5th the next of the `new` ones (each
    thread starts at its own place in them, so no search is asked twice in a run)."""
    return (
        f"local popular = {{\n{load.lua_strings(popular)}\n}}\nlocal new = {{\n{load.lua_strings(new)}\n}}\n"
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


def addresses(samples):
    """{page: [paths]}: the addresses a crowd of shoppers and client programs would request."""
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


def throughput(pages, new_searches=()):
    """{run: wrk result with its share_of_ceiling}: the ceiling, then every page of `pages`
    ({page: [paths]}) cached and missed, and search mixed with `new_searches` too."""
    wrk = load.ensure_wrk()
    results = {}
    with load.gunicorn_server() as base:
        results[CEILING] = load.run_wrk(wrk, base, ["/bench/ping"])
        ceiling = results[CEILING]["requests_per_second"]
        for page, paths in pages.items():
            _warm(base, paths)
            runs = {f"{page}, cached": 0, f"{page}, missed": 1}
            if page == "search":
                runs[SEARCH_MIX] = NEW_QUERY_EVERY
            for run, miss_every in runs.items():
                print(f"  {run} ({len(paths)} addresses)...", flush=True)
                results[run] = {"addresses": len(paths), **load.run_wrk(wrk, base, paths, miss_every=miss_every)}
            if page == "search" and new_searches:
                print(f"  {NEW_SEARCHES_MIX} ({len(new_searches)} new searches)...", flush=True)
                script = _new_searches_script(paths, new_searches)
                results[NEW_SEARCHES_MIX] = {"addresses": len(paths), **load.run_wrk(wrk, base, paths, script=script)}
        results[CEILING_AFTER] = load.run_wrk(wrk, base, ["/bench/ping"])
    for result in results.values():
        result["share_of_ceiling"] = round(result["requests_per_second"] / ceiling, 3)
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


def run_all(samples):
    """The pages part of make bench: the uncached category page, then the throughput under gunicorn."""
    pages = addresses(samples)
    return {
        "server": f"gunicorn {' '.join(load.GUNICORN)}, benchmarks.settings (production, DEBUG off)",
        "load": f"wrk -t{load.THREADS} -c{load.CONNECTIONS} -d{load.DURATION_S}s on 127.0.0.1",
        "uncached_category": uncached_category(),
        "uncached_category_cold": uncached_category(cold=True),
        "throughput": throughput(pages, _new_searches(samples, pages["search"])),
    }
