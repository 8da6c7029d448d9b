"""Every constraint of the catalog tables refuses a row written past Django's validation."""

from decimal import Decimal

import pytest

from tests.factories import create_brand, create_category, create_image, create_product, create_variant
from tests.model_factories import refused_by, write

pytestmark = pytest.mark.django_db


def category_its_own_parent():
    category = create_category()
    write(category, parent=category)


def second_primary_image():
    product = create_product()
    create_image(product, is_primary=True)
    create_image(product, is_primary=True)


def duplicate_variant_sku():
    product = create_product()
    create_variant(product, sku="MUG-L")
    create_variant(product, sku="MUG-L")


VIOLATIONS = {
    "idx_categories_slug": lambda: (create_category(slug="shoes"), create_category(slug="shoes")),
    "categories_not_own_parent": category_its_own_parent,
    "brands_slug_key": lambda: (create_brand(slug="acme"), create_brand(slug="acme")),
    "idx_products_slug": lambda: (create_product(slug="mug"), create_product(slug="mug")),
    "idx_products_sku": lambda: (create_product(sku="MUG-1"), create_product(sku="MUG-1")),
    "products_price_positive": lambda: write(create_product(), price=Decimal("-0.01")),
    "products_compare_price": lambda: write(create_product(price="10.00"), compare_at_price=Decimal("10.00")),
    "products_cost_price_positive": lambda: write(create_product(), cost_price=Decimal("-1")),
    "products_stock_non_negative": lambda: write(create_product(), stock_quantity=-1),
    "product_variants_sku_key": duplicate_variant_sku,
    "product_variants_price_positive": lambda: write(create_variant(create_product()), price=Decimal("-1")),
    "product_variants_compare_price": lambda: write(
        create_variant(create_product(), price="8.00"), compare_at_price=Decimal("7.99")
    ),
    "product_variants_stock_non_negative": lambda: write(create_variant(create_product()), stock_quantity=-1),
    "product_images_one_primary": second_primary_image,
}


@pytest.mark.parametrize("constraint", VIOLATIONS)
def test_the_database_refuses_a_row_that_breaks(constraint):
    with refused_by(constraint):
        VIOLATIONS[constraint]()


def test_a_free_product_and_a_real_markdown_are_allowed():
    free = create_product(price="0.00")
    marked_down = create_product(price="10.00", compare_at_price=Decimal("12.50"))

    assert (free.price, marked_down.compare_at_price) == (Decimal("0.00"), Decimal("12.50"))
