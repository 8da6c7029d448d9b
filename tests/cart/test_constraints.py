"""Every constraint of the cart tables refuses a row written past Django's validation."""

from decimal import Decimal

import pytest

from apps.cart.models import Cart, TaxRate
from tests.factories import create_product, create_user
from tests.model_factories import create_cart, create_cart_item, refused_by, write

pytestmark = pytest.mark.django_db


def second_line_for_the_same_product():
    cart, product = create_cart(), create_product()
    create_cart_item(cart, product)
    create_cart_item(cart, product)


def tax_rate(**fields):
    return TaxRate.objects.create(**{"country_code": "US", "state": "IL", "rate": Decimal("0.0625"), **fields})


def second_cart_for_a_user():
    user = create_user()
    create_cart(user)
    create_cart(user)


VIOLATIONS = {
    "carts_has_owner": lambda: Cart.objects.create(),
    "idx_carts_user_id": second_cart_for_a_user,
    "idx_carts_session_id": lambda: (create_cart(session_id="tok"), create_cart(session_id="tok")),
    "cart_items_quantity_positive": lambda: write(create_cart_item(), quantity=0),
    "cart_items_unit_price_non_negative": lambda: write(create_cart_item(), unit_price=Decimal("-1")),
    "idx_cart_items_product_variant": second_line_for_the_same_product,
    "tax_rates_region_key": lambda: (tax_rate(), tax_rate()),
    "tax_rates_rate_range": lambda: tax_rate(rate=Decimal("1.0000")),
}


@pytest.mark.parametrize("constraint", VIOLATIONS)
def test_the_database_refuses_a_row_that_breaks(constraint):
    with refused_by(constraint):
        VIOLATIONS[constraint]()
