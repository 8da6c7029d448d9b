"""Every constraint of the ops tables refuses a row written past Django's validation."""

import pytest
from django.utils import timezone

from apps.ops.models import Backup, HealthCheck, MaintenanceReport, RestoreDrill
from tests.model_factories import refused_by

pytestmark = pytest.mark.django_db


def backup(**fields):
    return Backup.objects.create(started_at=timezone.now(), **fields)


def drill(**fields):
    return RestoreDrill.objects.create(
        scratch_database="shopflow_drill_x", started_at=timezone.now(), rto_seconds=14400, **fields
    )


VIOLATIONS = {
    "backups_status_check": lambda: backup(status="lost"),
    "backups_kind_check": lambda: backup(kind="incremental"),
    "backups_size_non_negative": lambda: backup(size_bytes=-1),
    "restore_drills_status_check": lambda: drill(status="skipped"),
    "restore_drills_restore_seconds_non_negative": lambda: drill(restore_seconds=-1),
    "db_health_checks_state_check": lambda: HealthCheck.objects.create(state="fine"),
    "maintenance_reports_kind_check": lambda: MaintenanceReport.objects.create(kind="vacuum", summary="-"),
}


@pytest.mark.parametrize("constraint", VIOLATIONS)
def test_the_database_refuses_a_row_that_breaks(constraint):
    with refused_by(constraint):
        VIOLATIONS[constraint]()
