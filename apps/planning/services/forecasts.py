"""The forecasting run: every item and warehouse, 12 weeks ahead, recorded in forecast_runs."""

import time
from collections import Counter

import numpy as np
from django.db import connection, transaction
from django.utils import timezone

from .. import forecasting, selectors
from ..models import ForecastRun
from ..weeks import following_mondays, week_of_year
from .bulk import copy_rows
from .reorder import update_suggestions


def forecast_items(*, until):
    """Forecast every stocked or sold item from the demand up to `until` (a date).

    Returns (series keys, forecasting.Forecasts, first forecast Monday).
    """
    demand = selectors.demand_matrix(until=until)
    future = following_mondays(demand.mondays[-1], forecasting.HORIZON)
    result = forecasting.forecast(
        demand.units,
        groups=demand.groups,
        week_of_year=week_of_year(demand.mondays),
        future_week_of_year=week_of_year(future),
    )
    return demand.keys, result, future[0]


def _store_forecasts(run, keys, result, first_week):
    # One statement: the database sets the old suggestions' forecast to NULL itself (ON DELETE SET NULL),
    # where Django's collector would first load every forecast row.
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM item_forecasts WHERE run_id <> %s", [run.pk])
    copy_rows(
        "item_forecasts",
        ["run_id", "product_id", "variant_id", "warehouse_id", "method", "first_week", "weekly", "sigma", "mase"],
        (
            (
                run.pk,
                product,
                variant,
                warehouse,
                str(result.method[n]),
                first_week,
                [round(float(v), 3) for v in result.weekly[n]],
                round(float(result.sigma[n]), 3),
                None if np.isnan(result.mase[n]) else round(float(result.mase[n]), 4),
            )
            for n, (product, variant, warehouse) in enumerate(keys)
        ),
    )


def _error_by_method(result):
    return {
        method: round(float(np.nanmean(result.mase[chosen])), 3)
        for method in (forecasting.SEASONAL, forecasting.INTERMITTENT, forecasting.NEW)
        if (chosen := (result.method == method) & ~np.isnan(result.mase)).any()
    }


def run_forecasts(*, until=None):
    """Forecast every item, replace the previous run's forecasts and the reorder suggestions.

    The run row is committed first, so a failure is recorded (status failed, with the error) rather
    than lost with the rolled-back work. Returns the ForecastRun.
    """
    until = until or (timezone.now() - timezone.timedelta(days=1)).date()
    run = ForecastRun.objects.create(history_until=until)
    started = time.monotonic()
    try:
        with transaction.atomic():
            keys, result, first_week = forecast_items(until=until)
            _store_forecasts(run, keys, result, first_week)
            suggestions = update_suggestions(run=run)
            run.status = ForecastRun.Status.SUCCEEDED
            run.items = len(keys)
            run.methods = dict(Counter(str(m) for m in result.method))
            run.error = _error_by_method(result)
            run.message = f"{suggestions} reorder suggestions"
    except Exception as error:
        run.status, run.message = ForecastRun.Status.FAILED, f"{type(error).__name__}: {error}"
        raise
    finally:
        run.finished_at = timezone.now()
        run.duration_ms = int((time.monotonic() - started) * 1000)
        run.save()
    return run
