"""Test data for orders: a placed order with lines, as checkout would leave it (without reserving)."""

from decimal import Decimal

from apps.orders.models import Order, OrderItem, OrderStatus
from apps.orders.services import next_order_number


def create_order(*, user=None, lines=(), status=OrderStatus.PENDING, subtotal="100.00", **fields):
    """lines: (product, quantity) or (product, variant, quantity); without lines the order has no items
    and costs `subtotal`. The total is subtotal - discount + tax + shipping, as the database checks."""
    lines = [line if len(line) == 3 else (line[0], None, line[1]) for line in lines]
    if lines:
        subtotal = sum((variant or product).price * quantity for product, variant, quantity in lines)
    subtotal = Decimal(subtotal)
    amounts = {name: Decimal(fields.pop(name, "0")) for name in ("discount", "tax", "shipping")}
    fields.setdefault("customer_email", user.email if user else "guest@example.com")
    order = Order.objects.create(
        order_number=next_order_number(),
        user=user,
        status=status,
        subtotal=subtotal,
        total=subtotal - amounts["discount"] + amounts["tax"] + amounts["shipping"],
        **amounts,
        **fields,
    )
    OrderItem.objects.bulk_create(
        OrderItem(
            order=order,
            product=product,
            variant=variant,
            product_name=product.name,
            variant_name=variant.name if variant else "",
            sku=(variant or product).sku,
            quantity=quantity,
            unit_price=(variant or product).price,
            subtotal=(variant or product).price * quantity,
        )
        for product, variant, quantity in lines
    )
    return order
