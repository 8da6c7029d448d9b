"""A run's JSON as `make bench` writes it, small and fixed: what the report, the verdicts and the
chart are built from."""

import copy

import pytest


def _wrk(rate, share, addresses=1):
    return {
        "addresses": addresses,
        "requests_per_second": rate,
        "latency_ms": {"p50": 8.0, "p99": 40.0},
        "non_2xx": 0,
        "socket_errors": "",
        "share_of_ceiling": share,
    }


def _level(name, clients, rate, p95, *, hot=False, refused=None, errors=None, zero_oversell=True):
    return {
        "name": name,
        "clients": clients,
        "hot_product_only": hot,
        "gateway": "benchmarks.gateway.SlowGateway" if hot else "apps.payments.gateways.TestGateway",
        "carts": 640,
        "orders_placed": 600,
        "refused": refused if refused is not None else {"out_of_stock": 40},
        "errors": errors or {},
        "seconds": 5.0,
        "orders_per_second": rate,
        "attempts_per_second": rate,
        "latency_ms": {"p50": p95 / 2, "p95": p95, "p99": p95 * 1.5},
        "scarce_product": {
            "available_before": 0 if hot else 12,
            "units_sold": 0 if hot else 12,
            "carts_wanting_it": 0 if hot else 64,
        },
        "hot_products": {"count": 1 if hot else 32, "available_before": 5000, "units_sold": 900},
        "oversell": {
            "reserved_delta_mismatches": [],
            "stock_levels_reserved_above_on_hand": 0,
            "products_with_negative_stock": 0,
            "zero_oversell": zero_oversell,
        },
    }


def _query(title, target_ms, stack_p95, raw_p95):
    return {
        "title": title,
        "target_ms": target_ms,
        "stack_label": "a selector",
        "stack": {"p50": stack_p95 / 2, "p95": stack_p95, "p99": stack_p95, "n": 15},
        "raw": {"p50": raw_p95 / 2, "p95": raw_p95, "p99": raw_p95, "n": 15},
        "ratio_p50": 1.0,
        "meets_target": target_ms is None or max(stack_p95, raw_p95) < target_ms,
        "explain_file": "explain-x.txt",
        "explain_summary": ["Index Scan using products_pkey on products (0.1 ms)"],
    }


RUN = {
    "seeding": {"size": "medium", "log": "seed-medium.log", "tables": {}, "total": None, "wall_seconds": None},
    "refresh": {"mv_daily_sales": {"rows": 365, "ms": 120}},
    "pages": {
        "server": "gunicorn --workers 3",
        "load": "wrk -t2 -c16 -d10s on 127.0.0.1",
        "uncached_category": {"pages": 30, "requests": 450, "p50_ms": 2.5, "p95_ms": 4.0, "max_queries": 0},
        "uncached_category_cold": {"pages": 30, "requests": 450, "p50_ms": 5.5, "p95_ms": 9.0, "max_queries": 9},
        "throughput": {
            "ceiling": _wrk(3000, 1.0),
            "home, cached": _wrk(1800, 0.6),
            "home, missed": _wrk(300, 0.1),
            "category, cached": _wrk(900, 0.3, 60),
            "category, missed": _wrk(90, 0.03, 60),
            "product, cached": _wrk(870, 0.29, 200),
            "product, missed": _wrk(60, 0.02, 200),
            "search, cached": _wrk(900, 0.3, 50),
            "search, missed": _wrk(30, 0.01, 50),
            "search, realistic mix": _wrk(630, 0.21, 50),
            "search, new searches mix": _wrk(480, 0.16, 50),
            "API list, cached": _wrk(1200, 0.4, 21),
            "API list, missed": _wrk(30, 0.01, 21),
            "API detail, cached": _wrk(1200, 0.4, 200),
            "API detail, missed": _wrk(150, 0.05, 200),
            "ceiling, again at the end": _wrk(2700, 0.9),
        },
    },
    "queries": {
        "pk": _query("Simple SELECT by PK", 1, 0.8, 0.4),
        "report": _query("Complex report (12 months revenue by category)", 2000, 450.0, 380.0),
    },
    "checkout": {
        "levels": [
            _level("16 clients", 16, 1200.0, 40.0),
            _level("64 clients", 64, 1000.0, 240.0),
            _level("1,000 clients", 1000, 900.0, 2000.0),
            _level("hot product, 300 ms gateway, 64 clients", 64, 180.0, 380.0, hot=True, refused={}),
        ],
        "pgbench": {"command": "pgbench -c 16", "tps": 4000.0, "latency_avg_ms": 4.0},
    },
    "meta": {
        "size": "medium",
        "date": "2026-12-02",
        "stamp": "20261202-1030",
        "database": "shopflow_bench",
        "rows": "10,000 users",
        "postgres": "15.18",
        "cpus": 2,
        "command": 'make bench BENCH_ARGS="--size medium"',
        "parts": ["pages", "queries", "checkout"],
        "load_average": {"start": [12.5, 10.0, 6.25], "end": [1.5, 3.0, 4.0]},
        "seconds": 1234,
        "part_seconds": {"preparing": 30, "pages": 200, "queries": 104, "checkout": 900},
    },
}


@pytest.fixture
def run():
    """A whole run's data (every part), to change at will."""
    return copy.deepcopy(RUN)
