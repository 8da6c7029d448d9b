from django.db.models import QuerySet

from apps.audit.models import AuditLogEntry


def audit_trail(*, table_name: str, row_id) -> QuerySet[AuditLogEntry]:
    """Every logged change of one row, oldest first (served by audit_log_row_idx)."""
    return AuditLogEntry.objects.filter(table_name=table_name, row_id=str(row_id)).order_by("occurred_at", "id")
