"""Operations tasks, scheduled by beat from the periodic tasks in the database (seeded by
migration 0005, editable in the admin). Each one uses its own task id as an idempotency key, so a
delivery repeated after a worker died does its work once."""

from celery import shared_task

from apps.ops.models import Backup
from apps.ops.services import backups, drills, maintenance


@shared_task(bind=True, name="ops.take_backup")
def take_backup(self, kind=Backup.Kind.FULL):
    """Daily full backup, weekly archive or base backup; returns the backup's id."""
    return str(backups.take_backup(kind=kind, task_id=self.request.id).pk)


@shared_task(bind=True, name="ops.run_restore_drill")
def run_restore_drill(self, backup_id=None, user_id=None):
    """Restore a backup (default the latest) into a scratch database and check it; returns the drill's id."""
    backup = Backup.objects.get(pk=backup_id) if backup_id else None
    return str(drills.run_restore_drill(backup=backup, task_id=self.request.id, user_id=user_id).pk)


@shared_task(name="ops.prune_backups")
def prune_backups():
    """Retention: remove backups past their kind's retention; returns how many."""
    return len(backups.prune_expired_backups())


@shared_task(name="ops.purge_expired_tokens")
def purge_expired_tokens():
    return maintenance.purge_expired_tokens()


@shared_task(name="ops.purge_django_sessions")
def purge_django_sessions():
    return maintenance.purge_django_sessions()


@shared_task(name="ops.purge_idle_guest_carts")
def purge_idle_guest_carts():
    return maintenance.purge_idle_guest_carts()


@shared_task(bind=True, name="ops.record_database_health")
def record_database_health(self):
    return maintenance.record_database_health(task_id=self.request.id).state


@shared_task(bind=True, name="ops.analyze_busy_tables")
def analyze_busy_tables(self):
    return maintenance.analyze_busy_tables(task_id=self.request.id).summary


@shared_task(bind=True, name="ops.report_bloat_and_index_usage")
def report_bloat_and_index_usage(self):
    return maintenance.report_bloat_and_index_usage(task_id=self.request.id).summary
