"""Issue #17's verdicts come from the measured figures, never from the code."""

from benchmarks.targets import evaluate


def _verdicts(data):
    return [(row["target"], row["goal"], row["measured"], row["verdict"]) for row in evaluate(data)]


def test_every_target_of_a_whole_run_is_judged_from_its_figure(run):
    assert _verdicts(run) == [
        ("Home page, cached", "≥ 30% of the ceiling", "60.0%", "met"),
        ("Category page, cached", "≥ 30% of the ceiling", "30.0%", "met"),
        ("Product page, cached", "≥ 30% of the ceiling", "29.0%", "not met"),
        ("Search, new searches mix", "≥ 20% of the ceiling", "16.0%", "not met"),
        ("API list, cached", "≥ 30% of the ceiling", "40.0%", "met"),
        ("API detail, cached", "≥ 30% of the ceiling", "40.0%", "met"),
        ("Uncached category page, rendered cold, server time p50", "≤ 6 ms", "5.5 ms", "met"),
        ("Uncached category page, rendered cold, queries whatever the filters", "≤ 8", "9", "not met"),
        ("Checkout, 16 clients", "≥ 1,000 orders/s", "1,200.0 orders/s", "met"),
        ("Checkout, 64 clients, rate against 16 clients", "≥ 90%", "83.3%", "not met"),
        ("Checkout, 64 clients, p95", "< 250 ms", "240.0 ms", "met"),
        ("Checkout, 1,000 clients, errors", "none", "0", "met"),
        ("Hot product with a 300 ms gateway", "> 50 orders/s", "180.0 orders/s", "met"),
        ("Oversell, every checkout level", "none", "0 of 4 levels oversold", "met"),
        ("Complex report (12 months of revenue by category), p95", "< 400 ms", "450 ms", "not met"),
    ]


def test_the_parts_not_run_are_not_measured(run):
    del run["pages"], run["queries"]

    verdicts = {target: verdict for target, _, _, verdict in _verdicts(run)}

    assert [target for target, verdict in verdicts.items() if verdict == "not measured"] == [
        "Home page, cached",
        "Category page, cached",
        "Product page, cached",
        "Search, new searches mix",
        "API list, cached",
        "API detail, cached",
        "Uncached category page, rendered cold, server time p50",
        "Uncached category page, rendered cold, queries whatever the filters",
        "Complex report (12 months of revenue by category), p95",
    ]


def test_at_a_thousand_clients_an_error_or_a_refusal_other_than_out_of_stock_is_a_failure(run):
    thousand = run["checkout"]["levels"][2]
    thousand["errors"] = {"OperationalError": 2}
    thousand["refused"] = {"out_of_stock": 40, "payment_declined": 1}

    row = next(row for row in evaluate(run) if row["target"] == "Checkout, 1,000 clients, errors")

    assert (row["measured"], row["verdict"]) == ("3", "not met")


def test_one_oversold_level_fails_the_oversell_target(run):
    run["checkout"]["levels"][3]["oversell"]["zero_oversell"] = False

    row = next(row for row in evaluate(run) if row["target"] == "Oversell, every checkout level")

    assert (row["measured"], row["verdict"]) == ("1 of 4 levels oversold", "not met")
