"""The operations console: backups with the restore-drill button, drills, health and reports."""

import pytest
from django.db import transaction
from django.urls import reverse

from apps.ops.models import Backup, MaintenanceReport, RestoreDrill
from apps.ops.services.backups import take_backup
from apps.ops.services.drills import request_restore_drill
from apps.ops.services.maintenance import report_bloat_and_index_usage
from tests.model_factories import create_order


@pytest.mark.django_db
def test_the_backups_page_offers_the_restore_drill_button(admin_client):
    response = admin_client.get(reverse("admin:ops_backup_changelist"))

    assert response.status_code == 200
    html = response.content.decode()
    assert f'action="{reverse("admin:ops_backup_drill")}"' in html
    assert "Run a restore drill of the latest backup" in html


@pytest.mark.django_db(transaction=True)
def test_the_button_queues_a_drill_of_the_latest_backup_requested_by_the_staff_member(
    admin_client, admin_user, backup_folder
):
    create_order()
    backup = take_backup()

    response = admin_client.post(reverse("admin:ops_backup_drill"), follow=True)

    assert response.redirect_chain == [(reverse("admin:ops_restoredrill_changelist"), 302)]
    assert "A restore drill of the latest backup is queued" in response.content.decode()
    drill = RestoreDrill.objects.get()
    assert (drill.backup, drill.requested_by, drill.status) == (backup, admin_user, RestoreDrill.Status.PASSED)
    assert Backup.objects.get().status == Backup.Status.VERIFIED


@pytest.mark.django_db
def test_the_drill_url_refuses_a_get(admin_client):
    assert admin_client.get(reverse("admin:ops_backup_drill")).status_code == 403
    assert not RestoreDrill.objects.exists()


@pytest.mark.django_db
def test_a_bloat_report_shows_its_tables_in_the_console(admin_client):
    report = report_bloat_and_index_usage()

    response = admin_client.get(reverse("admin:ops_maintenancereport_change", args=[report.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h3>tables</h3>" in html and "<h3>indexes</h3>" in html
    assert "<td>orders_pkey</td>" in html
    assert MaintenanceReport.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_drill_requested_in_a_transaction_that_rolls_back_is_never_queued(admin_user, backup_folder):
    class Abandoned(Exception):
        pass

    with pytest.raises(Abandoned), transaction.atomic():
        request_restore_drill(user=admin_user)
        raise Abandoned

    assert not RestoreDrill.objects.exists()
