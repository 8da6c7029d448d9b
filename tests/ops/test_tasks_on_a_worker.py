"""The ops tasks travel through Redis to a real worker process working on the test database."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.accounts.models import PasswordReset
from apps.ops import tasks
from apps.ops.models import Backup, HealthCheck, MaintenanceReport, RestoreDrill
from tests.factories import create_user
from tests.model_factories import create_order

pytestmark = pytest.mark.django_db(transaction=True)


def test_maintenance_tasks_run_on_the_worker_and_change_the_database(prefork_worker, through_the_broker):
    _, queue = prefork_worker
    user = create_user()
    kept = PasswordReset.objects.create(user=user, token_hash="1" * 64, expires_at=timezone.now() + timedelta(hours=1))
    PasswordReset.objects.create(user=user, token_hash="2" * 64, expires_at=timezone.now() - timedelta(hours=1))

    purged = tasks.purge_expired_tokens.apply_async(queue=queue).get(timeout=60)
    state = tasks.record_database_health.apply_async(queue=queue).get(timeout=60)
    summary = tasks.report_bloat_and_index_usage.apply_async(queue=queue).get(timeout=60)

    assert purged == {"user_sessions": 0, "password_resets": 1, "email_verification_tokens": 0}
    assert list(PasswordReset.objects.all()) == [kept]
    assert HealthCheck.objects.get().state == state
    assert MaintenanceReport.objects.get().summary == summary


def test_a_backup_and_its_drill_run_on_the_worker(prefork_worker, through_the_broker, backup_folder):
    _, queue = prefork_worker
    create_order()

    backup_id = tasks.take_backup.apply_async(kwargs={"kind": "full"}, queue=queue).get(timeout=120)
    drill_id = tasks.run_restore_drill.apply_async(queue=queue).get(timeout=120)

    backup = Backup.objects.get(pk=backup_id)
    drill = RestoreDrill.objects.get(pk=drill_id)
    assert (backup_folder / backup.file_path).exists()
    assert drill.backup == backup and drill.status == RestoreDrill.Status.PASSED
    assert drill.restored_counts["orders"] == backup.row_counts["orders"] == 1
