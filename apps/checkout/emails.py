"""What checkout tells the customer: the order was placed (mail and in-shop notification)."""

from apps.core.models import AddressType
from apps.notifications.events import Event
from apps.notifications.services import notify, site_url
from apps.orders.guest_access import access_url


def notify_order_placed(*, order, items=None, addresses=None):
    """Tell the customer (a guest by the order's address) what they ordered; the mail leaves after commit.

    `items` and `addresses` are the order's, when the caller has just written them (no reading back).
    """
    items = list(order.items.all()) if items is None else list(items)
    addresses = order.addresses.all() if addresses is None else addresses
    shipping_address = next((address for address in addresses if address.address_type == AddressType.SHIPPING), None)
    # A guest follows the order through its signed link (apps.orders.guest_access).
    link = site_url(f"/account/orders/{order.order_number}/") if order.user_id else access_url(order)
    notify(
        event=Event.ORDER_PLACED,
        user=order.user,
        email=order.customer_email,
        context={
            "title": f"Order {order.order_number} placed",
            "body": f"Thank you for your order {order.order_number}: {order.total} {order.currency}.",
            "link": link,
            "data": {"order_id": str(order.pk), "order_number": order.order_number, "total": str(order.total)},
            "order": order,
            "items": items,
            "shipping_address": shipping_address,
        },
    )
