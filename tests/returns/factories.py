"""A delivered, paid order made through the real services: cart, checkout, fulfilment, delivery."""

from apps.fulfilment import services as fulfilment
from tests.checkout.factories import checkout, create_filled_cart
from tests.factories import create_shipping_method, create_staff
from tests.fulfilment.factories import create_carrier


def create_delivered_order(buyer, product, quantity, *, coupon=None, email=None):
    """`quantity` of `product` bought by `buyer` (a guest with `email` when None) with 5.00 shipping,
    captured on shipping, delivered."""
    staff = create_staff()
    cart = create_filled_cart(product, quantity, user=buyer, coupon=coupon)
    email = buyer.email if buyer else email
    order = checkout(cart, method=create_shipping_method(price="5.00"), user=buyer, customer_email=email)
    fulfilment.start_processing(order=order, user=staff)
    fulfilment.ship(order=order, carrier=create_carrier(), user=staff)
    fulfilment.deliver(order=order, user=staff)
    order.refresh_from_db()
    return order
