"""The audit log in the console reads as people speak: who, which row, what changed from what to what."""

import pytest
from django.urls import reverse

from apps.audit.models import AuditLogEntry
from apps.audit.services import acting_as
from tests.model_factories import create_order

pytestmark = pytest.mark.django_db


def test_the_audit_log_names_the_actor_links_the_row_and_shows_before_and_after(admin_client, admin_user):
    order = create_order(subtotal="20.00")

    with acting_as(admin_user):
        order.status = "confirmed"
        order.save(update_fields=["status", "updated_at"])
    entry = AuditLogEntry.objects.filter(table_name="orders", operation="UPDATE").latest("id")

    listing = admin_client.get(reverse("admin:audit_auditlogentry_changelist")).content.decode()
    page = admin_client.get(reverse("admin:audit_auditlogentry_change", args=[entry.pk])).content.decode()

    assert admin_user.email in listing
    assert f'<a href="{reverse("admin:orders_order_change", args=[order.pk])}">{order.order_number}</a>' in listing
    assert "<tr><th>status</th><td>pending</td><td>confirmed</td></tr>" in page
