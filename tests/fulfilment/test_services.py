"""The order operations and every effect each has: history, stock ledger, money, coupon, mail."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission

from apps.fulfilment import services as fulfilment
from apps.fulfilment.exceptions import FulfilmentError, InvalidRefund, InvalidShipment
from apps.fulfilment.services import Line
from apps.inventory.models import StockLevel, StockMovement
from apps.notifications.models import Notification
from apps.orders.exceptions import IllegalTransition
from apps.orders.models import OrderStatus
from apps.payments.exceptions import RefundAboveLimit
from apps.payments.models import PaymentStatus, Refund
from tests.factories import create_coupon, create_staff, create_user
from tests.fulfilment.factories import create_carrier, placed_order, stocked_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def mug():
    return stocked_product("25.00", on_hand=10, name="Mug")


@pytest.fixture
def plate():
    return stocked_product("10.00", on_hand=10, name="Plate")


@pytest.fixture
def staff():
    return create_staff(email="ops@example.com")


@pytest.fixture
def ups():
    return create_carrier()


def history(order):
    return list(order.status_history.values_list("previous_status", "status", "notes"))


def stock(product):
    level = StockLevel.objects.get(product=product)
    return level.quantity_on_hand, level.quantity_reserved


def payment_of(order):
    payment = order.payments.get()
    return payment.status, payment.amount_captured, payment.amount_refunded


def ledger(order, movement_type):
    return list(
        StockMovement.objects.filter(order=order, movement_type=movement_type)
        .order_by("created_at")
        .values_list("product__name", "quantity")
    )


@pytest.fixture
def processing(mug, plate, staff):
    """2 mugs (50.00) and a plate (10.00) plus 5.00 shipping: 65.00 authorised, being picked."""
    order = placed_order([(mug, 2), (plate, 1)], user=create_user(email="ada@example.com"))
    return fulfilment.start_processing(order=order, user=staff)


def test_shipping_everything_captures_the_total_takes_the_stock_and_tells_the_customer(
    processing, mug, plate, staff, ups, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        shipment = fulfilment.ship(order=processing, carrier=ups, tracking_number="1Z999", user=staff)

    processing.refresh_from_db()
    assert processing.status == OrderStatus.SHIPPED
    assert (shipment.carrier, shipment.tracking_number, shipment.tracking_url) == (
        "UPS",
        "1Z999",
        "https://track.example/1Z999",
    )
    assert sorted(shipment.items.values_list("order_item__product_name", "quantity")) == [("Mug", 2), ("Plate", 1)]
    assert payment_of(processing) == (PaymentStatus.CAPTURED, Decimal("65.00"), Decimal("0.00"))
    assert (stock(mug), stock(plate)) == ((8, 0), (9, 0))
    assert sorted(ledger(processing, "shipment")) == [("Mug", 2), ("Plate", 1)]
    assert history(processing)[-1] == ("processing", "shipped", "3 item(s) shipped with UPS, tracking 1Z999")
    notice = Notification.objects.get(user=processing.user, kind="order_shipped")
    assert notice.data["tracking_number"] == "1Z999"
    assert [mail.subject for mail in mailoutbox][-1] == f"Order {processing.order_number} is on its way"


def test_shipping_part_captures_what_the_part_costs_and_the_order_stays_processing(processing, mug, plate, ups):
    [mug_line] = [item for item in processing.items.all() if item.product_id == mug.pk]
    fulfilment.ship(order=processing, carrier=ups, tracking_number="P1", lines=[Line(mug_line, 1)])

    processing.refresh_from_db()
    assert processing.status == OrderStatus.PROCESSING
    # One mug is 25.00 of a 60.00 subtotal: its share of the 65.00 total is 27.08.
    assert payment_of(processing) == (PaymentStatus.CAPTURED, Decimal("27.08"), Decimal("0.00"))
    assert (stock(mug), stock(plate)) == ((9, 1), (10, 1))
    assert history(processing)[-1] == (
        "processing",
        "processing",
        "Partly shipped: 1 item(s) shipped with UPS, tracking P1",
    )

    fulfilment.ship(order=processing, carrier=ups, tracking_number="P2")

    processing.refresh_from_db()
    assert processing.status == OrderStatus.SHIPPED
    assert payment_of(processing) == (PaymentStatus.CAPTURED, Decimal("65.00"), Decimal("0.00"))
    assert (stock(mug), stock(plate)) == ((8, 0), (9, 0))
    assert sorted(ledger(processing, "shipment")) == [("Mug", 1), ("Mug", 1), ("Plate", 1)]


def test_shipping_more_than_is_left_is_refused_and_changes_nothing(processing, mug, ups):
    [mug_line] = [item for item in processing.items.all() if item.product_id == mug.pk]
    with pytest.raises(InvalidShipment, match="Ship between 1 and 2 of “Mug”; 3 asked."):
        fulfilment.ship(order=processing, carrier=ups, lines=[Line(mug_line, 3)])
    assert not processing.shipments.exists()
    assert stock(mug) == (10, 2)
    assert payment_of(processing) == (PaymentStatus.AUTHORIZED, Decimal("0.00"), Decimal("0.00"))


def test_only_a_processing_order_ships(mug, ups):
    order = placed_order([(mug, 1)])
    with pytest.raises(IllegalTransition, match=f"Cannot change order {order.order_number} from confirmed to shipped"):
        fulfilment.ship(order=order, carrier=ups)
    assert not order.shipments.exists()


def test_delivering_marks_the_parcels_delivered(processing, ups, staff):
    fulfilment.ship(order=processing, carrier=ups)
    order = fulfilment.deliver(order=processing, user=staff, notes="Left with a neighbour")
    assert order.status == OrderStatus.DELIVERED
    assert list(order.shipments.values_list("status", flat=True)) == ["delivered"]
    assert history(order)[-1] == ("shipped", "delivered", "Left with a neighbour")
    assert Notification.objects.filter(user=order.user, kind="order_delivered").count() == 1


def test_cancelling_voids_the_payment_gives_the_stock_and_the_coupon_back(mug, staff):
    coupon = create_coupon(value="10")
    order = placed_order([(mug, 2)], coupon=coupon)
    coupon.refresh_from_db()
    assert coupon.times_used == 1

    fulfilment.cancel(order=order, user=staff, reason="Out of gift wrap")

    order.refresh_from_db()
    coupon.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED
    assert order.cancelled_at is not None
    assert payment_of(order)[0] == PaymentStatus.VOIDED
    assert stock(mug) == (10, 0)
    assert ledger(order, "release") == [("Mug", 2)]
    assert (coupon.times_used, coupon.usages.count()) == (0, 0)
    assert history(order)[-1] == ("confirmed", "cancelled", "Out of gift wrap")


def test_cancelling_a_captured_order_refunds_it(mug, settings):
    settings.PAYMENT_CAPTURE_ON_CHECKOUT = True
    order = placed_order([(mug, 1)])
    fulfilment.cancel(order=order)
    assert payment_of(order) == (PaymentStatus.REFUNDED, Decimal("30.00"), Decimal("30.00"))


def test_an_order_with_a_shipment_cannot_be_cancelled_and_stays_as_it_was(processing, mug, ups):
    [mug_line] = [item for item in processing.items.all() if item.product_id == mug.pk]
    fulfilment.ship(order=processing, carrier=ups, lines=[Line(mug_line, 1)])
    with pytest.raises(FulfilmentError, match="has shipped: it cannot be cancelled; refund it instead."):
        fulfilment.cancel(order=processing)
    processing.refresh_from_db()
    assert processing.status == OrderStatus.PROCESSING
    assert stock(mug) == (9, 1)


@pytest.fixture
def delivered(processing, ups):
    fulfilment.ship(order=processing, carrier=ups, tracking_number="1Z999")
    return fulfilment.deliver(order=processing)


def test_a_partial_refund_by_amount_keeps_the_order_delivered(delivered, staff, mailoutbox):
    [refund] = fulfilment.refund(order=delivered, amount="12.50", reason="Scratched", user=staff)
    assert (refund.amount, refund.reason, refund.created_by) == (Decimal("12.50"), "Scratched", staff)
    delivered.refresh_from_db()
    assert delivered.status == OrderStatus.DELIVERED
    assert payment_of(delivered) == (PaymentStatus.PARTIALLY_REFUNDED, Decimal("65.00"), Decimal("12.50"))
    assert history(delivered)[-1] == ("delivered", "delivered", "Refunded 12.50 USD: Scratched")
    assert Notification.objects.get(user=delivered.user, kind="order_refunded").data["amount"] == "12.50"


def test_a_refund_by_items_pays_their_price_and_can_put_them_back_on_the_shelf(delivered, mug):
    [mug_line] = [item for item in delivered.items.all() if item.product_id == mug.pk]
    [refund] = fulfilment.refund(order=delivered, lines=[Line(mug_line, 1)], restock_items=True, reason="Broken")
    assert refund.amount == Decimal("25.00")
    assert stock(mug) == (9, 0)
    assert ledger(delivered, "return") == [("Mug", 1)]

    with pytest.raises(InvalidRefund, match="Only 1 of “Mug” shipped and can go back into stock."):
        fulfilment.refund(order=delivered, lines=[Line(mug_line, 2)], restock_items=True, reason="Again")
    assert Refund.objects.filter(payment__order=delivered).count() == 1


def test_refunding_everything_refunds_the_order(delivered, staff):
    fulfilment.refund(order=delivered, amount="5.00", reason="Late", user=staff)
    fulfilment.refund(order=delivered, reason="Returned it all", user=staff)
    delivered.refresh_from_db()
    assert delivered.status == OrderStatus.REFUNDED
    assert payment_of(delivered) == (PaymentStatus.REFUNDED, Decimal("65.00"), Decimal("65.00"))
    assert history(delivered)[-1] == ("delivered", "refunded", "Refunded 60.00 USD: Returned it all")


def test_more_than_is_left_to_refund_is_refused(delivered):
    with pytest.raises(InvalidRefund, match="is between 0.01 and 65.00 USD; 65.01 asked."):
        fulfilment.refund(order=delivered, amount="65.01", reason="Too much")
    assert not Refund.objects.exists()


def test_an_order_nothing_of_which_was_paid_has_nothing_to_refund(processing):
    with pytest.raises(InvalidRefund, match="Nothing paid on order .* is left to refund: money is taken as it ships."):
        fulfilment.refund(order=processing, amount="1.00", reason="Goodwill")
    assert not Refund.objects.exists()


def test_a_refund_above_the_support_limit_needs_the_permission(delivered, settings):
    settings.SUPPORT_REFUND_LIMIT = Decimal("20.00")
    support = create_staff(is_superuser=False)
    with pytest.raises(RefundAboveLimit, match="Refunding 20.01 USD needs a manager: you may refund up to 20.00 USD."):
        fulfilment.refund(order=delivered, amount="20.01", reason="Goodwill", user=support)
    assert not Refund.objects.exists()

    fulfilment.refund(order=delivered, amount="20.00", reason="Goodwill", user=support)
    support.user_permissions.add(Permission.objects.get(codename="refund_above_limit"))
    support = type(support).objects.get(pk=support.pk)  # permissions are cached per instance
    fulfilment.refund(order=delivered, amount="30.00", reason="Goodwill", user=support)
    assert Refund.objects.count() == 2


def test_a_fully_refunded_order_that_never_shipped_lets_its_stock_go(mug, settings):
    settings.PAYMENT_CAPTURE_ON_CHECKOUT = True
    order = placed_order([(mug, 3)])
    fulfilment.refund(order=order, reason="Customer changed their mind")
    order.refresh_from_db()
    assert order.status == OrderStatus.REFUNDED
    assert stock(mug) == (10, 0)


def test_a_confirmed_order_is_told_to_the_guest_by_mail(mug, mailoutbox, django_capture_on_commit_callbacks):
    order = placed_order([(mug, 1)])
    order.status = OrderStatus.PENDING  # as an order entered by phone would be
    order.save(update_fields=["status"])
    with django_capture_on_commit_callbacks(execute=True):
        fulfilment.confirm(order=order, notes="Paid by phone")
    assert history(order)[-1] == ("pending", "confirmed", "Paid by phone")
    assert [(mail.subject, mail.to) for mail in mailoutbox] == [
        (f"Order {order.order_number} is confirmed", ["ada@example.com"])
    ]
