from django.db import models
from django.db.models import Q

from apps.core.models import BaseModel


class Backup(BaseModel):
    """A database backup taken by ShopFlow, and whether it was verified by restoring it."""

    class Kind(models.TextChoices):
        FULL = "full", "Daily full (pg_dump)"
        ARCHIVE = "archive", "Weekly archive (pg_dump)"
        BASE = "base", "Base backup for PITR (pg_basebackup)"

    class Status(models.TextChoices):
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"
        VERIFIED = "verified", "Verified by restore"

    kind = models.CharField(
        max_length=20, choices=Kind.choices, default=Kind.FULL, db_comment="full, archive (pg_dump) or base"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RUNNING)
    file_path = models.CharField(max_length=500, blank=True, default="", db_comment="Name in the backups storage")
    size_bytes = models.BigIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True, default="")
    row_counts = models.JSONField(
        default=dict, blank=True, db_comment="Rows of the main tables in the dump's own snapshot"
    )
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True, db_comment="Removed by the retention task after this")
    wal_start_file = models.CharField(
        max_length=24, blank=True, default="", db_comment="Base backups: first WAL segment recovery needs"
    )
    task_id = models.CharField(
        max_length=64, null=True, blank=True, unique=True, db_comment="Celery task that took it (idempotency key)"
    )
    error = models.TextField(blank=True, default="")
    created_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        db_table = "backups"
        db_table_comment = "Record of database backups and their verification"
        ordering = ["-started_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["running", "succeeded", "failed", "verified"]), name="backups_status_check"
            ),
            models.CheckConstraint(condition=Q(kind__in=["full", "archive", "base"]), name="backups_kind_check"),
            models.CheckConstraint(
                condition=Q(size_bytes__isnull=True) | Q(size_bytes__gte=0), name="backups_size_non_negative"
            ),
        ]

    def __str__(self):
        return f"{self.kind} backup {self.started_at:%Y-%m-%d %H:%M} ({self.status})"

    @property
    def duration(self):
        return self.finished_at - self.started_at if self.finished_at else None


class RestoreDrill(BaseModel):
    """A test restore of a backup into a scratch database: an untested backup is not a backup."""

    class Status(models.TextChoices):
        RUNNING = "running", "Running"
        PASSED = "passed", "Passed"
        FAILED = "failed", "Failed"

    backup = models.ForeignKey(Backup, on_delete=models.SET_NULL, null=True, blank=True, related_name="drills")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    scratch_database = models.CharField(max_length=63)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    restore_seconds = models.FloatField(null=True, blank=True, db_comment="Download, checksum and pg_restore")
    rto_seconds = models.PositiveIntegerField(db_comment="Recovery time objective when the drill ran")
    checksum_ok = models.BooleanField(null=True, blank=True)
    migrations_ok = models.BooleanField(null=True, blank=True)
    restored_counts = models.JSONField(default=dict, blank=True)
    problems = models.JSONField(default=list, blank=True, db_comment="Every difference found, in words")
    task_id = models.CharField(max_length=64, null=True, blank=True, unique=True)
    requested_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        db_table = "restore_drills"
        db_table_comment = "Restores of backups into a scratch database, with what they found"
        ordering = ["-started_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["running", "passed", "failed"]), name="restore_drills_status_check"
            ),
            models.CheckConstraint(
                condition=Q(restore_seconds__isnull=True) | Q(restore_seconds__gte=0),
                name="restore_drills_restore_seconds_non_negative",
            ),
        ]

    def __str__(self):
        return f"restore drill {self.started_at:%Y-%m-%d %H:%M} ({self.status})"

    @property
    def within_rto(self):
        return None if self.restore_seconds is None else self.restore_seconds <= self.rto_seconds


class HealthCheck(BaseModel):
    """One run of the seed 003 §10.1 metrics (db_health), kept as history."""

    class State(models.TextChoices):
        OK = "ok", "OK"
        WARNING = "warning", "Warning"
        CRITICAL = "critical", "Critical"

    state = models.CharField(max_length=10, choices=State.choices)
    metrics = models.JSONField(default=list)
    task_id = models.CharField(max_length=64, null=True, blank=True, unique=True)

    class Meta:
        db_table = "db_health_checks"
        db_table_comment = "History of the database health metrics, every 5 minutes"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["ok", "warning", "critical"]), name="db_health_checks_state_check"
            )
        ]
        indexes = [models.Index(fields=["-created_at"], name="idx_db_health_checks_created")]

    def __str__(self):
        return f"health {self.created_at:%Y-%m-%d %H:%M} ({self.state})"


class MaintenanceReport(BaseModel):
    """What a maintenance run did or found (seed 001's maintenance calendar)."""

    class Kind(models.TextChoices):
        ANALYZE = "analyze", "Weekly ANALYZE"
        BLOAT_AND_INDEX_USAGE = "bloat_index_usage", "Monthly bloat and index usage"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    summary = models.CharField(max_length=300)
    data = models.JSONField(default=dict)
    task_id = models.CharField(max_length=64, null=True, blank=True, unique=True)

    class Meta:
        db_table = "maintenance_reports"
        db_table_comment = "Reports of the scheduled maintenance (ANALYZE, bloat and index usage)"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["analyze", "bloat_index_usage"]), name="maintenance_reports_kind_check"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.created_at:%Y-%m-%d}"
