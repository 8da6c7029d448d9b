"""Backups taken with pg_dump into the backups storage, restored into a named database, drilled."""

import hashlib
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from apps.notifications.models import Notification
from apps.ops import postgres
from apps.ops.models import Backup, RestoreDrill
from apps.ops.services.backups import BackupError, prune_expired_backups, restore_backup, take_backup
from apps.ops.services.drills import run_restore_drill
from apps.ops.tasks import take_backup as take_backup_task
from tests.factories import create_staff
from tests.model_factories import create_cart_item, create_order

# pg_dump and pg_restore read the data through connections of their own: it must be committed.
pytestmark = pytest.mark.django_db(transaction=True)

RESTORED = "shopflow_test_restored"


@pytest.fixture
def shop():
    create_order(), create_order(), create_cart_item()


@pytest.fixture
def restored_database():
    yield RESTORED
    postgres.drop_database(RESTORED)


def count_rows(database, table):
    with postgres.server_connection(database) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_a_backup_records_its_file_size_checksum_duration_and_the_row_counts_at_dump_time(backup_folder, shop):
    backup = take_backup()

    stored = backup_folder / backup.file_path
    assert backup.status == Backup.Status.SUCCEEDED
    assert backup.file_path.startswith("full/") and backup.file_path.endswith(".dump")
    assert stored.read_bytes()[:5] == b"PGDMP"  # pg_dump's custom format
    assert backup.size_bytes == stored.stat().st_size
    assert backup.sha256 == hashlib.sha256(stored.read_bytes()).hexdigest()
    assert timedelta(0) < backup.duration < timedelta(minutes=1)
    assert backup.row_counts["orders"] == 2
    assert backup.row_counts["cart_items"] == 1
    assert backup.row_counts["carts"] == 1
    assert backup.expires_at == backup.finished_at + timedelta(days=30)


def test_the_backup_command_reports_the_file_and_the_counted_rows(backup_folder, shop, capsys):
    call_command("backup", "--no-progress")

    out = capsys.readouterr().out
    backup = Backup.objects.get()
    assert f"{backup.file_path}, {backup.size_bytes:,} bytes" in out
    assert f"SHA-256 {backup.sha256}" in out
    assert "  orders                            2 rows" in out


def test_the_backup_task_is_idempotent_on_its_task_id_and_archives_are_kept_a_year(backup_folder):
    first = take_backup_task.apply(kwargs={"kind": "archive"}, task_id="nightly-1").get()
    again = take_backup_task.apply(kwargs={"kind": "archive"}, task_id="nightly-1").get()

    backup = Backup.objects.get()
    assert first == again == str(backup.pk)
    assert backup.kind == Backup.Kind.ARCHIVE
    assert backup.expires_at == backup.finished_at + timedelta(days=365)
    assert len(list(backup_folder.rglob("*.dump"))) == 1


def test_a_failed_backup_is_recorded_and_alerts_staff_once(backup_folder, settings, tmp_path):
    create_staff("ops@example.com")
    settings.PG_BIN_DIR = str(tmp_path)  # no pg_dump there

    backup = take_backup()

    assert backup.status == Backup.Status.FAILED
    assert "pg_dump" in backup.error
    assert [(n.kind, n.user.email) for n in Notification.objects.all()] == [("backup_failed", "ops@example.com")]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject.startswith("Backup failed: Daily full (pg_dump) of ")
    assert backup.error in mail.outbox[0].body


def test_a_restore_brings_back_the_same_rows_into_a_named_database(backup_folder, shop, restored_database):
    backup = take_backup()

    restore_backup(backup=backup, database=restored_database)

    assert {table: count_rows(restored_database, table) for table in backup.row_counts} == backup.row_counts


def test_restore_refuses_a_database_holding_tables_unless_forced(backup_folder, shop, restored_database):
    backup = take_backup()
    call_command("restore", str(backup.pk), "--into", restored_database)
    with postgres.server_connection(restored_database) as conn:
        conn.execute("DELETE FROM cart_items")

    with pytest.raises(CommandError, match=f"Database “{RESTORED}” is not empty .* add --force to replace it"):
        call_command("restore", "latest", "--into", restored_database)
    assert count_rows(restored_database, "cart_items") == 0

    call_command("restore", "latest", "--into", restored_database, "--force")
    assert count_rows(restored_database, "cart_items") == 1


def test_restore_refuses_a_damaged_file_and_creates_nothing(backup_folder, shop, restored_database):
    backup = take_backup()
    with open(backup_folder / backup.file_path, "r+b") as file:
        file.seek(100)
        file.write(b"\x00\x01\x02")

    with pytest.raises(BackupError, match="does not match its checksum"):
        restore_backup(backup=backup, database=restored_database)
    assert not postgres.database_exists(restored_database)


def test_restore_names_an_unknown_backup_cleanly():
    with pytest.raises(CommandError, match="No backup “nope”: give a backup id, its file name, or 'latest'."):
        call_command("restore", "nope", "--into", RESTORED)


def test_the_restore_drill_restores_the_latest_backup_with_equal_row_counts_and_drops_it(backup_folder, shop):
    take_backup()
    latest = take_backup()

    drill = run_restore_drill()

    assert drill.status == RestoreDrill.Status.PASSED, drill.problems
    assert drill.backup == latest
    assert drill.checksum_ok is True and drill.migrations_ok is True
    assert drill.restored_counts == latest.row_counts
    assert drill.restored_counts["orders"] == 2
    assert 0 < drill.restore_seconds < drill.rto_seconds == 4 * 3600
    assert not postgres.database_exists(drill.scratch_database)
    latest.refresh_from_db()
    assert latest.status == Backup.Status.VERIFIED and latest.verified_at == drill.finished_at
    assert Notification.objects.count() == 0


def test_a_drill_of_a_damaged_backup_fails_and_alerts_staff(backup_folder, shop):
    create_staff("ops@example.com")
    backup = take_backup()
    (backup_folder / backup.file_path).write_bytes(b"PGDMP damaged")

    drill = run_restore_drill()

    assert drill.status == RestoreDrill.Status.FAILED
    assert drill.checksum_ok is False
    assert "does not match its checksum" in drill.problems[0]
    assert not postgres.database_exists(drill.scratch_database)
    assert Notification.objects.get().kind == "drill_failed"
    assert mail.outbox[0].subject == "Restore drill failed (1 problem(s))"


def test_a_drill_slower_than_the_rto_fails(backup_folder, shop, settings):
    settings.BACKUP_RTO_SECONDS = 0
    take_backup()

    drill = run_restore_drill()

    assert drill.status == RestoreDrill.Status.FAILED
    assert drill.problems == [f"Restoring took {drill.restore_seconds:.0f} s, over the RTO of 0 s."]


def test_a_drill_with_a_row_count_differing_from_the_backup_fails(backup_folder, shop):
    backup = take_backup()
    Backup.objects.filter(pk=backup.pk).update(row_counts={**backup.row_counts, "orders": 3})

    drill = run_restore_drill()

    assert drill.status == RestoreDrill.Status.FAILED
    assert drill.problems == ["orders: 3 rows at backup time, 2 restored"]


def test_retention_removes_expired_backups_and_their_files_only(backup_folder):
    now = timezone.now()
    kept, expired = take_backup(), take_backup()
    Backup.objects.filter(pk=expired.pk).update(expires_at=now - timedelta(seconds=1))

    assert prune_expired_backups(now=now) == [expired.file_path]

    assert list(Backup.objects.all()) == [kept]
    assert (backup_folder / kept.file_path).exists()
    assert not (backup_folder / expired.file_path).exists()


def test_retention_removes_archived_wal_older_than_the_oldest_base_backup_kept(backup_folder, settings, tmp_path):
    archive = tmp_path / "wal-archive"
    archive.mkdir()
    settings.WAL_ARCHIVE_DIR = str(archive)
    segments = [f"0000000100000000000000{n:02X}" for n in (3, 4, 5)]
    for segment in segments:
        (archive / segment).write_bytes(b"")
    now = timezone.now()
    for start, expires in ((segments[0], now - timedelta(days=1)), (segments[1], now + timedelta(days=6))):
        Backup.objects.create(kind="base", status="succeeded", started_at=now, wal_start_file=start, expires_at=expires)

    prune_expired_backups(now=now)

    assert sorted(path.name for path in archive.iterdir()) == segments[1:]


def test_a_drill_of_a_backup_missing_a_migration_fails_naming_it(backup_folder, shop):
    applied = ("ops", "0005_seed_periodic_tasks")
    with postgres.server_connection(connection.settings_dict["NAME"]) as conn:
        (applied_at,) = conn.execute(
            "DELETE FROM django_migrations WHERE app = %s AND name = %s RETURNING applied", applied
        ).fetchone()
        try:
            take_backup()
        finally:
            conn.execute(
                "INSERT INTO django_migrations (app, name, applied) VALUES (%s, %s, %s)", [*applied, applied_at]
            )

    drill = run_restore_drill()

    assert drill.status == RestoreDrill.Status.FAILED
    assert drill.migrations_ok is False
    assert drill.problems == ["Migrations not applied in the backup: ops.0005_seed_periodic_tasks"]
