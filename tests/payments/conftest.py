from datetime import date

import pytest

from apps.payments.gateways import Card

NEXT_YEAR = date.today().year + 1


def card(number="4242424242424242", exp_month=12, exp_year=NEXT_YEAR):
    return Card(number=number, exp_month=exp_month, exp_year=exp_year, cvc="314")


@pytest.fixture
def good_card():
    return card()
