from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from apps.ops import demo


class Command(BaseCommand):
    help = "Load the demo data set (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=["small"], default="small")

    def handle(self, *args, size, **options):
        if size != "small":
            raise CommandError(f"Unknown size {size!r}")
        with tqdm(
            total=len(demo.DEMO_CUSTOMERS), desc="demo data", unit="row", disable=options["verbosity"] == 0
        ) as bar:
            counts = demo.load_small(progress=bar.update)
        summary = ", ".join(f"{n} {what}" for what, n in counts.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data loaded ({summary} new). Customers sign in with password {demo.DEMO_PASSWORD!r}."
            )
        )
