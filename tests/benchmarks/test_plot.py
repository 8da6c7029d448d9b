"""The chart of a run, drawn with matplotlib: a readable PNG with a panel per part."""

from benchmarks.plot import draw, write_chart
from benchmarks.targets import evaluate

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def test_the_chart_file_is_a_png_beside_the_results(run, tmp_path):
    run["targets"] = evaluate(run)

    path = write_chart(run, tmp_path / "medium-20261202-1030.png")

    assert path.read_bytes()[:8] == PNG_SIGNATURE
    assert path.stat().st_size > 20_000


def test_each_part_that_ran_has_its_panel(run):
    run["targets"] = evaluate(run)
    whole = draw(run)
    del run["pages"], run["queries"]
    checkout_only = draw(run)

    # The checkout panel carries a second axis for p95.
    assert [axes.get_title() for axes in whole.axes] == [
        "Pages under gunicorn: requests/s as a share of the ceiling (3,000 req/s)",
        "Checkout: orders/s (bars) and p95 latency (diamonds) per level",
        "Query classes: p95 against the seed 001 targets",
        "",
    ]
    assert [axes.get_title() for axes in checkout_only.axes] == [
        "Checkout: orders/s (bars) and p95 latency (diamonds) per level",
        "",
    ]
    assert "10 of 15 measured issue #17 targets met" in whole.get_suptitle()
