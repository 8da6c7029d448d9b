"""The planning console: the reorder list with its panel and chart, drafting, and the purchase-order actions."""

import json
import re

import pytest
from django.urls import reverse

from apps.inventory.models import StockLevel, StockMovement, Transfer
from apps.inventory.services import receive_stock
from apps.planning import services
from apps.planning.models import PurchaseOrder, ReorderSuggestion
from tests.factories import create_product, create_warehouse
from tests.planning.conftest import sell_weekly

pytestmark = pytest.mark.django_db
REORDER_LIST = reverse("admin:planning_reordersuggestion_changelist")
PO_LIST = reverse("admin:planning_purchaseorder_changelist")


def _plan():
    services.refresh_demand_history()
    services.run_forecasts()


@pytest.fixture
def planned(steady_seller):
    _plan()
    return steady_seller


def test_the_reorder_list_shows_what_to_order_soonest_first_with_the_panel(
    admin_client, planned, django_assert_max_num_queries
):
    _, warehouse, _ = planned
    for n in range(4):
        product = create_product(name=f"Plate {n}")
        receive_stock(warehouse=warehouse, product=product, quantity=20)
        sell_weekly(product, [2, 6], 20)
    _plan()

    with django_assert_max_num_queries(14):
        response = admin_client.get(REORDER_LIST)

    assert response.status_code == 200
    rows = [(str(s.stock_level.product), s.order_quantity) for s in response.context["cl"].result_list]
    assert rows[0] == ("Steady Mug", 24)
    assert len(rows) == 5
    page = response.content.decode()
    assert "Running out first" in page and "Forecast error" in page
    assert "5 (computed)" in page


def test_a_hand_set_point_is_shown_as_such(admin_client, planned):
    StockLevel.objects.update(reorder_point=40, reorder_point_manual=True)
    _plan()
    assert "40 (set by hand)" in admin_client.get(REORDER_LIST).content.decode()


def test_an_items_page_carries_its_forecast_chart(admin_client, planned):
    suggestion = ReorderSuggestion.objects.get()
    page = admin_client.get(reverse("admin:planning_reordersuggestion_change", args=[suggestion.pk])).content.decode()
    assert "vendor/chartjs/chart.umd.min.js" in page
    data = json.loads(re.search(r'id="forecast-chart-data"[^>]*>(.*?)</script>', page).group(1))
    assert (data["forecast"][-12:], len(data["history"])) == ([5.0] * 12, 64)


def test_one_click_drafts_a_purchase_order_per_supplier(admin_client, planned):
    _, _, supplier = planned
    response = admin_client.post(
        REORDER_LIST,
        {
            "action": "draft_purchase_orders",
            "_selected_action": list(ReorderSuggestion.objects.values_list("pk", flat=True)),
        },
        follow=True,
    )
    order = PurchaseOrder.objects.get()
    assert f"Drafted {order.number}." in response.content.decode()
    assert (order.supplier, order.status, order.lines.get().quantity_ordered) == (supplier, "draft", 24)


@pytest.fixture
def draft(planned):
    [order] = services.draft_from_suggestions(suggestions=ReorderSuggestion.objects.all())
    return order


def test_send_then_receive_in_the_console(admin_client, draft):
    admin_client.post(PO_LIST, {"action": "send", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == "sent"
    change = admin_client.get(reverse("admin:planning_purchaseorder_change", args=[draft.pk])).content.decode()
    receive_url = reverse("admin:planning_purchaseorder_receive", args=[draft.pk])
    assert receive_url in change

    line = draft.lines.get()
    refused = admin_client.post(receive_url, {str(line.pk): 30})
    assert refused.status_code == 200
    assert "would exceed the 24 ordered" in refused.content.decode()
    assert StockMovement.objects.filter(reference=draft.number).count() == 0

    done = admin_client.post(receive_url, {str(line.pk): 10})
    assert done.status_code == 302
    draft.refresh_from_db()
    assert (draft.status, StockLevel.objects.get().quantity_on_hand) == ("partially_received", 13)


def test_closing_twice_gives_a_clean_message(admin_client, draft):
    admin_client.post(PO_LIST, {"action": "close", "_selected_action": [draft.pk]})
    response = admin_client.post(PO_LIST, {"action": "close", "_selected_action": [draft.pk]}, follow=True)
    assert response.status_code == 200
    assert f"{draft.number} is closed: it must be draft or sent or partially received." in response.content.decode()


def test_transfers_are_requested_shipped_and_received_in_the_console(admin_client):
    product, source, destination = create_product(name="Kettle"), create_warehouse(code="A"), create_warehouse(code="B")
    receive_stock(warehouse=source, product=product, quantity=5)
    added = admin_client.post(
        reverse("admin:inventory_transfer_add"),
        {"product": product.pk, "source": source.pk, "destination": destination.pk, "quantity": 3},
    )
    assert added.status_code == 302
    transfer = Transfer.objects.get()
    changelist = reverse("admin:inventory_transfer_changelist")
    admin_client.post(changelist, {"action": "ship", "_selected_action": [transfer.pk]})
    response = admin_client.post(changelist, {"action": "ship", "_selected_action": [transfer.pk]}, follow=True)
    assert "is in transit; it must be requested." in response.content.decode()
    admin_client.post(changelist, {"action": "receive", "_selected_action": [transfer.pk]})
    transfer.refresh_from_db()
    assert transfer.status == "received"
    assert StockLevel.objects.get(warehouse=destination).quantity_on_hand == 3


def test_a_point_typed_in_the_stock_admin_becomes_a_hand_set_override(admin_client, planned):
    level = StockLevel.objects.get()
    response = admin_client.post(
        reverse("admin:inventory_stocklevel_change", args=[level.pk]), {"reorder_point": 30, "reorder_quantity": 24}
    )
    assert response.status_code == 302
    _plan()
    level.refresh_from_db()
    assert (level.reorder_point, level.reorder_point_manual) == (30, True)
