"""Simultaneous refunds of one payment never give back more than was captured."""

import threading
from decimal import Decimal

import pytest
from django.db import connection

from apps.orders.models import OrderStatus
from apps.payments.exceptions import RefundExceedsCaptured
from apps.payments.models import Refund
from apps.payments.services import authorize_payment, capture_payment, refund_payment
from tests.orders.factories import create_order
from tests.payments.conftest import card


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_ten_simultaneous_refunds_of_30_on_a_100_capture_let_exactly_three_through():
    payment = capture_payment(payment=authorize_payment(order=create_order(status=OrderStatus.DELIVERED), card=card()))
    barrier = threading.Barrier(10)
    outcomes = []

    def refund():
        try:
            barrier.wait(timeout=30)
            refund_payment(payment=payment, amount="30", reason="Damaged", user=None)
            outcomes.append("refunded")
        except RefundExceedsCaptured:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=refund) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    payment.refresh_from_db()
    assert (outcomes.count("refunded"), outcomes.count("refused")) == (3, 7)
    assert (payment.amount_refunded, payment.status) == (Decimal("90.00"), "partially_refunded")
    assert Refund.objects.filter(payment=payment, status="succeeded").count() == 3
