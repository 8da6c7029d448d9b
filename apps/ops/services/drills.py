"""Restore drills: restore the latest backup into a scratch database and compare it with what was
recorded when it was taken (GitLab's lesson: an untested backup is not a backup)."""

import uuid

import psycopg
from django.conf import settings
from django.db import transaction
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from apps.core.outbox import enqueue
from apps.notifications.events import Event
from apps.notifications.services import notify_staff
from apps.ops import postgres
from apps.ops.models import Backup, RestoreDrill
from apps.ops.selectors import latest_restorable_backup
from apps.ops.services.backups import BackupError, ChecksumMismatch, restore_backup


def run_restore_drill(*, backup: Backup | None = None, task_id=None, user_id=None) -> RestoreDrill:
    """Restore `backup` (default: the latest dump) into a scratch database, check it, drop it.

    Checks: the file's SHA-256, every migration of this code applied, the main tables' row counts
    equal to those counted at backup time, the restore time within the RTO. The drill is recorded;
    a failed one alerts staff and a passed one marks the backup verified. Idempotent on task_id.
    """
    drill = _start(backup=backup, task_id=task_id, user_id=user_id)
    if drill.status != RestoreDrill.Status.RUNNING:
        return drill
    problems = ["There is no successful pg_dump backup to restore."] if drill.backup is None else _check(drill)
    return _finish(drill, problems)


def _check(drill: RestoreDrill) -> list[str]:
    """Restore into the scratch database, compare, drop it; fills the drill's findings, returns the problems."""
    backup = drill.backup
    try:
        drill.restore_seconds = restore_backup(backup=backup, database=drill.scratch_database)
        drill.checksum_ok = True
        drill.migrations_ok, missing = _migrations_current(drill.scratch_database)
        drill.restored_counts = _row_counts(drill.scratch_database, backup.row_counts)
    except ChecksumMismatch as error:
        drill.checksum_ok = False
        return [str(error)]
    except BackupError as error:
        return [str(error)]
    except (postgres.PostgresError, psycopg.Error, OSError) as error:
        return [f"The restore failed: {error}"]
    finally:
        postgres.drop_database(drill.scratch_database)
    problems = [f"Migrations not applied in the backup: {', '.join(missing)}"] if missing else []
    problems += [
        f"{table}: {expected} rows at backup time, {drill.restored_counts.get(table)} restored"
        for table, expected in backup.row_counts.items()
        if drill.restored_counts.get(table) != expected
    ]
    if drill.restore_seconds > drill.rto_seconds:
        problems.append(f"Restoring took {drill.restore_seconds:.0f} s, over the RTO of {drill.rto_seconds} s.")
    return problems


@transaction.atomic
def _start(*, backup, task_id, user_id) -> RestoreDrill:
    if task_id:
        earlier = RestoreDrill.objects.select_for_update().filter(task_id=task_id).first()
        if earlier is not None:
            if earlier.status == RestoreDrill.Status.RUNNING:
                # Its worker died half-way: its scratch database may still be there.
                postgres.drop_database(earlier.scratch_database)
            return earlier
    return RestoreDrill.objects.create(
        backup=backup or latest_restorable_backup(),
        scratch_database=f"shopflow_drill_{uuid.uuid4().hex[:12]}",
        started_at=timezone.now(),
        rto_seconds=settings.BACKUP_RTO_SECONDS,
        task_id=task_id,
        requested_by_id=user_id,
    )


def _migrations_current(database: str) -> tuple[bool, list[str]]:
    """Compare the migrations on disk with those the restored database records as applied."""
    on_disk = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    with postgres.server_connection(database) as conn:
        applied = set(conn.execute("SELECT app, name FROM django_migrations").fetchall())
    missing = sorted(f"{app}.{name}" for app, name in on_disk - applied)
    return not missing, missing


def _row_counts(database: str, expected: dict) -> dict:
    counts = {}
    with postgres.server_connection(database) as conn:
        for table in expected:
            if conn.execute("SELECT to_regclass(%s)", [table]).fetchone()[0] is not None:
                counts[table] = conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
    return counts


@transaction.atomic
def _finish(drill: RestoreDrill, problems: list[str]) -> RestoreDrill:
    drill.problems, drill.finished_at = problems, timezone.now()
    drill.status = RestoreDrill.Status.FAILED if problems else RestoreDrill.Status.PASSED
    drill.save()
    if problems:
        notify_staff(
            kind=Event.DRILL_FAILED,
            title=f"Restore drill failed ({len(problems)} problem(s))",
            body="The restore drill of "
            + (str(drill.backup) if drill.backup else "no backup")
            + " found:\n"
            + "\n".join(f"- {problem}" for problem in problems),
            data={"drill": str(drill.pk), "backup": str(drill.backup_id) if drill.backup_id else None},
        )
    elif drill.backup:
        Backup.objects.filter(pk=drill.backup_id).update(
            status=Backup.Status.VERIFIED, verified_at=drill.finished_at, updated_at=drill.finished_at
        )
    return drill


def request_restore_drill(*, user) -> None:
    """Queue a drill of the latest backup for a member of staff (the console's button)."""
    from apps.ops.tasks import run_restore_drill as drill_task  # the tasks module imports this one

    # Kept in the outbox while the broker is down: the button never fails for want of Redis.
    enqueue(drill_task, user_id=str(user.pk))
