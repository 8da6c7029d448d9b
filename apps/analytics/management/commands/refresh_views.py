from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from apps.analytics import services
from apps.analytics.exceptions import ViewRefreshFailed
from apps.analytics.models import MaterializedView


class Command(BaseCommand):
    help = "Refresh the materialized views (all, or the ones named) and report time and rows of each."

    def add_arguments(self, parser):
        parser.add_argument("views", nargs="*", metavar="VIEW", help=f"any of {', '.join(MaterializedView.values)}")
        parser.add_argument(
            "--blocking", action="store_true", help="Plain REFRESH (faster; readers wait) instead of CONCURRENTLY"
        )

    def handle(self, *args, views, blocking, **options):
        unknown = set(views) - set(MaterializedView.values)
        if unknown:
            raise CommandError(
                f"No such view: {', '.join(sorted(unknown))}. Views: {', '.join(MaterializedView.values)}"
            )
        names = views or MaterializedView.values
        failed = []
        for name in tqdm(names, desc="views", unit="view", disable=options["verbosity"] == 0):
            try:
                refresh = services.refresh_view(name, concurrently=not blocking)
            except ViewRefreshFailed as error:
                failed.append(name)
                self.stderr.write(str(error))
            else:
                self.stdout.write(f"{name}: {refresh.row_count} rows in {refresh.duration_ms} ms")
        if failed:
            raise CommandError(f"Refresh failed for {', '.join(failed)}")
