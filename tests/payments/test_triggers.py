"""A customer's lifetime spend, order count and last order follow captured payments and refunds."""

import datetime
from decimal import Decimal

import pytest

from apps.payments.models import Payment, Refund
from tests.analytics.factories import create_order, create_payment, create_refund
from tests.factories import create_product, create_user

pytestmark = pytest.mark.django_db

MAY_1 = datetime.datetime(2026, 5, 1, 10, tzinfo=datetime.UTC)
MAY_9 = datetime.datetime(2026, 5, 9, 10, tzinfo=datetime.UTC)


def spending(user):
    user.refresh_from_db()
    return user.lifetime_spend, user.order_count, user.last_order_at


def test_an_authorised_payment_is_not_spending_yet():
    user = create_user()
    order = create_order(user, [(create_product(price="30.00"), 1)], placed_at=MAY_1)
    create_payment(order, status="authorized")

    assert spending(user) == (Decimal("0.00"), 0, None)


def test_capturing_payments_adds_the_orders_totals():
    user = create_user()
    product = create_product(price="30.00")
    first = create_order(user, [(product, 1)], shipping="5.00", placed_at=MAY_1)
    second = create_order(user, [(product, 2)], placed_at=MAY_9)
    payment = create_payment(first, status="authorized")
    create_payment(second)

    Payment.objects.filter(pk=payment.pk).update(status="captured", amount_captured=Decimal("35.00"))

    assert spending(user) == (Decimal("95.00"), 2, MAY_9)


def test_succeeded_refunds_lower_the_spend_but_the_order_still_counts():
    user = create_user()
    order = create_order(user, [(create_product(price="40.00"), 1)], placed_at=MAY_1)
    payment = create_payment(order)

    create_refund(payment, "15.00", status="pending")
    assert spending(user) == (Decimal("40.00"), 1, MAY_1)

    refund = create_refund(payment, "10.00")
    assert spending(user) == (Decimal("30.00"), 1, MAY_1)

    Refund.objects.filter(payment=payment, status="pending").update(status="succeeded")
    Payment.objects.filter(pk=payment.pk).update(status="partially_refunded", amount_refunded=Decimal("25.00"))
    assert spending(user) == (Decimal("15.00"), 1, MAY_1)

    Refund.objects.filter(pk=refund.pk).update(status="failed")
    assert spending(user) == (Decimal("25.00"), 1, MAY_1)


def test_a_failed_or_voided_payment_takes_the_order_out_of_the_figures():
    user = create_user()
    order = create_order(user, [(create_product(price="12.00"), 1)], placed_at=MAY_1)
    payment = create_payment(order)

    Payment.objects.filter(pk=payment.pk).update(status="voided", amount_captured=Decimal("0.00"))

    assert spending(user) == (Decimal("0.00"), 0, None)


def test_capturing_a_guest_order_is_accepted_and_changes_no_customer():
    customer = create_user()
    order = create_order(None, [(create_product(price="12.00"), 1)])

    create_payment(order)

    assert Payment.objects.get(order=order).amount_captured == Decimal("12.00")
    assert spending(customer) == (Decimal("0.00"), 0, None)
