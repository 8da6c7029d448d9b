from django.core.management.base import BaseCommand

from apps.planning import services


class Command(BaseCommand):
    help = (
        "What the nightly task does: bring the demand history up to yesterday, forecast every item, "
        "recompute reorder points and suggestions (recorded in forecast_runs)."
    )

    def handle(self, *args, **options):
        start, rows = services.refresh_demand_history()
        self.stdout.write(f"Demand history: {rows} item-days written from {start}.")
        run = services.run_forecasts()
        self.stdout.write(
            self.style.SUCCESS(
                f"Forecast run {run.status}: {run.items} items in {run.duration_ms} ms, "
                f"methods {run.methods}, in-sample MASE {run.error}; {run.message}."
            )
        )
