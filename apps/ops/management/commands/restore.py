from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from apps.ops import postgres
from apps.ops.models import Backup
from apps.ops.selectors import latest_restorable_backup
from apps.ops.services.backups import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a pg_dump backup into a named database (created when missing). A database that "
        "already holds tables is refused unless --force, which replaces it."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", help="The backup's id, its file name in the storage, or 'latest'.")
        parser.add_argument("--into", required=True, metavar="DATABASE", help="Database to restore into.")
        parser.add_argument("--force", action="store_true", help="Replace the database if it is not empty.")

    def handle(self, *args, backup, into, force, **options):
        chosen = self.find(backup)
        self.stdout.write(f"Restoring {chosen} ({chosen.file_path}) into “{into}”…")
        try:
            seconds = restore_backup(backup=chosen, database=into, force=force)
        except (BackupError, postgres.PostgresError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"Restored into “{into}” in {seconds:.1f} s."))

    def find(self, reference):
        if reference == "latest":
            found = latest_restorable_backup()
        else:
            try:
                found = Backup.objects.filter(pk=reference).first()
            except ValidationError:
                found = None
            found = found or Backup.objects.filter(file_path__endswith=reference).order_by("-started_at").first()
        if found is None:
            raise CommandError(f"No backup “{reference}”: give a backup id, its file name, or 'latest'.")
        return found
