"""Each staff role sees and may do its own work in the console, and is refused the rest."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from apps.orders.models import OrderNote
from apps.returns.services import approve_return, receive_return, request_return
from tests.checkout.factories import create_stocked_product
from tests.factories import create_user, create_warehouse
from tests.model_factories import create_order
from tests.returns.factories import create_delivered_order

pytestmark = pytest.mark.django_db

INDEX = reverse("admin:index")


def url(name, *args):
    return reverse(f"admin:{name}", args=args)


def actions(client, changelist):
    """The actions a changelist offers this user (empty when the page is refused)."""
    response = client.get(url(changelist))
    if response.status_code != 200:
        return response.status_code
    form = response.context["action_form"]  # None when no action is allowed
    return sorted(name for name, _ in form.fields["action"].choices if name) if form else []


def test_the_roles_exist_with_permissions():
    counts = {group.name: group.permissions.count() for group in Group.objects.all()}

    assert set(counts) == {"Order manager", "Catalog manager", "Inventory clerk", "Support", "Analyst", "Owner"}
    assert all(counts.values())
    assert Group.objects.get(name="Support").permissions.filter(codename="refund_above_limit").exists() is False
    assert Group.objects.get(name="Order manager").permissions.filter(codename="refund_above_limit").exists()


def test_the_owner_sees_everything_internal_tables_and_the_refresh_button_included(as_role):
    client = as_role("Owner")

    index = client.get(INDEX)

    assert index.status_code == 200
    assert b'id="chart-daily-sales"' in index.content and b"Refresh views now" in index.content
    assert "Internal tables (Owner only)" in [app["name"] for app in index.context["app_list"]]
    assert client.get(url("accounts_usersession_changelist")).status_code == 200
    assert client.get(url("accounts_passwordreset_changelist")).status_code == 200
    assert client.get(url("catalog_product_add")).status_code == 200


def test_an_analyst_reads_dashboards_and_lists_but_changes_nothing(as_role):
    client = as_role("Analyst")

    index = client.get(INDEX)

    assert b'id="chart-daily-sales"' in index.content
    assert b"Refresh views now" not in index.content
    assert client.post(url("refresh_views")).status_code == 403
    assert client.get(url("orders_order_changelist")).status_code == 200
    assert actions(client, "reviews_productreview_changelist") == []
    assert actions(client, "inventory_stocklevel_changelist") == []
    assert actions(client, "returns_returnrequest_changelist") == []
    assert client.get(url("catalog_product_add")).status_code == 403
    assert client.get(url("accounts_usersession_changelist")).status_code == 403
    assert "Internal tables (Owner only)" not in [app["name"] for app in index.context["app_list"]]


def test_support_reads_orders_and_customers_and_writes_notes(as_role):
    client = as_role("Support")
    order = create_order(create_user(email="ada@example.com"))

    added = client.post(url("orders_ordernote_add"), {"order": order.pk, "body": "Called Ada about the delay"})

    assert added.status_code == 302
    assert list(OrderNote.objects.values_list("order", "author", "body")) == [
        (order.pk, client.user.pk, "Called Ada about the delay")
    ]
    assert client.get(url("orders_order_change", order.pk)).status_code == 200
    assert client.get(url("accounts_user_changelist")).status_code == 200
    assert b'id="dashboard"' not in client.get(INDEX).content
    assert client.get(url("catalog_product_add")).status_code == 403
    assert client.get(url("inventory_stocklevel_changelist")).status_code == 403
    assert client.get(url("accounts_emailverificationtoken_changelist")).status_code == 403
    assert actions(client, "returns_returnrequest_changelist") == ["refund"]


def received_return(staff, quantity):
    buyer = create_user()
    order = create_delivered_order(buyer, create_stocked_product(name="Lamp", price="40.00"), 3)
    rma = request_return(order=order, user=buyer, items=[(order.items.get(), quantity, "Broken")], reason="Broken")
    approve_return(return_request=rma, user=staff)
    return receive_return(return_request=rma, warehouse=create_warehouse(), user=staff)


def test_support_refunds_up_to_the_limit_and_is_refused_above_it(as_role, settings):
    settings.SUPPORT_REFUND_LIMIT = Decimal("100.00")
    support = as_role("Support")
    small, large = received_return(support.user, 2), received_return(support.user, 3)  # 80.00 and 120.00
    changelist = url("returns_returnrequest_changelist")

    support.post(changelist, {"action": "refund", "_selected_action": [small.pk], "index": "0"})
    refused = support.post(changelist, {"action": "refund", "_selected_action": [large.pk], "index": "0"}, follow=True)

    small.refresh_from_db()
    large.refresh_from_db()
    assert (small.status, small.refund_amount) == ("refunded", Decimal("80.00"))
    assert (large.status, large.refund_id) == ("received", None)
    assert "Refunding 120.00 USD needs a manager: you may refund up to 100.00 USD." in refused.content.decode()


def test_an_order_manager_refunds_above_the_limit_and_processes_returns(as_role, settings):
    settings.SUPPORT_REFUND_LIMIT = Decimal("100.00")
    client = as_role("Order manager")
    large = received_return(client.user, 3)

    client.post(
        url("returns_returnrequest_changelist"), {"action": "refund", "_selected_action": [large.pk], "index": "0"}
    )

    large.refresh_from_db()
    assert (large.status, large.refund_amount) == ("refunded", Decimal("120.00"))
    assert actions(client, "returns_returnrequest_changelist") == ["approve", "receive", "refund", "reject"]
    assert client.get(url("catalog_product_add")).status_code == 403
    assert client.get(url("accounts_usersession_changelist")).status_code == 403


def test_a_catalog_manager_edits_the_catalog_and_moderates_but_moves_no_stock(as_role):
    client = as_role("Catalog manager")

    assert client.get(url("catalog_product_add")).status_code == 200
    assert actions(client, "reviews_productreview_changelist") == ["approve", "reject"]
    assert actions(client, "inventory_stocklevel_changelist") == []
    assert client.get(url("orders_order_changelist")).status_code == 403


def test_an_inventory_clerk_moves_stock_but_neither_moderates_nor_edits_products(as_role):
    client = as_role("Inventory clerk")

    assert actions(client, "inventory_stocklevel_changelist") == ["adjust", "receive", "transfer"]
    assert client.get(url("reviews_productreview_changelist")).status_code == 403
    assert client.get(url("catalog_product_add")).status_code == 403
    assert client.get(url("payments_payment_changelist")).status_code == 403
