"""Every constraint of the payment tables refuses a row written past Django's validation."""

from decimal import Decimal

import pytest

from apps.payments.models import PaymentMethod, PaymentTransaction
from tests.factories import create_user
from tests.model_factories import create_payment, create_refund, refused_by, write

pytestmark = pytest.mark.django_db


def saved_card(user=None, **fields):
    values = {"token": b"tok", "card_brand": "visa", "card_last_four": "4242", "exp_month": 12, "exp_year": 2030}
    values.update(fields)
    return PaymentMethod.objects.create(user=user or create_user(), **values)


def second_default_card():
    user = create_user()
    saved_card(user, is_default=True)
    saved_card(user, is_default=True)


VIOLATIONS = {
    "payments_gateway_reference_key": lambda: (
        create_payment(gateway_reference="ch_1"),
        create_payment(gateway_reference="ch_1"),
    ),
    "payments_status_check": lambda: write(create_payment(), status="lost"),
    "payments_amount_positive": lambda: write(create_payment(), amount=Decimal("0")),
    "payments_captured_within_amount": lambda: write(create_payment(amount="20.00"), amount_captured=Decimal("20.01")),
    "payments_refunded_within_captured": lambda: write(
        create_payment(amount="20.00", amount_captured=Decimal("10.00")), amount_refunded=Decimal("10.01")
    ),
    "payments_card_last_four_digits": lambda: write(create_payment(), card_last_four="42x2"),
    "refunds_amount_positive": lambda: write(create_refund(), amount=Decimal("0")),
    "refunds_status_check": lambda: write(create_refund(), status="lost"),
    "payment_transactions_amount_non_negative": lambda: PaymentTransaction.objects.create(
        payment=create_payment(), kind="capture", amount=Decimal("-1"), succeeded=True
    ),
    "payment_methods_one_default": second_default_card,
    "payment_methods_exp_month_range": lambda: saved_card(exp_month=13),
    "payment_methods_card_last_four_digits": lambda: saved_card(card_last_four="424"),
}


@pytest.mark.parametrize("constraint", VIOLATIONS)
def test_the_database_refuses_a_row_that_breaks(constraint):
    with refused_by(constraint):
        VIOLATIONS[constraint]()
