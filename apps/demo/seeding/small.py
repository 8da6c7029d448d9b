"""The small demo shop for `make run`: a real little catalogue and orders placed through the real services.

Every step looks its rows up by a natural key (slug, SKU, code) before creating them, so running the
loader again creates nothing twice.
"""

import datetime
import secrets
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from apps.accounts.models import Address, User
from apps.cart.models import TaxRate
from apps.cart.services import add_item, apply_coupon_to_cart, get_or_create_user_cart
from apps.catalog.models import Brand, Category, Product, ProductImage, ProductVariant
from apps.checkout.services import place_order
from apps.core.money import to_money
from apps.fulfilment import services as fulfilment
from apps.inventory.models import StockLevel, Supplier, Warehouse
from apps.inventory.services import receive_stock
from apps.orders.models import Order, OrderStatus
from apps.payments.gateways import Card
from apps.planning.models import SupplierProduct
from apps.promotions.models import Coupon, Promotion, PromotionRule
from apps.reviews.models import ProductReview
from apps.shipping.models import Carrier, ShippingMethod, ShippingZone

from ..people import DEMO_CUSTOMERS, DEMO_PASSWORD
from . import shop_data as data
from .images import stem_for, write_product_image

DEMO_ADDRESSES = {
    "ada@example.com": ("12 Analytical Way", "San Francisco", "CA", "94105", "US"),
    "grace@example.com": ("1 Compiler Street", "New York", "NY", "10001", "US"),
    "alan@example.com": ("Enigmastraße 7", "Berlin", "", "10115", "DE"),
}
TEST_CARD = "4242 4242 4242 4242"


def _count(counts, kind, created):
    counts[kind] = counts.get(kind, 0) + int(created)


def load_demo_customers(counts) -> dict[str, User]:
    customers = {}
    for email, first_name, last_name in DEMO_CUSTOMERS:
        user = User.all_objects.filter(email__iexact=email).first()
        _count(counts, "customers", user is None)
        if user is None:
            user = User.objects.create_user(
                email, DEMO_PASSWORD, first_name=first_name, last_name=last_name, email_verified=True
            )
        customers[email] = user
        line_1, city, state, postal_code, country = DEMO_ADDRESSES[email]
        _, created = Address.objects.get_or_create(
            user=user,
            address_type="shipping",
            is_default=True,
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "address_line_1": line_1,
                "city": city,
                "state": state,
                "postal_code": postal_code,
                "country_code": country,
            },
        )
        _count(counts, "addresses", created)
    return customers


def load_configuration(counts) -> None:
    """Carriers, shipping zones and methods, tax rates, coupons, the promotion and email templates."""
    carriers = {}
    for code, name, url in data.CARRIERS:
        carriers[code], created = Carrier.objects.get_or_create(
            # A webhook secret each, so the simulated carrier can report their parcels (advance_shipment).
            code=code,
            defaults={"name": name, "tracking_url_template": url, "webhook_secret": secrets.token_hex(32)},
        )
        _count(counts, "carriers", created)
    for zone_name, countries, states, methods in data.SHIPPING_ZONES:
        zone, created = ShippingZone.objects.get_or_create(
            name=zone_name, defaults={"countries": countries, "states": states}
        )
        _count(counts, "shipping_zones", created)
        for sort_order, (name, carrier, price, free_above, days) in enumerate(methods):
            _, created = ShippingMethod.objects.get_or_create(
                zone=zone,
                name=name,
                defaults={
                    "carrier": carriers[carrier],
                    "price": price,
                    "free_above": free_above,
                    "estimated_days": days,
                    "sort_order": sort_order,
                },
            )
            _count(counts, "shipping_methods", created)
    for country, state, rate, name, on_shipping in data.TAX_RATES:
        _, created = TaxRate.objects.get_or_create(
            country_code=country,
            state=state,
            defaults={"rate": rate, "name": name, "applies_to_shipping": on_shipping},
        )
        _count(counts, "tax_rates", created)
    for code, kind, value, minimum, description in data.COUPONS:
        _, created = Coupon.objects.get_or_create(
            code=code,
            defaults={
                "discount_type": kind,
                "discount_value": value,
                "min_order_amount": minimum,
                "description": description,
            },
        )
        _count(counts, "coupons", created)
    promotion, created = Promotion.objects.get_or_create(
        name="Spend $150, save 5 %",
        defaults={"discount_type": "percentage", "discount_value": Decimal("5.00"), "priority": 10},
    )
    if created:
        PromotionRule.objects.create(promotion=promotion, rule_type="min_subtotal", value="150.00")
    _count(counts, "promotions", created)


def describe(leaf_name, name, brand, attributes) -> str:
    """A description as the shop would write it, from the category's template and the attributes."""
    detail = " ".join(data.DETAILS[key].format(value) for key, value in attributes.items() if key in data.DETAILS)
    return data.DESCRIPTIONS[leaf_name].format(name=name, brand=brand.name, detail=detail)


def _product(leaf, brand, index, spec) -> tuple[Product, bool]:
    name, price, compare_at, tags, attributes = spec
    sku = f"{slugify(leaf)[:6].upper()}-{index + 1:03d}"
    return Product.all_objects.get_or_create(
        sku=sku,
        defaults={
            "category": leaf,
            "brand": brand,
            "name": name,
            "slug": slugify(name),
            "description": describe(leaf.name, name, brand, attributes),
            "price": price,
            "compare_at_price": compare_at,
            "cost_price": (price * Decimal("0.55")).quantize(Decimal("0.01")),
            "attributes": attributes,
            "tags": tags,
            "weight_grams": 250 + 50 * index,
            "is_featured": index == 0,
        },
    )


def _variants(product) -> list[ProductVariant]:
    variants = []
    for sort_order, (size, colour) in enumerate((s, c) for c in data.COLOURS for s in data.SIZES):
        variant, _ = ProductVariant.objects.get_or_create(
            sku=f"{product.sku}-{size}-{colour[:3].upper()}",
            defaults={
                "product": product,
                "name": f"{size} / {colour}",
                "price": product.price,
                "option_values": {"size": size, "color": colour},
                "sort_order": sort_order,
            },
        )
        variants.append(variant)
    return variants


def _pictures(product, variants, *, kind) -> None:
    """The product's pictures: one per colour, each tied to the first variant of that colour (the
    product page shows it when the colour is chosen), the first colour's the primary; else one."""
    firsts = {}
    for variant in variants:
        firsts.setdefault(variant.option_values.get("color", ""), variant)
    for sort_order, (colour, variant) in enumerate((firsts or {"": None}).items()):
        url = write_product_image(kind, product.name, stem_for(product.slug, colour), colour)
        ProductImage.objects.create(
            product=product,
            variant=variant,
            url=url,
            alt_text=f"{product.name} in {colour.lower()}" if colour else product.name,
            sort_order=sort_order,
            is_primary=sort_order == 0,
        )


def load_catalog(counts) -> list[tuple[Product, ProductVariant | None]]:
    """Categories, brands and products with images and variants; returns the sellable units."""
    brands = {}
    for name in data.BRANDS:
        brands[name], created = Brand.objects.get_or_create(slug=slugify(name), defaults={"name": name})
        _count(counts, "brands", created)
    units = []
    for parent_name, leaf_name, image in data.CATEGORY_TREE:
        parent, created = Category.objects.get_or_create(slug=slugify(parent_name), defaults={"name": parent_name})
        _count(counts, "categories", created)
        leaf, created = Category.objects.get_or_create(
            slug=slugify(leaf_name), defaults={"name": leaf_name, "parent": parent}
        )
        _count(counts, "categories", created)
        brand_name, specs = data.PRODUCTS[leaf_name]
        for index, spec in enumerate(specs):
            product, created = _product(leaf, brands[brand_name], index, spec)
            _count(counts, "products", created)
            variants = _variants(product) if leaf_name in data.APPAREL_LEAVES else []
            if created:
                _pictures(product, variants, kind=image)
            units.extend((product, variant) for variant in variants or [None])
    return units


def load_stock(units, counts) -> None:
    """Two warehouses; a few units run low, one product is sold out. Stock arrives through the ledger."""
    warehouses = []
    for code, name, city, state, country, priority in data.WAREHOUSES:
        warehouse, created = Warehouse.objects.get_or_create(
            code=code,
            defaults={"name": name, "city": city, "state": state, "country_code": country, "priority": priority},
        )
        warehouses.append(warehouse)
        _count(counts, "warehouses", created)
    suppliers = []
    for name, email, lead_time in data.SUPPLIERS:
        supplier, created = Supplier.objects.get_or_create(
            name=name, defaults={"email": email, "lead_time_days": lead_time}
        )
        suppliers.append(supplier)
        _count(counts, "suppliers", created)
    for position, (product, variant) in enumerate(units):
        # What planning orders from: each item's supplier, its cost (60 % of the price) and packs of 6.
        _, created = SupplierProduct.objects.get_or_create(
            supplier=suppliers[position % len(suppliers)],
            product=product,
            variant=variant,
            defaults={"cost": to_money((variant.price if variant else product.price) * Decimal("0.6")), "pack_size": 6},
        )
        _count(counts, "supplier links", created)
    if StockLevel.objects.exists():
        return
    for position, (product, variant) in enumerate(units):
        if product.name == "Senior Easy Phone":
            continue  # the sold-out product of the demo
        low = position % 9 == 4
        for warehouse in warehouses:
            receive_stock(
                warehouse=warehouse,
                product=product,
                variant=variant,
                quantity=3 if low else 20 + position % 30,
                supplier=suppliers[position % len(suppliers)],
                reference="DEMO-PO-1",
            )
    # The small shop has no sales history to plan from: its points are set by hand (and shown as such).
    StockLevel.objects.update(reorder_point=5, reorder_quantity=25, reorder_point_manual=True)


def load_reviews(customers, counts) -> None:
    authors = list(customers.values())
    for position, (product_name, rating, title, content) in enumerate(data.REVIEWS):
        _, created = ProductReview.objects.get_or_create(
            product=Product.objects.get(name=product_name),
            user=authors[position % len(authors)],
            defaults={
                "rating": rating,
                "title": title,
                "content": content,
                "is_approved": True,
                "moderated_at": timezone.now(),
            },
        )
        _count(counts, "reviews", created)


# (customer, [(product name, variant name or "", quantity)], coupon, final status)
DEMO_ORDERS = [
    (
        "ada@example.com",
        [("Studio Wireless Headphones", "", 1), ("Organic Crew T-shirt", "M / Black", 2)],
        "",
        OrderStatus.DELIVERED,
    ),
    ("ada@example.com", [("PostgreSQL in Depth", "", 1)], "", OrderStatus.SHIPPED),
    ("grace@example.com", [("Cast Iron Skillet 26 cm", "", 1)], "SAVE5", OrderStatus.CONFIRMED),
    ("grace@example.com", [("Pocket Bluetooth Speaker", "", 1)], "", OrderStatus.CANCELLED),
    ("alan@example.com", [("Zip Hoodie", "L / Navy", 1)], "WELCOME10", OrderStatus.DELIVERED),
]


def _place(user, lines, coupon) -> Order:
    cart = get_or_create_user_cart(user=user)
    for product_name, variant_name, quantity in lines:
        product = Product.objects.get(name=product_name)
        variant = product.variants.get(name=variant_name) if variant_name else None
        add_item(cart=cart, product=product, variant=variant, quantity=quantity)
    if coupon:
        apply_coupon_to_cart(cart=cart, code=coupon, user=user)
    address = user.addresses.get(is_default=True)
    methods = ShippingMethod.objects.select_related("zone").filter(
        zone__countries__contains=[address.country_code], name__startswith="Standard"
    )
    today = timezone.localdate()
    return place_order(
        cart=cart,
        customer_email=user.email,
        shipping_address={f: getattr(address, f) for f in _ADDRESS_FIELDS},
        shipping_method_id=_method_for(address, methods).pk,
        card=Card(number=TEST_CARD, exp_month=12, exp_year=today.year + 3, cvc="123"),
        user=user,
    )


_ADDRESS_FIELDS = ["first_name", "last_name", "address_line_1", "city", "state", "postal_code", "country_code"]


def _method_for(address, methods):
    """The standard method of the zone that serves the address's state (or its whole country)."""
    for method in methods:
        if not method.zone.states or address.state in method.zone.states:
            return method
    raise LookupError(f"No demo shipping method for {address.country_code}-{address.state}")


def _advance(order, status) -> Order:
    if status == OrderStatus.CANCELLED:
        return fulfilment.cancel(order=order, reason="Changed my mind")
    if status in (OrderStatus.SHIPPED, OrderStatus.DELIVERED):
        order = fulfilment.start_processing(order=order)
        fulfilment.ship(
            order=order,
            carrier=Carrier.objects.get(code="ups"),
            tracking_number=f"1Z{order.order_number[-6:]}",
            estimated_delivery=timezone.localdate() + datetime.timedelta(days=5),
        )
    if status == OrderStatus.DELIVERED:
        order = fulfilment.deliver(order=order, notes="Left with a neighbour")
    return order


def load_orders(customers, counts) -> None:
    """Orders of the demo customers, placed, paid, shipped and delivered by the real services."""
    if Order.objects.filter(user__in=customers.values()).exists():
        return
    for email, lines, coupon, status in DEMO_ORDERS:
        _advance(_place(customers[email], lines, coupon), status)
        _count(counts, "orders", True)


STEPS = ["customers", "configuration", "catalog", "stock", "reviews", "orders"]


def load_small(*, progress=lambda step: None) -> dict[str, int]:
    """Create the small demo shop; running it again creates nothing twice. Returns what was created."""
    counts = {}
    with transaction.atomic():
        customers = load_demo_customers(counts)
        progress(1)
        load_configuration(counts)
        progress(1)
        units = load_catalog(counts)
        progress(1)
        load_stock(units, counts)
        progress(1)
        load_reviews(customers, counts)
        progress(1)
    # Each order is its own transaction, as a shopper's checkout would be.
    load_orders(customers, counts)
    progress(1)
    return counts
