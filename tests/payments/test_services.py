"""Payment services: every gateway outcome, capture, void and refunds."""

from decimal import Decimal

import pytest

from apps.inventory.models import StockMovement
from apps.inventory.services import release_reservations, reserve_stock
from apps.orders.models import OrderStatus
from apps.payments.exceptions import PaymentError, PaymentStateError, RefundExceedsCaptured
from apps.payments.models import Payment, PaymentTransaction, Refund
from apps.payments.services import (
    authorize_payment,
    capture_payment,
    pay_for_order,
    refund_payment,
    void_payment,
)
from tests.factories import create_product, create_staff, create_stock, create_warehouse
from tests.orders.factories import create_order
from tests.payments.conftest import card

pytestmark = pytest.mark.django_db


def transactions(payment):
    return list(payment.transactions.order_by("created_at").values_list("kind", "amount", "succeeded", "error_code"))


def test_an_accepted_card_authorises_the_order_total_and_keeps_only_brand_and_last_four(good_card):
    order = create_order(subtotal="80.00", shipping="5.00", tax="15.00")

    payment = authorize_payment(order=order, card=good_card)

    payment.refresh_from_db()
    assert (payment.status, payment.amount, payment.currency) == ("authorized", Decimal("100.00"), "USD")
    assert (payment.card_brand, payment.card_last_four, payment.gateway) == ("visa", "4242", "test")
    assert payment.gateway_reference.startswith("test_ch_")
    assert payment.authorized_at is not None
    assert transactions(payment) == [("authorize", Decimal("100.00"), True, "")]
    stored = str(list(Payment.objects.values())) + str(list(PaymentTransaction.objects.values()))
    assert "4242424242424242" not in stored


@pytest.mark.parametrize(
    ("number", "exp_year", "code", "message"),
    [
        ("4000000000000002", None, "card_declined", "Your card was declined."),
        ("4000000000009995", None, "insufficient_funds", "Your card has insufficient funds."),
        ("4242424242424241", None, "invalid_number", "Your card number is incorrect."),
        ("4242424242424242", 2021, "expired_card", "Your card has expired."),
    ],
)
def test_a_refused_card_leaves_a_failed_payment_with_the_reason(number, exp_year, code, message):
    order = create_order()
    refused = card(number=number) if exp_year is None else card(number=number, exp_year=exp_year)

    payment = authorize_payment(order=order, card=refused)

    payment.refresh_from_db()
    assert (payment.status, payment.failure_code, payment.failure_message) == ("failed", code, message)
    assert payment.gateway_reference is None
    assert transactions(payment) == [("authorize", Decimal("100.00"), False, code)]


def test_after_a_declined_payment_releasing_the_reservation_leaves_nothing_reserved():
    product = create_product()
    level = create_stock(product, create_warehouse(), on_hand=5)
    order = create_order(lines=[(product, 2)])
    reserve_stock(order=order, lines=[(product, None, 2)])

    payment = authorize_payment(order=order, card=card(number="4000000000000002"))
    release_reservations(order=order, reason=payment.failure_message)

    level.refresh_from_db()
    assert (level.quantity_on_hand, level.quantity_reserved) == (5, 0)
    assert StockMovement.objects.get(movement_type="release").reason == "Your card was declined."


def test_checkout_authorises_only_by_default(good_card):
    assert pay_for_order(order=create_order(), card=good_card).status == "authorized"


def test_checkout_captures_at_once_when_configured(good_card, settings):
    settings.PAYMENT_CAPTURE_ON_CHECKOUT = True

    payment = pay_for_order(order=create_order(), card=good_card)

    assert (payment.status, payment.amount_captured) == ("captured", Decimal("100.00"))
    assert [kind for kind, *_ in transactions(payment)] == ["authorize", "capture"]


def test_capturing_takes_the_whole_authorisation_or_part_of_it(good_card):
    whole = capture_payment(payment=authorize_payment(order=create_order(), card=good_card))
    part = capture_payment(payment=authorize_payment(order=create_order(), card=good_card), amount="60")

    assert (whole.status, whole.amount_captured) == ("captured", Decimal("100.00"))
    assert (part.status, part.amount_captured) == ("captured", Decimal("60.00"))
    assert part.captured_at is not None
    assert transactions(part)[-1] == ("capture", Decimal("60.00"), True, "")


def test_a_failed_payment_cannot_be_captured():
    payment = authorize_payment(order=create_order(), card=card(number="4000000000000002"))

    with pytest.raises(PaymentStateError, match="Cannot capture a payment that is failed."):
        capture_payment(payment=payment)


def test_voiding_drops_the_authorisation_and_a_voided_payment_cannot_be_captured(good_card):
    payment = void_payment(payment=authorize_payment(order=create_order(), card=good_card))

    assert payment.status == "voided"
    assert [kind for kind, *_ in transactions(payment)] == ["authorize", "void"]
    with pytest.raises(PaymentStateError, match="Cannot capture a payment that is voided."):
        capture_payment(payment=payment)


def captured(good_card, order=None, amount=None):
    payment = authorize_payment(order=order or create_order(status=OrderStatus.DELIVERED), card=good_card)
    return capture_payment(payment=payment, amount=amount)


def test_partial_refunds_add_up_to_a_refunded_payment(good_card):
    staff = create_staff()
    payment = captured(good_card)

    first = refund_payment(payment=payment, amount="30", reason="Scratched", user=staff)
    payment.refresh_from_db()
    assert (payment.status, payment.amount_refunded, payment.order.status) == (
        "partially_refunded",
        Decimal("30.00"),
        "delivered",
    )

    refund_payment(payment=payment, amount="70.00", reason="Returned the rest", user=staff)
    payment.refresh_from_db()
    assert (payment.status, payment.amount_refunded) == ("refunded", Decimal("100.00"))
    assert (first.status, first.amount, first.reason, first.created_by) == (
        "succeeded",
        Decimal("30.00"),
        "Scratched",
        staff,
    )
    # Money primitives never move the order: apps.fulfilment.refund does that.
    order = payment.order
    order.refresh_from_db()
    assert (order.status, order.status_history.exists()) == ("delivered", False)


def test_a_refund_above_what_is_left_is_refused_and_changes_nothing(good_card):
    payment = captured(good_card)
    refund_payment(payment=payment, amount="80", reason="Broken", user=None)

    with pytest.raises(RefundExceedsCaptured) as refused:
        refund_payment(payment=payment, amount="20.01", reason="More", user=None)

    assert refused.value.message == "Cannot refund 20.01 USD: only 20.00 USD of this payment is left to refund."
    payment.refresh_from_db()
    assert payment.amount_refunded == Decimal("80.00")
    assert Refund.objects.count() == 1


def test_the_refund_cap_is_what_was_captured_not_what_was_authorised(good_card):
    payment = captured(good_card, amount="60")

    with pytest.raises(RefundExceedsCaptured, match="only 60.00 USD"):
        refund_payment(payment=payment, amount="61", reason="Too much", user=None)


def test_an_authorised_payment_cannot_be_refunded(good_card):
    payment = authorize_payment(order=create_order(), card=good_card)

    with pytest.raises(PaymentStateError, match="Cannot refund a payment that is authorised."):
        refund_payment(payment=payment, amount="10", reason="x", user=None)


def test_a_payment_is_captured_in_parts_never_beyond_the_authorisation(good_card):
    payment = authorize_payment(order=create_order(), card=good_card)
    capture_payment(payment=payment, amount="27.08")
    payment = capture_payment(payment=payment, amount="60.00")
    assert (payment.status, payment.amount_captured) == ("captured", Decimal("87.08"))

    with pytest.raises(PaymentError, match="between 0.01 and 12.92 USD: 87.08 of 100.00 is already captured."):
        capture_payment(payment=payment, amount="13.00")
    payment = capture_payment(payment=payment)
    assert payment.amount_captured == Decimal("100.00")
    assert [amount for kind, amount, *_ in transactions(payment) if kind == "capture"] == [
        Decimal("27.08"),
        Decimal("60.00"),
        Decimal("12.92"),
    ]
