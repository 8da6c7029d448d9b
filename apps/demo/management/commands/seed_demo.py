import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from apps.catalog.services import refresh_search_dictionary
from apps.demo.people import DEMO_PASSWORD
from apps.demo.seeding import bulk, small
from apps.demo.seeding.copy import CopyLoader
from apps.demo.seeding.exceptions import DemoDataExists
from apps.demo.seeding.verify import verify_demo_consistency


class Command(BaseCommand):
    help = (
        "Load demo data. small (make run) is built through the services and is idempotent; medium and "
        "large are generated from --seed and loaded with COPY (tiny is their scaled-down test size)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=["small", *bulk.SIZES], default="small")
        parser.add_argument("--seed", type=int, default=1, help="Random seed of medium/large (same seed, same shop)")
        parser.add_argument(
            "--reset", action="store_true", help="medium/large: first empty the shop tables and non-staff users"
        )

    def handle(self, *args, size, seed, reset, **options):
        quiet = options["verbosity"] == 0
        started = time.monotonic()
        if size == "small":
            with tqdm(total=len(small.STEPS), desc="demo data", unit="step", disable=quiet) as bar:
                counts = small.load_small(progress=bar.update)
            summary = ", ".join(f"{n} {what}" for what, n in counts.items() if n) or "nothing"
        else:
            summary = self._load_bulk(size, seed, reset, quiet)
        refresh_search_dictionary()  # search corrects spelling against the new catalog's words at once
        problems = verify_demo_consistency()
        if problems:
            raise CommandError(f"The demo data is inconsistent: {problems}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data loaded in {time.monotonic() - started:.1f} s ({summary} new). "
                f"Customers sign in with password {DEMO_PASSWORD!r}. "
                "Dashboards show it after `manage.py refresh_views`."
            )
        )

    def _load_bulk(self, size, seed, reset, quiet):
        if reset:
            bulk.reset_shop()
        loader = CopyLoader(show_progress=not quiet)
        try:
            bulk.load_bulk(scale=bulk.SIZES[size], seed=seed, loader=loader)
        except DemoDataExists as error:
            raise CommandError(error.message) from error
        finally:
            loader.close()
        if not quiet:
            self.stdout.write("\n".join(loader.summary()))
        return f"{size} shop from seed {seed}"
