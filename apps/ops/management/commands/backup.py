import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from apps.ops.models import Backup
from apps.ops.services.backups import take_backup


class Command(BaseCommand):
    help = (
        "Back the database up into the backups storage: a custom-format pg_dump (default), "
        "--archive for the weekly archive, --base for a pg_basebackup (point-in-time recovery)."
    )

    def add_arguments(self, parser):
        kind = parser.add_mutually_exclusive_group()
        kind.add_argument("--base", action="store_const", dest="kind", const=Backup.Kind.BASE)
        kind.add_argument("--archive", action="store_const", dest="kind", const=Backup.Kind.ARCHIVE)
        parser.add_argument("--no-progress", action="store_true", help="No progress bar (logs, cron).")

    def handle(self, *args, kind=None, no_progress=False, **options):
        kind = kind or Backup.Kind.FULL
        bar = progress = None
        if not no_progress:
            base = kind == Backup.Kind.BASE
            bar = tqdm(desc="pg_basebackup" if base else "pg_dump", unit="kB" if base else "table", file=sys.stderr)

            def progress(done, total):
                bar.total = total
                bar.update(done - bar.n)

        try:
            backup = take_backup(kind=kind, progress=progress)
        finally:
            if bar is not None:
                bar.close()
        if backup.status == Backup.Status.FAILED:
            raise CommandError(f"The backup failed (staff have been alerted): {backup.error}")
        self.stdout.write(
            self.style.SUCCESS(
                f"{backup.get_kind_display()} {backup.pk}: {backup.file_path}, {backup.size_bytes:,} bytes "
                f"in {backup.duration.total_seconds():.1f} s, SHA-256 {backup.sha256}"
            )
        )
        for table, rows in backup.row_counts.items():
            self.stdout.write(f"  {table:<24} {rows:>10,} rows")
