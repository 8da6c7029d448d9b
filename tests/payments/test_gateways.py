"""The built-in test gateway and card helpers: deterministic, offline, no card data kept."""

from datetime import date
from decimal import Decimal

import pytest

from apps.payments.gateways import Card, TestGateway, detect_brand, get_gateway, luhn_valid

NEXT_YEAR = date.today().year + 1


@pytest.mark.parametrize(
    ("number", "brand"),
    [
        ("4242424242424242", "visa"),
        ("5555555555554444", "mastercard"),
        ("2223003122003222", "mastercard"),
        ("378282246310005", "amex"),
        ("6011111111111117", "discover"),
        ("6445644564456445", "discover"),
        ("3056930009020004", ""),
    ],
)
def test_the_brand_comes_from_the_number_prefix(number, brand):
    assert detect_brand(number) == brand


def test_the_luhn_check_accepts_valid_numbers_and_refuses_a_changed_digit():
    assert luhn_valid("4242424242424242")
    assert not luhn_valid("4242424242424241")


def test_a_card_never_shows_its_number_or_cvc():
    card = Card(number="4242 4242 4242 4242", exp_month=12, exp_year=NEXT_YEAR, cvc="123")

    assert "4242424242424242" not in repr(card)
    assert "123" not in repr(card)
    assert (card.brand, card.last_four) == ("visa", "4242")


@pytest.mark.parametrize(
    ("number", "exp_year", "outcome"),
    [
        ("4242424242424242", NEXT_YEAR, (True, "", "")),
        ("5555555555554444", NEXT_YEAR, (True, "", "")),
        ("4000000000000002", NEXT_YEAR, (False, "card_declined", "Your card was declined.")),
        ("4000000000009995", NEXT_YEAR, (False, "insufficient_funds", "Your card has insufficient funds.")),
        ("4242424242424241", NEXT_YEAR, (False, "invalid_number", "Your card number is incorrect.")),
        ("4242424242424242", 2020, (False, "expired_card", "Your card has expired.")),
    ],
)
def test_test_cards_answer_like_stripe_test_mode(number, exp_year, outcome):
    result = TestGateway().authorize(Decimal("10.00"), "USD", Card(number=number, exp_month=1, exp_year=exp_year))

    assert (result.succeeded, result.error_code, result.error_message) == outcome
    assert number not in str(result.data)


def test_the_configured_gateway_is_the_test_gateway_by_default():
    assert isinstance(get_gateway(), TestGateway)
