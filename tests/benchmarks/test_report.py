"""The Markdown of a run: the targets table first, then each part that ran."""

from benchmarks.report import markdown
from benchmarks.targets import evaluate


def _markdown(data):
    return markdown({**data, "targets": evaluate(data)})


def test_the_targets_table_shows_goal_figure_and_verdict(run):
    text = _markdown(run)

    assert "| Home page, cached | ≥ 30% of the ceiling | 60.0% | met |" in text
    assert "| Product page, cached | ≥ 30% of the ceiling | 29.0% | **not met** |" in text
    assert text.index("## Issue #17 targets") < text.index("## Pages") < text.index("## Query classes")
    assert text.index("## Query classes") < text.index("## Checkout")


def test_the_hot_product_level_reports_the_hot_products_own_sales(run):
    text = _markdown(run)

    hot_row = next(line for line in text.splitlines() if line.startswith("| hot product, 300 ms gateway"))
    assert hot_row.endswith("| yes (hot product: 900 units sold of 5,000 in stock) |")
    assert "scarce product: 12 sold of 12, 64 carts wanted it" in text


def test_pages_rows_give_the_share_of_the_ceiling_of_the_same_run(run):
    text = _markdown(run)

    assert "| search, realistic mix | 50 | 630 | 21.0% | 8.0 / 40.0 | 0 |" in text
    assert "| ceiling, again at the end | 1 | 2,700 | 90.0% | 8.0 / 40.0 | 0 |" in text
    assert "p50 5.5 ms, p95 9.0 ms, at most 9 queries." in text


def test_the_load_average_is_recorded_and_a_busy_machine_said_so(run):
    busy = _markdown(run)
    run["meta"]["load_average"] = {"start": [0.5, 0.4, 0.3], "end": [1.0, 0.9, 0.8]}
    idle = _markdown(run)

    assert "at the start 12.50 / 10.00 / 6.25, at the end 1.50 / 3.00 / 4.00: more than the 2 CPUs" in busy
    assert "at the start 0.50 / 0.40 / 0.30, at the end 1.00 / 0.90 / 0.80.\n" in idle


def test_a_checkout_only_run_has_no_pages_or_queries_section(run):
    del run["pages"], run["queries"], run["refresh"]
    run["meta"].update(parts=["checkout"], part_seconds={"preparing": 30, "checkout": 900})

    text = _markdown(run)

    assert "## Pages" not in text and "## Query classes" not in text
    assert "checkout in 1,234 s (preparing 30 s, checkout 900 s)." in text
    assert "| Home page, cached | ≥ 30% of the ceiling | — | not measured |" in text
