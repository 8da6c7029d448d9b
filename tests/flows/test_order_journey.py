"""An order's whole life across the apps: cart, checkout, fulfilment, delivery, refunds.

Stock, the order's status, the payment and the buyer's spending are checked after every step.
"""

from decimal import Decimal

import pytest

from apps.cart.services import add_item, get_or_create_guest_cart, get_or_create_user_cart
from apps.fulfilment import services as fulfilment
from apps.fulfilment.services import Line
from apps.inventory.models import StockLevel
from tests.checkout.factories import checkout
from tests.factories import create_product, create_shipping_method, create_staff, create_stock, create_user
from tests.fulfilment.factories import create_carrier

pytestmark = pytest.mark.django_db


def stock(product):
    """(on hand, reserved, the product's available stock_quantity)."""
    level = StockLevel.objects.get(product=product)
    product.refresh_from_db()
    return level.quantity_on_hand, level.quantity_reserved, product.stock_quantity


def spending(user):
    """(lifetime_spend, order_count) of a signed-in buyer; None for a guest, who has no account."""
    if user is None:
        return None
    user.refresh_from_db()
    return user.lifetime_spend, user.order_count


def expected_spending(user, amount, count):
    return None if user is None else (Decimal(amount), count)


@pytest.mark.parametrize("signed_in", [False, True], ids=["guest", "signed-in buyer"])
def test_an_order_goes_from_cart_to_fully_refunded(signed_in):
    staff = create_staff()
    buyer = create_user(email="ada@example.com") if signed_in else None
    product = create_product(name="Walnut Desk Lamp", price="40.00")
    create_stock(product, on_hand=10)
    method = create_shipping_method(price="5.00")

    # The shopper fills a cart: nothing is held yet.
    cart = get_or_create_user_cart(user=buyer) if buyer else get_or_create_guest_cart()
    add_item(cart=cart, product=product, quantity=3)
    assert stock(product) == (10, 0, 10)

    # Checkout: 3 × 40.00 + 5.00 shipping, authorised, the stock held, nothing spent yet.
    order = checkout(cart, method=method, user=buyer)
    payment = order.payments.get()
    assert (order.status, order.total, payment.status) == ("confirmed", Decimal("125.00"), "authorized")
    assert stock(product) == (10, 3, 7)
    assert spending(buyer) == expected_spending(buyer, "0.00", 0)

    # Staff pick the order and fulfil it: it ships, the stock leaves, the money is captured.
    fulfilment.start_processing(order=order, user=staff, notes="Picking")
    shipment = fulfilment.ship(order=order, carrier=create_carrier(), tracking_number="1Z999", user=staff)
    order.refresh_from_db()
    payment.refresh_from_db()
    assert (order.status, shipment.status, shipment.tracking_number) == ("shipped", "in_transit", "1Z999")
    assert (payment.status, payment.amount_captured) == ("captured", Decimal("125.00"))
    assert stock(product) == (7, 0, 7)
    assert spending(buyer) == expected_spending(buyer, "125.00", 1)

    # Delivered.
    fulfilment.deliver(order=order, user=staff)
    order.refresh_from_db()
    assert order.status == "delivered"

    # One lamp came back cracked: 40.00 back and the lamp back on the shelf.
    item = order.items.get()
    fulfilment.refund(order=order, lines=[Line(item, 1)], restock_items=True, reason="Cracked shade", user=staff)
    order.refresh_from_db()
    payment.refresh_from_db()
    assert (order.status, payment.status, payment.amount_refunded) == (
        "delivered",
        "partially_refunded",
        Decimal("40.00"),
    )
    assert stock(product) == (8, 0, 8)
    assert spending(buyer) == expected_spending(buyer, "85.00", 1)

    # The rest is refunded too: the order is refunded and the buyer has spent nothing.
    fulfilment.refund(order=order, amount="85.00", reason="Goodwill", user=staff)
    order.refresh_from_db()
    payment.refresh_from_db()
    assert (order.status, payment.status, payment.refundable_amount) == ("refunded", "refunded", Decimal("0.00"))
    assert stock(product) == (8, 0, 8)
    assert spending(buyer) == expected_spending(buyer, "0.00", 1)
    assert list(order.status_history.values_list("status", flat=True)) == [
        "pending",
        "confirmed",
        "processing",
        "shipped",
        "delivered",
        "delivered",  # the partial refund is on record and keeps the status
        "refunded",
    ]
