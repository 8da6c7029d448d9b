"""Returns: who may ask, for how much, and each step from request to refund."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.inventory.models import StockLevel
from apps.orders.models import OrderShipment
from apps.promotions.models import DiscountType
from apps.returns.exceptions import IllegalReturnTransition, ReturnError, ReturnNotAllowed
from apps.returns.models import ReturnRequest
from apps.returns.selectors import return_detail, returnable_quantities, returns_for_user
from apps.returns.services import (
    approve_return,
    receive_return,
    refund_return,
    reject_return,
    request_return,
)
from tests.checkout.factories import create_stocked_product
from tests.factories import create_coupon, create_staff, create_user, create_warehouse
from tests.orders.factories import create_order
from tests.returns.factories import create_delivered_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def buyer():
    return create_user(email="ada@example.com")


@pytest.fixture
def staff():
    return create_staff()


@pytest.fixture
def order(buyer):
    """3 lamps at 40.00 + 5.00 shipping = 125.00, captured and delivered."""
    return create_delivered_order(buyer, create_stocked_product(name="Lamp", price="40.00"), 3)


def ask(order, buyer, quantity, **extra):
    item = order.items.get()
    return request_return(order=order, user=buyer, items=[(item, quantity, "Cracked")], reason="Damaged", **extra)


def history(return_request):
    return list(return_request.status_history.values_list("status", flat=True))


def test_a_request_gets_an_rma_number_items_and_its_first_history_row(order, buyer):
    return_request = ask(order, buyer, 2, customer_notes=" Box was wet ")

    assert return_request.rma_number.startswith(f"RMA-{timezone.now().year}-")
    assert len(return_request.rma_number) == len("RMA-2026-000045")
    assert (return_request.status, return_request.reason, return_request.customer_notes) == (
        "requested",
        "Damaged",
        "Box was wet",
    )
    assert [(i.quantity, i.reason) for i in return_request.items.all()] == [(2, "Cracked")]
    assert history(return_request) == ["requested"]
    assert returnable_quantities(order) == {order.items.get().pk: 1}


def test_only_delivered_orders_can_be_returned(buyer):
    product = create_stocked_product(name="Lamp", price="40.00")
    shipped = create_order(user=buyer, lines=[(product, 1)], status="shipped")

    with pytest.raises(ReturnNotAllowed, match="is shipped: only delivered orders can be returned") as caught:
        ask(shipped, buyer, 1)
    assert caught.value.code == "not_delivered"


def test_someone_else_cannot_return_the_order(order):
    with pytest.raises(ReturnNotAllowed, match="You can only return your own orders."):
        ask(order, create_user(), 1)


def test_the_return_window_counts_from_delivery(order, buyer, settings):
    settings.RETURN_WINDOW_DAYS = 30
    shipment = order.shipments.get()
    OrderShipment.objects.filter(pk=shipment.pk).update(delivered_at=timezone.now() - timedelta(days=29))
    assert ask(order, buyer, 1).status == "requested"

    OrderShipment.objects.filter(pk=shipment.pk).update(delivered_at=timezone.now() - timedelta(days=31))
    with pytest.raises(ReturnNotAllowed, match="within 30 days of delivery") as caught:
        ask(order, buyer, 1)
    assert caught.value.code == "return_window_closed"


def test_no_more_units_than_are_left_once_open_requests_are_counted(order, buyer, staff):
    approve_return(return_request=ask(order, buyer, 2), user=staff)

    with pytest.raises(ReturnError, match="You can return between 1 and 1 of “Lamp”."):
        ask(order, buyer, 2)
    assert ask(order, buyer, 1).status == "requested"
    with pytest.raises(ReturnError, match="between 1 and 0"):
        ask(order, buyer, 1)


def test_a_rejected_request_gives_its_units_back_to_return(order, buyer, staff):
    rejected = reject_return(return_request=ask(order, buyer, 3), user=staff, reason="Photos show no damage")

    assert (rejected.status, rejected.staff_notes) == ("rejected", "Photos show no damage")
    assert history(rejected) == ["requested", "rejected"]
    assert returnable_quantities(order) == {order.items.get().pk: 3}


def test_a_line_of_another_order_is_refused(order, buyer):
    other = create_order(user=buyer, lines=[(create_stocked_product(name="Mug"), 1)]).items.get()

    with pytest.raises(ReturnError, match="“Mug” is not a line of order"):
        request_return(order=order, user=buyer, items=[(other, 1, "")], reason="Wrong")
    assert not ReturnRequest.objects.exists()


def test_the_whole_way_restocks_the_goods_and_refunds_their_value(order, buyer, staff):
    warehouse = create_warehouse(code="RET")
    return_request = ask(order, buyer, 2)

    approve_return(return_request=return_request, user=staff)
    receive_return(return_request=return_request, warehouse=warehouse, user=staff)
    item = order.items.get()
    item.refresh_from_db()
    level = StockLevel.objects.get(warehouse=warehouse, product=item.product)
    assert (item.quantity_returned, level.quantity_on_hand) == (2, 2)

    refunded = refund_return(return_request=return_request, user=staff)

    payment = order.payments.get()
    order.refresh_from_db()
    assert (refunded.status, refunded.refund_amount, refunded.refund.amount) == (
        "refunded",
        Decimal("80.00"),
        Decimal("80.00"),
    )
    assert (payment.status, payment.amount_refunded) == ("partially_refunded", Decimal("80.00"))
    assert order.status == "delivered"
    assert history(refunded) == ["requested", "approved", "received", "refunded"]
    assert returnable_quantities(order) == {item.pk: 1}


def test_an_item_not_for_restock_is_counted_returned_but_stays_off_the_shelves(order, buyer, staff):
    return_request = ask(order, buyer, 1)
    return_request.items.update(restock=False)
    approve_return(return_request=return_request, user=staff)

    receive_return(return_request=return_request, warehouse=create_warehouse(code="SCRAP"), user=staff)

    assert order.items.get().quantity_returned == 1
    assert not StockLevel.objects.filter(warehouse__code="SCRAP").exists()


def test_the_refund_takes_off_the_items_share_of_the_order_discount(buyer, staff):
    coupon = create_coupon(discount_type=DiscountType.FIXED_AMOUNT, value="10.00")
    order = create_delivered_order(buyer, create_stocked_product(name="Mug", price="15.00"), 2, coupon=coupon)
    assert (order.subtotal, order.discount) == (Decimal("30.00"), Decimal("10.00"))
    return_request = ask(order, buyer, 1)
    approve_return(return_request=return_request, user=staff)
    receive_return(return_request=return_request, warehouse=create_warehouse(), user=staff)

    refunded = refund_return(return_request=return_request, user=staff)

    # 15.00 - 10.00 × 15/30 = 10.00
    assert refunded.refund_amount == Decimal("10.00")


@pytest.mark.parametrize("step", ["receive", "refund", "approve twice"])
def test_steps_out_of_order_are_refused_and_change_nothing(order, buyer, staff, step):
    return_request = ask(order, buyer, 1)
    if step == "approve twice":
        approve_return(return_request=return_request, user=staff)

    with pytest.raises(IllegalReturnTransition) as caught:
        if step == "receive":
            receive_return(return_request=return_request, warehouse=create_warehouse(), user=staff)
        elif step == "refund":
            refund_return(return_request=return_request, user=staff)
        else:
            approve_return(return_request=return_request, user=staff)

    expected = {"receive": "goods received", "refund": "refunded", "approve twice": "approved"}[step]
    assert caught.value.message.endswith(f"it cannot become {expected}.")
    assert order.items.get().quantity_returned == 0


def test_customers_see_their_own_returns(order, buyer):
    mine = ask(order, buyer, 1)

    assert list(returns_for_user(buyer)) == [mine]
    assert list(returns_for_user(create_user())) == []
    assert return_detail(mine.pk, user=buyer) == mine
    with pytest.raises(ReturnRequest.DoesNotExist):
        return_detail(mine.pk, user=create_user())
