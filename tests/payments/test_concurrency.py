"""Simultaneous refunds of one payment never give back more than was captured."""

from decimal import Decimal
from functools import partial

import pytest

from apps.orders.models import OrderStatus
from apps.payments.exceptions import RefundExceedsCaptured
from apps.payments.models import Refund
from apps.payments.services import authorize_payment, capture_payment, refund_payment
from tests.concurrency import count_errors, run_at_once, successes
from tests.orders.factories import create_order
from tests.payments.conftest import card


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_ten_simultaneous_refunds_of_30_on_a_100_capture_let_exactly_three_through():
    payment = capture_payment(payment=authorize_payment(order=create_order(status=OrderStatus.DELIVERED), card=card()))
    refund = partial(refund_payment, payment=payment, amount="30", reason="Damaged", user=None)

    outcomes = run_at_once([refund] * 10)

    payment.refresh_from_db()
    assert (len(successes(outcomes)), count_errors(outcomes, RefundExceedsCaptured)) == (3, 7)
    assert (payment.amount_refunded, payment.status) == (Decimal("90.00"), "partially_refunded")
    assert Refund.objects.filter(payment=payment, status="succeeded").count() == 3
