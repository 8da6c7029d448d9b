import json
import sys

from django.core.management.base import BaseCommand

from apps.ops.db_health import State, database_health, worst_state


class Command(BaseCommand):
    help = (
        "Check PostgreSQL against the thresholds of seed 003 §10.1. "
        "Exit code: 0 all OK (or unknown), 1 a warning, 2 a critical metric."
    )

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="Print the metrics as JSON.")

    def handle(self, *args, **options):
        metrics = database_health()
        worst = worst_state(metrics)
        if options["json"]:
            body = {"state": max(worst, State.OK).name.lower(), "metrics": [metric.as_dict() for metric in metrics]}
            self.stdout.write(json.dumps(body, indent=2))
        else:
            self.write_table(metrics)
        if worst > State.OK:
            sys.exit(int(worst))

    def write_table(self, metrics):
        styles = {
            State.OK: self.style.SUCCESS,
            State.WARNING: self.style.WARNING,
            State.CRITICAL: self.style.ERROR,
            State.UNKNOWN: self.style.NOTICE,
        }
        rows = [("Metric", "Value", "Warning", "Critical", "State", "Detail")]
        for metric in metrics:
            value = "-" if metric.value is None else f"{metric.value:g} {metric.unit}"
            threshold = metric.threshold
            rows.append(
                (
                    metric.label,
                    value,
                    threshold.describe(threshold.warning),
                    threshold.describe(threshold.critical),
                    metric.state.name,
                    metric.detail,
                )
            )
        widths = [max(len(row[column]) for row in rows) for column in range(5)]
        for index, row in enumerate(rows):
            cells = [cell.ljust(width) for cell, width in zip(row[:5], widths, strict=False)]
            if index:
                cells[4] = styles[metrics[index - 1].state](cells[4])
            self.stdout.write("  ".join([*cells, row[5]]).rstrip())
