from django.db import models
from django.db.models import Q

from apps.core.models import BaseModel


class Backup(BaseModel):
    """A database backup taken by ShopFlow, and whether it was verified by restoring it."""

    class Status(models.TextChoices):
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"
        VERIFIED = "verified", "Verified by restore"

    kind = models.CharField(max_length=20, default="full", db_comment="full (pg_dump custom format)")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RUNNING)
    file_path = models.CharField(max_length=500, blank=True, default="")
    size_bytes = models.BigIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True, default="")
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    verified_at = models.DateTimeField(null=True, blank=True)
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
            models.CheckConstraint(
                condition=Q(size_bytes__isnull=True) | Q(size_bytes__gte=0), name="backups_size_non_negative"
            ),
        ]

    def __str__(self):
        return f"{self.kind} backup {self.started_at:%Y-%m-%d %H:%M} ({self.status})"
