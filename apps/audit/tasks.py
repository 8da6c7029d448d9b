from celery import shared_task

from apps.audit.services import ensure_partitions


@shared_task(name="audit.ensure_partitions")
def ensure_audit_partitions(months_ahead=3):
    """Keep audit_log's monthly partitions ahead of the calendar; returns the partitions created."""
    return ensure_partitions(months_ahead=months_ahead)
