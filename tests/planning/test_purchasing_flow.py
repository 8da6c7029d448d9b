"""Suggestion → purchase order → partial receipt → receipt: ledger, stock and cost stay consistent."""

from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.db.models import Sum

from apps.inventory.models import MovementType, StockLevel, StockMovement
from apps.planning import services
from apps.planning.exceptions import PurchaseOrderRefused, PurchaseOrderStateError
from apps.planning.models import ForecastRun, ItemCost, PurchaseOrder, ReorderSuggestion
from tests.factories import create_staff

pytestmark = pytest.mark.django_db


def _plan():
    services.refresh_demand_history()
    return services.run_forecasts()


def _average(on_hand, old, units, cost):
    return ((on_hand * old + units * cost) / (on_hand + units)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def test_the_nightly_run_suggests_an_order_up_to_cover_in_whole_packs(steady_seller):
    """Given 5 a week, 3 available, 7 days' lead time, 28 days' cover, packs of 6 and a minimum of 12:
    reorder point 5 (no spread: no safety stock), order up to 25, so 22 wanted → 24 (4 packs)."""
    product, warehouse, _ = steady_seller
    run = _plan()

    assert (run.status, run.methods) == (ForecastRun.Status.SUCCEEDED, {"seasonal": 1})
    suggestion = ReorderSuggestion.objects.get()
    assert (suggestion.lead_time_days, suggestion.safety_stock, suggestion.reorder_point) == (7, 0, 5)
    assert (suggestion.available, suggestion.order_quantity) == (3, 24)
    assert suggestion.days_of_cover == pytest.approx(4.2)
    level = StockLevel.objects.get(product=product, warehouse=warehouse)
    assert (level.reorder_point, level.reorder_quantity, level.reorder_point_manual) == (5, 24, False)


def test_a_suggestion_becomes_a_purchase_order_received_in_two_deliveries(steady_seller):
    product, warehouse, supplier = steady_seller
    staff = create_staff()
    _plan()

    [order] = services.draft_from_suggestions(suggestions=ReorderSuggestion.objects.all(), user=staff)
    line = order.lines.get()
    assert (order.supplier, order.warehouse, order.status) == (supplier, warehouse, PurchaseOrder.Status.DRAFT)
    assert (line.quantity_ordered, line.unit_cost) == (24, Decimal("5.00"))
    assert services.draft_from_suggestions(suggestions=ReorderSuggestion.objects.all(), user=staff) == []

    services.send_purchase_order(order=order, user=staff)
    services.receive_purchase_order(order=order, quantities={line.pk: 10}, user=staff)
    order.refresh_from_db()
    assert order.status == PurchaseOrder.Status.PARTIALLY_RECEIVED
    first_average = _average(3, Decimal("4.00"), 10, Decimal("5.00"))
    assert ItemCost.objects.get(product=product).average_cost == first_average == Decimal("4.7692")

    services.receive_purchase_order(order=order, quantities={str(line.pk): 14}, user=staff)
    order.refresh_from_db()
    line.refresh_from_db()
    assert (order.status, line.quantity_received) == (PurchaseOrder.Status.RECEIVED, 24)
    assert list(order.history.values_list("previous_status", "status")) == [
        ("", "draft"),
        ("draft", "sent"),
        ("sent", "partially_received"),
        ("partially_received", "received"),
    ]
    level = StockLevel.objects.get(product=product, warehouse=warehouse)
    receipts = StockMovement.objects.filter(reference=order.number, movement_type=MovementType.RECEIPT)
    assert sorted(receipts.values_list("quantity", flat=True)) == [10, 14]
    assert set(receipts.values_list("supplier", flat=True)) == {supplier.pk}
    ledger = StockMovement.objects.filter(product=product, warehouse=warehouse).aggregate(n=Sum("on_hand_delta"))
    assert level.quantity_on_hand == ledger["n"] == 27
    cost = ItemCost.objects.get(product=product)
    assert (cost.average_cost, cost.units_received) == (_average(13, first_average, 14, Decimal("5.00")), 24)


@pytest.fixture
def sent_order(steady_seller):
    _plan()
    [order] = services.draft_from_suggestions(suggestions=ReorderSuggestion.objects.all())
    services.send_purchase_order(order=order)
    return order, order.lines.get()


def _nothing_changed(order, line):
    order.refresh_from_db()
    line.refresh_from_db()
    assert (order.status, line.quantity_received) == (PurchaseOrder.Status.SENT, 0)
    assert not StockMovement.objects.filter(reference=order.number).exists()
    assert not ItemCost.objects.exists()
    assert StockLevel.objects.get().quantity_on_hand == 3


@pytest.mark.parametrize(
    ("units", "message"),
    [
        (25, "Receiving 25 of “Steady Mug” would exceed the 24 ordered (0 already received)."),
        (-1, "A received quantity cannot be negative."),
        (0, "Receive at least one unit."),
    ],
)
def test_bad_receipts_are_refused_and_change_nothing(sent_order, units, message):
    order, line = sent_order
    with pytest.raises(PurchaseOrderRefused) as refused:
        services.receive_purchase_order(order=order, quantities={line.pk: units})
    assert refused.value.message == message
    _nothing_changed(order, line)


def test_a_line_of_another_order_is_refused(sent_order):
    order, line = sent_order
    with pytest.raises(PurchaseOrderRefused, match="has no line"):
        services.receive_purchase_order(order=order, quantities={"00000000-0000-0000-0000-000000000001": 1})
    _nothing_changed(order, line)


def test_receiving_more_than_ordered_is_accepted_when_the_order_allows_it(sent_order):
    order, line = sent_order
    PurchaseOrder.objects.filter(pk=order.pk).update(allow_over_receipt=True)
    services.receive_purchase_order(order=order, quantities={line.pk: 30})
    order.refresh_from_db()
    assert (order.status, StockLevel.objects.get().quantity_on_hand) == (PurchaseOrder.Status.RECEIVED, 33)


def test_a_closed_order_refuses_goods_and_a_second_closing(sent_order):
    order, line = sent_order
    services.close_purchase_order(order=order, reason="Supplier out of stock")
    with pytest.raises(PurchaseOrderStateError, match=r"PO-\d{6} is closed: it must be sent or partially received."):
        services.receive_purchase_order(order=order, quantities={line.pk: 1})
    with pytest.raises(PurchaseOrderStateError):
        services.close_purchase_order(order=order)
    assert StockLevel.objects.get().quantity_on_hand == 3


def test_a_draft_must_be_sent_before_goods_are_received(steady_seller):
    _plan()
    [order] = services.draft_from_suggestions(suggestions=ReorderSuggestion.objects.all())
    with pytest.raises(PurchaseOrderStateError, match="is draft: it must be sent or partially received"):
        services.receive_purchase_order(order=order, quantities={order.lines.get().pk: 1})


def test_a_hand_set_reorder_point_survives_the_nightly_run_and_is_named_in_the_alert(steady_seller):
    product, warehouse, _ = steady_seller
    create_staff()
    StockLevel.objects.filter(product=product).update(reorder_point=50, reorder_quantity=60, reorder_point_manual=True)
    _plan()
    level = StockLevel.objects.get(product=product, warehouse=warehouse)
    assert (level.reorder_point, level.reorder_quantity) == (50, 60)

    from apps.inventory.services import alert_low_stock
    from apps.notifications.models import Notification

    assert [lv.pk for lv in alert_low_stock()] == [level.pk]
    assert "reorder point 50 set by hand" in Notification.objects.first().body


def test_sending_an_order_emails_it_to_the_supplier_once_committed(
    steady_seller, mailoutbox, django_capture_on_commit_callbacks
):
    _, _, supplier = steady_seller
    supplier.email = "orders@acme.example"
    supplier.save()
    _plan()
    [order] = services.draft_from_suggestions(suggestions=ReorderSuggestion.objects.all())
    with django_capture_on_commit_callbacks(execute=True):
        services.send_purchase_order(order=order)
    [mail] = mailoutbox
    assert (mail.to, mail.subject) == (["orders@acme.example"], f"Purchase order {order.number}")
    assert "- 24 × Steady Mug (SKU-" in mail.body and "at 5.00 USD" in mail.body
