from django.core.management.base import BaseCommand, CommandError

from apps.audit.services import ensure_partitions


class Command(BaseCommand):
    help = "Create audit_log's monthly partitions for this month and the coming ones (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--months", type=int, default=3, help="How many months ahead of this one (default 3).")

    def handle(self, *args, months, **options):
        if months < 0:
            raise CommandError("--months must be 0 or more.")
        created = ensure_partitions(months_ahead=months)
        if created:
            self.stdout.write(self.style.SUCCESS(f"Created {', '.join(created)}."))
        else:
            self.stdout.write(f"Every partition up to {months} month(s) ahead already exists.")
