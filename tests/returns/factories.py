"""A delivered, paid order made through the real services: cart, checkout, fulfilment, delivery."""

from apps.orders.models import OrderStatus
from apps.orders.services import mark_delivered, transition_order
from apps.payments.services import fulfil_order
from tests.checkout.factories import checkout, create_filled_cart
from tests.factories import create_shipping_method, create_staff


def create_delivered_order(buyer, product, quantity, *, coupon=None):
    """`quantity` of `product` bought by `buyer` with 5.00 shipping, captured on shipping, delivered."""
    staff = create_staff()
    cart = create_filled_cart(product, quantity, user=buyer, coupon=coupon)
    order = checkout(cart, method=create_shipping_method(price="5.00"), user=buyer, customer_email=buyer.email)
    transition_order(order=order, to_status=OrderStatus.PROCESSING, user=staff)
    fulfil_order(order=order, carrier="UPS", user=staff)
    mark_delivered(order=order, user=staff)
    order.refresh_from_db()
    return order
