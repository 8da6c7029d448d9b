"""Backtest of the demand forecasts and the time to forecast every item (issue 16).

Holds out the last 8 complete weeks, forecasts them from the weeks before, and scores each series
by MASE: mean absolute error over the holdout ÷ mean absolute in-sample error of the seasonal naive
(same week last year). Below 1 beats what the seasonal naive did in sample; the seasonal naive's own
holdout score is printed next to it, as is the ratio of the two methods' absolute errors.
Then times the nightly path: a forecast of every item (numpy only) and the whole run (read demand,
forecast, write forecasts and reorder suggestions).

    .venv/bin/python benchmarks/forecast_backtest.py            # the database of .env (dev settings)
    .venv/bin/python benchmarks/forecast_backtest.py --bench    # shopflow_bench (make bench seeds it large)
    .venv/bin/python benchmarks/forecast_backtest.py --synthetic 64000   # timing only, no database

Results: benchmarks/results/forecast-<size label>-<date>.json and .md
"""

import argparse
import datetime
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.environment import RESULTS, bench_environ  # noqa: E402

HOLDOUT = 8


def scores(demand, result, holdout, seasonal_naive):
    """Per method (and overall): series scored, mean MASE of the model and of the seasonal naive,
    and Σ|model error| ÷ Σ|seasonal naive error|."""
    import numpy as np

    from apps.planning import forecasting

    start = np.minimum(forecasting.classify(demand)[1], demand.shape[1] - 1)
    scale = forecasting.seasonal_naive_scale(demand, start)
    sold = demand.sum(axis=1) > 0
    model_error = np.abs(result.weekly[:, :HOLDOUT] - holdout).mean(axis=1)
    naive_error = np.abs(seasonal_naive - holdout).mean(axis=1)
    table = {}
    for name, chosen in (
        *((m, result.method == m) for m in (forecasting.SEASONAL, forecasting.INTERMITTENT, forecasting.NEW)),
        ("overall", np.ones(len(demand), dtype=bool)),
    ):
        scored = chosen & sold & ~np.isnan(scale)
        if not scored.any():
            continue
        table[name] = {
            "series": int(scored.sum()),
            "mase": round(float(np.mean(model_error[scored] / scale[scored])), 3),
            "mase_seasonal_naive": round(float(np.mean(naive_error[scored] / scale[scored])), 3),
            "mae_ratio_to_seasonal_naive": round(
                float(model_error[scored].sum() / max(naive_error[scored].sum(), 1e-9)), 3
            ),
        }
    return table


def backtest(until):

    from apps.planning import forecasting, selectors
    from apps.planning.weeks import following_mondays, week_of_year

    demand = selectors.demand_matrix(until=until)
    train, holdout = demand.units[:, :-HOLDOUT], demand.units[:, -HOLDOUT:]
    mondays = demand.mondays[:-HOLDOUT]
    started = time.monotonic()
    result = forecasting.forecast(
        train,
        groups=demand.groups,
        week_of_year=week_of_year(mondays),
        future_week_of_year=week_of_year(following_mondays(mondays[-1], forecasting.HORIZON)),
    )
    seconds = time.monotonic() - started
    seasonal_naive = demand.units[:, -HOLDOUT - forecasting.SEASON : -forecasting.SEASON]
    return {
        "items": len(demand.keys),
        "train_weeks": train.shape[1],
        "holdout_weeks": HOLDOUT,
        "forecast_seconds": round(seconds, 2),
        "methods": scores(train, result, holdout, seasonal_naive),
    }


def timing(until):
    from apps.planning.services import run_forecasts
    from apps.planning.services.forecasts import forecast_items

    started = time.monotonic()
    keys, _, _ = forecast_items(until=until)
    read_and_forecast = time.monotonic() - started
    started = time.monotonic()
    run = run_forecasts(until=until)
    return {
        "items": len(keys),
        "read_and_forecast_seconds": round(read_and_forecast, 2),
        "nightly_run_seconds": round(time.monotonic() - started, 2),
        "run": {"methods": run.methods, "in_sample_mase": run.error, "message": run.message},
    }


def markdown(result):
    lines = [
        f"# Forecast backtest — {result['label']} ({result['date']})",
        "",
        f"{result['backtest']['items']:,} series (item × warehouse), trained on {result['backtest']['train_weeks']} "
        f"weeks, last {HOLDOUT} weeks held out. MASE scaled by the in-sample seasonal naive (lag 52).",
        "",
        "| method | series | MASE | seasonal naive MASE | abs. error ÷ seasonal naive abs. error |",
        "|---|---:|---:|---:|---:|",
    ]
    for method, row in result["backtest"]["methods"].items():
        lines.append(
            f"| {method} | {row['series']:,} | {row['mase']} | {row['mase_seasonal_naive']} | "
            f"{row['mae_ratio_to_seasonal_naive']} |"
        )
    t = result["timing"]
    lines += [
        "",
        f"Forecasting every series (numpy, backtest): {result['backtest']['forecast_seconds']} s.",
        f"Nightly path on {t['items']:,} series: read demand + forecast {t['read_and_forecast_seconds']} s; "
        f"whole run with forecasts and suggestions written {t['nightly_run_seconds']} s.",
        f"CPU: {os.cpu_count()} cores (shared).",
    ]
    return "\n".join(lines) + "\n"


def synthetic_timing(items):
    """Seconds to forecast `items` synthetic series shaped like the large set (104 weeks, Zipf-popular,
    10 departments with their own yearly season): the forecasting cost without a database."""
    import numpy as np

    from apps.planning import forecasting

    rng = np.random.default_rng(1)
    weeks = np.arange(104)
    groups = rng.integers(0, 10, items)
    phase = rng.uniform(0, 2 * np.pi, 10)
    season = 1 + 0.45 * np.cos(2 * np.pi * weeks[None, :] / 52 + phase[groups][:, None])
    rate = 3000 / (rng.permutation(items) + 20)[:, None] * season
    history = rng.poisson(rate).astype(float)
    started = time.monotonic()
    result = forecasting.forecast(
        history, groups=groups, week_of_year=weeks % 52, future_week_of_year=np.arange(104, 116) % 52
    )
    seconds = time.monotonic() - started
    methods = {str(m): int((result.method == m).sum()) for m in np.unique(result.method)}
    print(f"{items:,} synthetic series forecast in {seconds:.1f} s ({methods}); {os.cpu_count()} cores (shared)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", action="store_true", help="use shopflow_bench (make bench) instead of .env's")
    parser.add_argument("--label", default=None, help="name of the data set in the results (default: its size)")
    parser.add_argument("--synthetic", type=int, default=0, help="only time forecasting this many synthetic series")
    args = parser.parse_args()
    if args.synthetic:
        synthetic_timing(args.synthetic)
        return
    if args.bench:
        os.environ.update(bench_environ())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shopflow.settings.dev")
    import django

    django.setup()
    from apps.catalog.models import Product

    until = datetime.date.today() - datetime.timedelta(days=1)
    products = Product.all_objects.count()
    label = args.label or {2_000: "medium", 20_000: "large", 50: "tiny"}.get(products, f"{products}-products")
    result = {
        "label": label,
        "date": datetime.date.today().isoformat(),
        "backtest": backtest(until),
        "timing": timing(until),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    stem = RESULTS / f"forecast-{label}-{datetime.date.today():%Y%m%d}"
    stem.with_suffix(".json").write_text(json.dumps(result, indent=2) + "\n")
    stem.with_suffix(".md").write_text(markdown(result))
    print(markdown(result))


if __name__ == "__main__":
    main()
