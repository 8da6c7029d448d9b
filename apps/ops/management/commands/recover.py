from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_datetime

from apps.ops import pitr, postgres
from apps.ops.models import Backup
from apps.ops.services.backups import BackupError


class Command(BaseCommand):
    help = (
        "Point-in-time recovery: start a new cluster on --port from the latest base backup taken before "
        "--to, with the archived WAL replayed up to that moment (docs/operations.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--to", required=True, help='Target time, e.g. "2026-12-02 14:30:00+00:00".')
        parser.add_argument("--data-dir", required=True, type=Path, help="New, empty data directory.")
        parser.add_argument("--port", required=True, type=int, help="Port of the recovered cluster.")

    def handle(self, *args, to, data_dir, port, **options):
        target = parse_datetime(to)
        if target is None or target.tzinfo is None:
            raise CommandError(f"“{to}” is not a time with its zone, e.g. 2026-12-02 14:30:00+00:00.")
        if data_dir.exists() and any(data_dir.iterdir()):
            raise CommandError(f"{data_dir} is not empty: recovery needs a new data directory.")
        base = (
            Backup.objects.filter(
                kind=Backup.Kind.BASE, status__in=[Backup.Status.SUCCEEDED, Backup.Status.VERIFIED],
                finished_at__lte=target,
            )
            .order_by("-finished_at")
            .first()
        )  # fmt: skip
        if base is None:
            raise CommandError(f"No base backup finished before {target:%Y-%m-%d %H:%M:%S %Z}.")
        self.stdout.write(f"Recovering {base} up to {target.isoformat()} into {data_dir} on port {port}…")
        try:
            pitr.recover_to_time(backup=base, target_time=target, data_dir=data_dir.resolve(), port=port)
        except (BackupError, postgres.PostgresError, OSError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"Recovered: the cluster answers on 127.0.0.1:{port}."))
