"""The mail checkout sends: the customer's order confirmation."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string

from apps.core.models import AddressType
from apps.orders.selectors import order_detail


def send_order_confirmation_email(*, order_id):
    order = order_detail(order_id)
    shipping_address = next(
        (address for address in order.addresses.all() if address.address_type == AddressType.SHIPPING),
        None,
    )
    body = render_to_string(
        "checkout/emails/order_confirmation.txt",
        {"order": order, "items": order.items.all(), "shipping_address": shipping_address},
    )
    send_mail(
        f"Your ShopFlow order {order.order_number}",
        body,
        settings.DEFAULT_FROM_EMAIL,
        [order.customer_email],
        fail_silently=False,
    )
