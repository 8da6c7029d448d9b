"""create_* helpers for orders, payments and reviews, as the analytics tests (and the triggers' tests) need them."""

import itertools
from decimal import Decimal

from django.utils import timezone

from apps.orders.models import Order, OrderItem
from apps.payments.models import Payment, Refund
from apps.reviews.models import ProductReview

_seq = itertools.count(1)


def create_order(user=None, lines=(), *, status="confirmed", placed_at=None, **fields):
    """An order with its lines: `lines` is a sequence of (product, quantity) or (product, quantity, unit_price).

    Its amounts are written consistent with the lines, as checkout would.
    """
    n = next(_seq)
    lines = [(line[0], line[1], Decimal(line[2] if len(line) > 2 else line[0].price)) for line in lines]
    subtotal = sum((quantity * price for _, quantity, price in lines), Decimal("0.00"))
    amounts = {name: Decimal(fields.pop(name, "0.00")) for name in ("discount", "tax", "shipping")}
    order = Order.objects.create(
        user=user,
        order_number=fields.pop("order_number", f"SF-TEST-{n:06d}"),
        status=status,
        subtotal=subtotal,
        total=subtotal - amounts["discount"] + amounts["tax"] + amounts["shipping"],
        customer_email=user.email if user else f"guest{n}@example.com",
        placed_at=placed_at or timezone.now(),
        **amounts,
        **fields,
    )
    for product, quantity, price in lines:
        create_order_item(order, product, quantity, price)
    return order


def create_order_item(order, product, quantity=1, unit_price=None, **fields):
    unit_price = Decimal(unit_price if unit_price is not None else product.price)
    fields.setdefault("subtotal", quantity * unit_price)
    return OrderItem.objects.create(
        order=order,
        product=product,
        product_name=product.name,
        sku=product.sku,
        quantity=quantity,
        unit_price=unit_price,
        **fields,
    )


def create_payment(order, *, status="captured", amount=None, **fields):
    amount = Decimal(amount) if amount is not None else order.total
    captured = amount if status in ("captured", "partially_refunded", "refunded") else Decimal("0.00")
    fields.setdefault("amount_captured", captured)
    return Payment.objects.create(order=order, amount=amount, currency=order.currency, status=status, **fields)


def create_refund(payment, amount, *, status="succeeded", **fields):
    return Refund.objects.create(payment=payment, amount=Decimal(amount), status=status, **fields)


def create_review(product, user, rating, *, is_approved=True, **fields):
    return ProductReview.objects.create(product=product, user=user, rating=rating, is_approved=is_approved, **fields)
