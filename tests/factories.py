"""Plain create_* helpers for test data (django-oscar style): explicit, no magic, real rows.

Each helper fills what a test does not care about with valid values; pass what it does care about.
"""

import itertools
from decimal import Decimal

from apps.accounts.models import Address, User
from apps.catalog.models import Brand, Category, Product, ProductImage, ProductVariant
from apps.inventory.models import StockLevel, Warehouse
from apps.promotions.models import Coupon, DiscountType
from apps.shipping.models import ShippingMethod, ShippingZone

_seq = itertools.count(1)


def _n():
    return next(_seq)


def create_user(email=None, password="correct horse battery", **fields):
    return User.objects.create_user(email or f"user{_n()}@example.com", password, **fields)


def create_staff(email=None, **fields):
    fields.setdefault("is_staff", True)
    fields.setdefault("role", User.Role.ADMIN)
    return create_user(email or f"staff{_n()}@example.com", **fields)


# A complete, deliverable US address.
ADDRESS = {
    "first_name": "Ada",
    "last_name": "Lovelace",
    "address_line_1": "12 Analytical Row",
    "city": "Springfield",
    "state": "IL",
    "postal_code": "62701",
    "country_code": "US",
}


def create_address(user, **fields):
    return Address.objects.create(user=user, **{**ADDRESS, **fields})


def create_category(name=None, parent=None, **fields):
    n = _n()
    name = name or f"Category {n}"
    return Category.objects.create(name=name, slug=fields.pop("slug", f"category-{n}"), parent=parent, **fields)


def create_brand(name=None, **fields):
    n = _n()
    return Brand.objects.create(name=name or f"Brand {n}", slug=fields.pop("slug", f"brand-{n}"), **fields)


def create_product(name=None, price="10.00", **fields):
    n = _n()
    values = {"slug": f"product-{n}", "sku": f"SKU-{n:06d}", "price": Decimal(price)}
    values.update(fields)
    return Product.objects.create(name=name or f"Product {n}", **values)


def create_variant(product, name=None, price=None, **fields):
    n = _n()
    values = {"sku": f"VAR-{n:06d}", "price": Decimal(price) if price is not None else product.price}
    values.update(fields)
    return ProductVariant.objects.create(product=product, name=name or f"Variant {n}", **values)


def create_image(product, **fields):
    return ProductImage.objects.create(product=product, url=fields.pop("url", f"/static/img/p{_n()}.jpg"), **fields)


def create_warehouse(code=None, **fields):
    n = _n()
    return Warehouse.objects.create(code=code or f"WH-{n}", name=fields.pop("name", f"Warehouse {n}"), **fields)


def create_stock(product, warehouse=None, on_hand=10, variant=None, **fields):
    """A stock level row as receiving goods would leave it (services keep the ledger in real use)."""
    return StockLevel.objects.create(
        warehouse=warehouse or create_warehouse(), product=product, variant=variant, quantity_on_hand=on_hand, **fields
    )


def create_coupon(code=None, discount_type=DiscountType.PERCENTAGE, value="10", **fields):
    return Coupon.objects.create(
        code=code or f"SAVE{_n()}", discount_type=discount_type, discount_value=Decimal(value), **fields
    )


def create_shipping_method(name="Standard", price="5.00", countries=("US",), states=(), **fields):
    zone = fields.pop("zone", None) or ShippingZone.objects.create(
        name=f"Zone {_n()}", countries=list(countries), states=list(states)
    )
    fields.setdefault("estimated_days", 5)
    return ShippingMethod.objects.create(zone=zone, name=name, price=Decimal(price), **fields)
