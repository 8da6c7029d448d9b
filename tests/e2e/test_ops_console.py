"""The operations console in a real browser: a member of staff drills the latest backup."""

import pytest

from apps.ops.models import RestoreDrill
from apps.ops.services.backups import take_backup
from apps.ops.services.maintenance import record_database_health
from tests.factories import create_staff
from tests.model_factories import create_order

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def backup_folder(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "backups": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}},
    }


def test_staff_run_a_restore_drill_from_the_backups_page(page, screenshot, backup_folder):
    create_staff("ops@example.com", password="an ops passphrase", is_superuser=True)
    create_order()
    take_backup()
    record_database_health()

    page.goto("/admin/login/?next=/admin/ops/backup/")
    page.get_by_label("Email").fill("ops@example.com")
    page.get_by_label("Password").fill("an ops passphrase")
    page.get_by_role("button", name="Log in").click()
    screenshot(page, "ops-backups")
    page.get_by_role("button", name="Run a restore drill of the latest backup").click()

    assert "A restore drill of the latest backup is queued" in page.content()
    assert RestoreDrill.objects.get().status == RestoreDrill.Status.PASSED
    screenshot(page, "ops-restore-drills")
    page.goto("/admin/ops/healthcheck/")
    screenshot(page, "ops-health-checks")
