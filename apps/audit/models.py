"""The audit log, read through Django; written only by the database (see migrations/0001)."""

from django.contrib.postgres.fields import ArrayField
from django.db import models

# Columns that name a row better than its id, tried in this order.
LABEL_COLUMNS = ("order_number", "rma_number", "email", "code", "name", "product_name", "sku")


class AuditLogEntry(models.Model):
    """One INSERT, UPDATE or DELETE of an audited row, as the trigger `audit_row_change()` saw it.

    The table is created by SQL (it is partitioned by month and append-only), so Django does not
    manage it. Its primary key is (id, occurred_at) because a partitioned table's key must contain
    the partition column; `id` alone is unique too (one identity sequence feeds every partition),
    which is what lets Django treat it as the primary key.
    """

    class Operation(models.TextChoices):
        INSERT = "INSERT", "Insert"
        UPDATE = "UPDATE", "Update"
        DELETE = "DELETE", "Delete"

    id = models.BigIntegerField(primary_key=True)
    occurred_at = models.DateTimeField()
    table_name = models.TextField()
    operation = models.TextField(choices=Operation.choices)
    row_id = models.TextField(null=True)
    old_values = models.JSONField(null=True)
    new_values = models.JSONField(null=True)
    changed_fields = ArrayField(models.TextField(), null=True)
    # No constraint in the database (the log outlives users); the relation lets the admin show emails.
    actor = models.ForeignKey(
        "accounts.User", on_delete=models.DO_NOTHING, null=True, db_constraint=False, related_name="+"
    )

    class Meta:
        managed = False
        db_table = "audit_log"
        ordering = ["-occurred_at", "-id"]
        verbose_name = "audit log entry"
        verbose_name_plural = "audit log entries"

    def __str__(self):
        return f"{self.get_operation_display()} of {self.table_name} {self.row_label}"

    @property
    def row_label(self):
        """What people call the row (its number, email, code or name) when the log has it, else its id."""
        values = self.new_values or self.old_values or {}
        return next((values[column] for column in LABEL_COLUMNS if values.get(column)), self.row_id)
