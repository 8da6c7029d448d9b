"""Backups (seed 003 §7): pg_dump for the daily full backup and the weekly archive, pg_basebackup
for point-in-time recovery; kept in the "backups" storage, recorded in `backups`, restorable."""

import hashlib
import re
import shutil
import subprocess
import tarfile
import time
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import psycopg
import psycopg.sql
from django.conf import settings
from django.core.files import File
from django.core.files.storage import storages
from django.db import connection, transaction
from django.utils import timezone

from apps.notifications.events import Event
from apps.notifications.services import notify_staff
from apps.ops import postgres
from apps.ops.models import Backup

# Counted in the dump's own snapshot; a restore drill expects exactly these numbers back.
MAIN_TABLES = (
    "users",
    "user_addresses",
    "categories",
    "brands",
    "products",
    "product_variants",
    "warehouse_stock",
    "stock_movements",
    "carts",
    "cart_items",
    "coupons",
    "orders",
    "order_items",
    "order_status_history",
    "payments",
    "refunds",
    "return_requests",
    "product_reviews",
    "audit_log",
)
EXTENSIONS = {Backup.Kind.FULL: ".dump", Backup.Kind.ARCHIVE: ".dump", Backup.Kind.BASE: ".tar.gz"}


class BackupError(Exception):
    """A backup cannot be taken or restored; the message is meant for the operator."""


class ChecksumMismatch(BackupError):
    """The file in the storage is not the one that was written: it is damaged."""


def backup_storage():
    return storages["backups"]


@contextmanager
def work_dir(name: str):
    """A private folder for files on their way to or from the storage, removed afterwards.

    Named for its job, so that the job run again after its worker was killed (no clean-up then)
    starts by clearing what the first attempt left.
    """
    path = Path(settings.BACKUP_WORK_DIR) / name
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(mode=0o700, parents=True)
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def file_sha256(path: Path) -> str:
    with open(path, "rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


def take_backup(*, kind=Backup.Kind.FULL, task_id=None, user=None, progress=None) -> Backup:
    """Take a backup of the default database and record it; a failure is recorded and alerts staff.

    With a task id it is idempotent: a task delivered again after its backup finished returns that
    backup; one whose worker died half-way starts the same record over. `progress(done, total)`
    follows pg_dump table by table, or pg_basebackup kilobyte by kilobyte.
    """
    backup = _start(kind=kind, task_id=task_id, user=user)
    if backup.status != Backup.Status.RUNNING:
        return backup
    try:
        with work_dir(f"backup-{backup.pk}") as folder:
            local = folder / f"backup{EXTENSIONS[kind]}"
            if kind == Backup.Kind.BASE:
                _base_backup(local, progress)
                counts, backup.wal_start_file = {}, _wal_start_file(local)
            else:
                counts = _dump(local, progress)
            name = _store(backup, local)
            size, digest = local.stat().st_size, file_sha256(local)
    except (postgres.PostgresError, OSError, psycopg.Error) as error:
        return _fail(backup, error)
    finished = timezone.now()
    backup.file_path, backup.size_bytes, backup.sha256, backup.row_counts = name, size, digest, counts
    backup.status, backup.finished_at = Backup.Status.SUCCEEDED, finished
    backup.expires_at = finished + timedelta(days=settings.BACKUP_RETENTION_DAYS[kind])
    backup.save()
    return backup


def _base_backup(path: Path, progress) -> None:
    """pg_basebackup of the whole cluster as one compressed tar, with the WAL it needs inside."""
    postgres.run(
        [postgres.program("pg_basebackup"), "-D", str(path.parent / "base"), "-Ft", "-z", "-X", "fetch",
         "--checkpoint=fast", *(["-P"] if progress else [])],
        stderr_lines=_base_progress(progress) if progress else None,
    )  # fmt: skip
    (path.parent / "base" / "base.tar.gz").rename(path)


def _base_progress(progress):
    """pg_basebackup -P reports "12345/67890 kB (18%), 0/1 tablespace" on stderr."""

    def follow(line):
        if match := re.search(r"(\d+)/(\d+) kB", line):
            progress(int(match[1]), int(match[2]))

    return follow


@transaction.atomic
def _start(*, kind, task_id, user) -> Backup:
    now = timezone.now()
    if task_id:
        earlier = Backup.objects.select_for_update().filter(task_id=task_id).first()
        if earlier is not None:
            if earlier.status == Backup.Status.RUNNING:
                earlier.started_at, earlier.error = now, ""
                earlier.save(update_fields=["started_at", "error", "updated_at"])
            return earlier
    return Backup.objects.create(kind=kind, started_at=now, task_id=task_id, created_by=user)


def _dump(path: Path, progress) -> dict:
    """pg_dump in custom format, in a snapshot shared with the row counts recorded beside it."""
    database = connection.settings_dict["NAME"]
    with postgres.server_connection(database, autocommit=False) as conn:
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        (snapshot,) = conn.execute("SELECT pg_export_snapshot()").fetchone()
        counts = {}
        for table in MAIN_TABLES:
            if conn.execute("SELECT to_regclass(%s)", [table]).fetchone()[0] is not None:
                counts[table] = conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
        (total,) = conn.execute(
            "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind = 'r' AND n.nspname = 'public'"
        ).fetchone()
        done = 0

        def follow(line):
            nonlocal done
            if "dumping contents of table" in line:
                done = min(done + 1, total)
                progress(done, total)

        postgres.run(
            [postgres.program("pg_dump"), "-Fc", f"--snapshot={snapshot}", "-f", str(path),
             *(["-v"] if progress else [])],
            database=database,
            stderr_lines=follow if progress else None,
        )  # fmt: skip
    return counts


def _wal_start_file(base_tar: Path) -> str:
    """From the backup_label inside: "START WAL LOCATION: 0/4000028 (file 000000010000000000000004)"."""
    with tarfile.open(base_tar) as tar:
        label = tar.extractfile("backup_label").read().decode()
    return re.search(r"START WAL LOCATION: .* \(file ([0-9A-F]{24})\)", label)[1]


def _store(backup: Backup, local: Path) -> str:
    started = backup.started_at
    name = (
        f"{backup.kind}/{started:%Y/%m}/shopflow-{backup.kind}-{started:%Y%m%dT%H%M%SZ}-"
        f"{backup.pk.hex[:8]}{EXTENSIONS[backup.kind]}"
    )
    with open(local, "rb") as file:
        return backup_storage().save(name, File(file))


@transaction.atomic
def _fail(backup: Backup, error: Exception) -> Backup:
    backup.status, backup.finished_at, backup.error = Backup.Status.FAILED, timezone.now(), str(error)
    backup.save(update_fields=["status", "finished_at", "error", "updated_at"])
    notify_staff(
        kind=Event.BACKUP_FAILED,
        title=f"Backup failed: {backup.get_kind_display()} of {backup.started_at:%Y-%m-%d %H:%M} UTC",
        body=f"The {backup.kind} backup started at {backup.started_at:%Y-%m-%d %H:%M:%S} UTC failed:\n{error}",
        data={"backup": str(backup.pk), "kind": backup.kind},
    )
    return backup


def fetch_verified(backup: Backup, folder: Path) -> Path:
    """Copy a backup out of the storage into `folder` and check it against its recorded SHA-256."""
    if backup.status not in (Backup.Status.SUCCEEDED, Backup.Status.VERIFIED):
        raise BackupError(f"Backup {backup.pk} is {backup.get_status_display().lower()}: there is nothing to restore.")
    storage = backup_storage()
    if not storage.exists(backup.file_path):
        raise BackupError(f"The file of backup {backup.pk} ({backup.file_path}) is missing from the backup storage.")
    local = folder / Path(backup.file_path).name
    with storage.open(backup.file_path, "rb") as source, open(local, "wb") as target:
        shutil.copyfileobj(source, target, 2**20)
    digest = file_sha256(local)
    if digest != backup.sha256:
        raise ChecksumMismatch(
            f"The file of backup {backup.pk} does not match its checksum (SHA-256 {digest}, recorded "
            f"{backup.sha256}): it is damaged."
        )
    return local


def restore_backup(*, backup: Backup, database: str, force=False) -> float:
    """Restore a pg_dump backup into `database` (created when missing); returns the seconds it took.

    A database holding any table is refused unless `force`, which drops and recreates it.
    """
    postgres.check_database_name(database)
    if backup.kind == Backup.Kind.BASE:
        raise BackupError("A base backup is restored by point-in-time recovery: see docs/operations.md.")
    started = time.monotonic()
    with work_dir(f"restore-{database}") as folder:
        local = fetch_verified(backup, folder)
        if postgres.database_exists(database):
            relations = postgres.user_relation_count(database)
            if relations and not force:
                raise BackupError(
                    f"Database “{database}” is not empty ({relations} tables, views or sequences). "
                    "Restore into a new database, or add --force to replace it."
                )
            connection.close()  # it may be this very database
            postgres.drop_database(database)
        postgres.create_database(database)
        try:
            _pg_restore(local, database, folder)
        except (postgres.PostgresError, psycopg.Error):
            postgres.drop_database(database)
            raise
    return time.monotonic() - started


TOC_EXTENSION = re.compile(r"^\d+; \d+ \d+ (?:COMMENT - )?EXTENSION (?:- )?(\S+)")


def _pg_restore(local: Path, database: str, folder: Path) -> None:
    """pg_restore stopping at the first error, extensions excepted: the app role cannot own them
    (nor comment on them), so they are created here beforehand when the template lacks them."""
    listing = subprocess.run(
        [postgres.program("pg_restore"), "-l", str(local)], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    extensions = {match[1] for line in listing if (match := TOC_EXTENSION.match(line))}
    with postgres.server_connection(database) as conn:
        for extension in sorted(extensions):
            conn.execute(psycopg.sql.SQL("CREATE EXTENSION IF NOT EXISTS {}").format(psycopg.sql.Identifier(extension)))
    toc = folder / "restore.list"
    toc.write_text("\n".join(line for line in listing if not TOC_EXTENSION.match(line)) + "\n")
    postgres.run(
        [postgres.program("pg_restore"), "--no-owner", "--exit-on-error", "-L", str(toc), "-d", database, str(local)],
        database=database,
    )


def prune_expired_backups(*, now=None) -> list[str]:
    """Remove backups past their retention, file and record, then the archived WAL older than the
    oldest base backup kept (no recovery can start before it). Returns the files removed."""
    now = now or timezone.now()
    storage = backup_storage()
    removed = []
    for backup in Backup.objects.filter(expires_at__lt=now).order_by("started_at"):
        if backup.file_path and storage.exists(backup.file_path):
            storage.delete(backup.file_path)
        removed.append(backup.file_path)
        backup.delete()
    oldest_base = (
        Backup.objects.filter(kind=Backup.Kind.BASE, status__in=[Backup.Status.SUCCEEDED, Backup.Status.VERIFIED])
        .exclude(wal_start_file="")
        .order_by("started_at")
        .first()
    )
    if oldest_base and Path(settings.WAL_ARCHIVE_DIR).is_dir():
        subprocess.run(
            [postgres.program("pg_archivecleanup"), settings.WAL_ARCHIVE_DIR, oldest_base.wal_start_file], check=True
        )
    return removed
