"""Row helpers for the data-model tests: the tables tests/factories.py does not cover yet, and the
two tools those tests share, `write` (a change past Django's validation) and `refused_by`."""

import itertools
from contextlib import contextmanager
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from apps.cart.models import Cart, CartItem
from apps.orders.models import Order, OrderItem
from apps.payments.models import Payment, Refund
from apps.returns.models import ReturnRequest
from tests.factories import create_product

_seq = itertools.count(1)


def write(obj, **fields):
    """UPDATE the object's row with a QuerySet.update(): no model validation, only the database's."""
    type(obj)._base_manager.filter(pk=obj.pk).update(**fields)


@contextmanager
def refused_by(constraint):
    """The block must fail with an IntegrityError raised by exactly this database constraint.

    The block runs in its own savepoint, so one refused write does not poison the next query.
    """
    with pytest.raises(IntegrityError) as refused, transaction.atomic():
        yield
    assert refused.value.__cause__.diag.constraint_name == constraint


def create_cart(user=None, **fields):
    if user is None:
        fields.setdefault("session_id", f"guest-{next(_seq)}")
    return Cart.objects.create(user=user, **fields)


def create_cart_item(cart=None, product=None, quantity=1, **fields):
    product = product or create_product()
    return CartItem.objects.create(
        cart=cart or create_cart(), product=product, quantity=quantity, unit_price=product.price, **fields
    )


def create_order(user=None, subtotal="20.00", **fields):
    subtotal = Decimal(subtotal)
    values = {
        "order_number": f"SF-2026-{next(_seq):06d}",
        "subtotal": subtotal,
        "total": subtotal,
        "customer_email": user.email if user else "guest@example.com",
    }
    values.update(fields)
    return Order.objects.create(user=user, **values)


def create_order_item(order=None, product=None, quantity=2, **fields):
    product = product or create_product()
    return OrderItem.objects.create(
        order=order or create_order(),
        product=product,
        product_name=product.name,
        sku=product.sku,
        quantity=quantity,
        unit_price=product.price,
        subtotal=product.price * quantity,
        **fields,
    )


def create_payment(order=None, amount="20.00", **fields):
    return Payment.objects.create(order=order or create_order(), amount=Decimal(amount), **fields)


def create_refund(payment=None, amount="5.00", **fields):
    return Refund.objects.create(payment=payment or create_payment(), amount=Decimal(amount), **fields)


def create_return_request(order=None, **fields):
    fields.setdefault("rma_number", f"RMA-2026-{next(_seq):06d}")
    fields.setdefault("reason", "Too small")
    return ReturnRequest.objects.create(order=order or create_order(), **fields)
