from celery import shared_task

from . import services


@shared_task(name="planning.refresh_demand_history")
def refresh_demand_history():
    """Bring the daily demand up to yesterday (idempotent: recent days are recomputed)."""
    _, rows = services.refresh_demand_history()
    return rows


@shared_task(name="planning.nightly_forecast")
def nightly_forecast():
    """Demand history, then a forecast of every item and the reorder suggestions; recorded in forecast_runs."""
    services.refresh_demand_history()
    return str(services.run_forecasts().pk)
