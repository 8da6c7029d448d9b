"""Issue #17's targets, each judged from a run's JSON: the measured figure and met, not met, or not
measured (its part was not run). Nothing here is timed; the verdicts come from the figures."""

from collections.abc import Callable
from dataclasses import dataclass

MET, NOT_MET, NOT_MEASURED = "met", "not met", "not measured"

# Shares of the ceiling: {(page, run): minimum}.
PAGE_SHARES = {
    ("Home page", "home, cached"): 0.30,
    ("Category page", "category, cached"): 0.30,
    ("Product page", "product, cached"): 0.30,
    ("Search", "search, new searches mix"): 0.20,
    ("API list", "API list, cached"): 0.30,
    ("API detail", "API detail, cached"): 0.30,
}
CHECKOUT_16_RATE = 1000  # orders/s
CHECKOUT_64_SHARE = 0.9  # of the 16 clients' rate
CHECKOUT_64_P95_MS = 250  # less than
HOT_PRODUCT_RATE = 50  # orders/s, more than


@dataclass(frozen=True)
class Target:
    name: str
    goal: str
    measure: Callable  # run data -> the figure (KeyError, IndexError when the part did not run)
    meets: Callable  # figure -> bool
    shown: Callable = str  # figure -> text


def _share(run):
    return lambda data: data["pages"]["throughput"][run]["share_of_ceiling"]


def _level(data, clients, *, hot=False):
    return next(
        level
        for level in data["checkout"]["levels"]
        if level["clients"] == clients and level.get("hot_product_only", False) == hot
    )


def _failures(level):
    """Checkouts that ended in an error or a refusal other than running out of stock (an answer)."""
    refused = sum(count for code, count in level["refused"].items() if code != "out_of_stock")
    return sum(level["errors"].values()) + refused


def _oversold_levels(data):
    levels = data["checkout"]["levels"]
    if not levels:
        raise KeyError("levels")
    return sum(not level["oversell"]["zero_oversell"] for level in levels), len(levels)


def _report_p95(data):
    report = data["queries"]["report"]
    return max(report["stack"]["p95"], report["raw"]["p95"])


def _percent(share):
    return f"{share:.1%}"


def _share_target(page, run, minimum):
    return Target(
        f"{page}, {run.split(', ', 1)[1]}",
        f"≥ {minimum:.0%} of the ceiling",
        _share(run),
        lambda share: share >= minimum,
        _percent,
    )


TARGETS = (
    *(_share_target(page, run, minimum) for (page, run), minimum in PAGE_SHARES.items()),
    Target(
        "Uncached category page, rendered cold, server time p50",
        "≤ 6 ms",
        lambda data: data["pages"]["uncached_category_cold"]["p50_ms"],
        lambda ms: ms <= 6,
        lambda ms: f"{ms:g} ms",
    ),
    Target(
        "Uncached category page, rendered cold, queries whatever the filters",
        "≤ 8",
        lambda data: data["pages"]["uncached_category_cold"]["max_queries"],
        lambda queries: queries <= 8,
    ),
    Target(
        "Checkout, 16 clients",
        f"≥ {CHECKOUT_16_RATE:,} orders/s",
        lambda data: _level(data, 16)["orders_per_second"],
        lambda rate: rate >= CHECKOUT_16_RATE,
        lambda rate: f"{rate:,} orders/s",
    ),
    Target(
        "Checkout, 64 clients, rate against 16 clients",
        f"≥ {CHECKOUT_64_SHARE:.0%}",
        lambda data: _level(data, 64)["orders_per_second"] / _level(data, 16)["orders_per_second"],
        lambda ratio: ratio >= CHECKOUT_64_SHARE,
        _percent,
    ),
    Target(
        "Checkout, 64 clients, p95",
        f"< {CHECKOUT_64_P95_MS} ms",
        lambda data: _level(data, 64)["latency_ms"]["p95"],
        lambda ms: ms < CHECKOUT_64_P95_MS,
        lambda ms: f"{ms:,} ms",
    ),
    Target(
        "Checkout, 1,000 clients, errors",
        "none",
        lambda data: _failures(_level(data, 1000)),
        lambda failures: failures == 0,
    ),
    Target(
        "Hot product with a 300 ms gateway",
        f"> {HOT_PRODUCT_RATE} orders/s",
        lambda data: _level(data, 64, hot=True)["orders_per_second"],
        lambda rate: rate > HOT_PRODUCT_RATE,
        lambda rate: f"{rate:,} orders/s",
    ),
    Target(
        "Oversell, every checkout level",
        "none",
        _oversold_levels,
        lambda oversold: oversold[0] == 0,
        lambda oversold: f"{oversold[0]} of {oversold[1]} levels oversold",
    ),
    Target(
        "Complex report (12 months of revenue by category), p95",
        "< 400 ms",
        _report_p95,
        lambda ms: ms < 400,
        lambda ms: f"{ms:,.0f} ms",
    ),
)


def evaluate(data):
    """[{target, goal, measured, verdict}] for every target, in the issue's order."""
    rows = []
    for target in TARGETS:
        try:
            figure = target.measure(data)
        except (KeyError, StopIteration, ZeroDivisionError):
            rows.append({"target": target.name, "goal": target.goal, "measured": None, "verdict": NOT_MEASURED})
            continue
        rows.append(
            {
                "target": target.name,
                "goal": target.goal,
                "measured": target.shown(figure),
                "verdict": MET if target.meets(figure) else NOT_MET,
            }
        )
    return rows
