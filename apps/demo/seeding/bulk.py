"""The medium and large demo data sets, generated deterministically and loaded with COPY.

Row triggers would cost one function call (and for the audit trigger, one more row) per loaded row,
so the bulk tables' user triggers are disabled inside the load transaction and re-enabled before it
commits. Everything they would have maintained is generated here consistently instead (item and
order totals) or recomputed afterwards by set-based UPDATEs that use the triggers' own definitions
(stock sums, customer spending, ratings, search documents, coupon use counts, revenue by category
and day).
"""

import datetime
import json
import random
import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from apps.analytics.services import rebuild_category_revenue
from apps.cart.models import TaxRate
from apps.core.models import ADDRESS_FIELDS
from apps.core.money import to_money
from apps.orders.models import Order
from apps.planning.services import refresh_demand_history
from apps.promotions.models import Coupon
from apps.shipping.models import ShippingMethod

from ..people import DEMO_PASSWORD
from .copy import CopyLoader
from .demand import DemandModel
from .exceptions import DemoDataExists
from .small import load_configuration, load_demo_customers


@dataclass(frozen=True)
class Scale:
    customers: int
    products: int
    orders: int


SIZES = {
    "tiny": Scale(customers=200, products=50, orders=500),  # for the test suite
    "medium": Scale(customers=10_000, products=2_000, orders=100_000),
    "large": Scale(customers=100_000, products=20_000, orders=1_000_000),
}

BULK_TABLES = [
    "users",
    "user_addresses",
    "categories",
    "brands",
    "products",
    "product_variants",
    "product_images",
    "product_reviews",
    "warehouses",
    "warehouse_stock",
    "suppliers",
    "supplier_products",
    "stock_movements",
    "orders",
    "order_items",
    "order_addresses",
    "payments",
    "refunds",
    "order_shipments",
    "order_status_history",
    "coupon_usage",
]
# Truncated by --reset (CASCADE reaches carts, reservations, returns, wishlists, ...). Shipping,
# taxes and email templates are configuration and stay.
SHOP_TABLES = [
    "orders",
    "products",
    "categories",
    "brands",
    "warehouses",
    "suppliers",
    "coupons",
    "promotions",
    "user_addresses",
    "carts",
    "forecast_runs",
]

FIRST_NAMES = [
    "Ada",
    "Grace",
    "Alan",
    "Edsger",
    "Barbara",
    "Donald",
    "Margaret",
    "Ken",
    "Radia",
    "Linus",
    "Frances",
    "Dennis",
    "Hedy",
    "John",
    "Sophie",
]
LAST_NAMES = [
    "Lovelace",
    "Hopper",
    "Turing",
    "Dijkstra",
    "Liskov",
    "Knuth",
    "Hamilton",
    "Thompson",
    "Perlman",
    "Torvalds",
    "Allen",
    "Ritchie",
]
CITIES = [("San Francisco", "CA"), ("New York", "NY"), ("Austin", "TX"), ("Seattle", "WA"), ("Denver", "CO")]
DEPARTMENTS = ["Electronics", "Home", "Apparel", "Books", "Sports", "Toys", "Garden", "Beauty", "Office", "Outdoors"]
NOUNS = [
    "Lamp",
    "Mug",
    "Jacket",
    "Speaker",
    "Chair",
    "Bottle",
    "Backpack",
    "Notebook",
    "Kettle",
    "Blanket",
    "Watch",
    "Shoe",
    "Board",
    "Pan",
    "Case",
]
ADJECTIVES = [
    "Classic",
    "Compact",
    "Deluxe",
    "Eco",
    "Smart",
    "Urban",
    "Vintage",
    "Pro",
    "Lite",
    "Rugged",
    "Soft",
    "Modern",
    "Travel",
]
ORDER_COLUMNS = [
    "id",
    "user_id",
    "order_number",
    "status",
    "currency",
    "subtotal",
    "discount",
    "tax",
    "shipping",
    "total",
    "customer_email",
    "customer_phone",
    "coupon_code",
    "shipping_method_id",
    "shipping_method_name",
    "customer_notes",
    "placed_at",
    "cancelled_at",
    "created_at",
    "updated_at",
]
# The path of each final status through the state machine.
PATHS = {
    "pending": ["pending"],
    "confirmed": ["pending", "confirmed"],
    "processing": ["pending", "confirmed", "processing"],
    "shipped": ["pending", "confirmed", "processing", "shipped"],
    "delivered": ["pending", "confirmed", "processing", "shipped", "delivered"],
    "cancelled": ["pending", "confirmed", "cancelled"],
    "refunded": ["pending", "confirmed", "processing", "shipped", "delivered", "refunded"],
}
PAYMENT_STATUS = {
    "confirmed": "authorized",
    "processing": "authorized",
    "shipped": "captured",
    "delivered": "captured",
    "cancelled": "voided",
    "refunded": "refunded",
}
CHUNK = 20_000


def has_demo_orders() -> bool:
    return Order.objects.exists()


def reset_shop() -> None:
    """Empty the shop tables and remove every account that is not staff."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # see load_bulk
        cursor.execute(f"TRUNCATE {', '.join(SHOP_TABLES)} CASCADE")
        # Deleting 100K users row by row through the audit trigger would take minutes.
        cursor.execute("ALTER TABLE users DISABLE TRIGGER USER")
        cursor.execute("DELETE FROM users WHERE NOT is_staff")
        cursor.execute("ALTER TABLE users ENABLE TRIGGER USER")


def set_user_triggers(enabled: bool) -> None:
    action = "ENABLE" if enabled else "DISABLE"
    with connection.cursor() as cursor:
        for table in BULK_TABLES:
            cursor.execute(f"ALTER TABLE {table} {action} TRIGGER USER")


class BulkShop:
    """Generates one shop from `seed` and loads it; the same seed gives the same shop."""

    def __init__(self, *, scale: Scale, seed: int, loader: CopyLoader):
        self.scale = scale
        self.rng = random.Random(seed)
        self.loader = loader
        self.now = timezone.now().replace(microsecond=0)

    def uid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def moment_within(self, days: int) -> datetime.datetime:
        return self.now - datetime.timedelta(seconds=self.rng.randrange(days * 86400))

    # customers ---------------------------------------------------------------------------------

    def load_customers(self):
        password = make_password(DEMO_PASSWORD)  # hashed once: every demo customer shares it
        self.customers = []  # (id, email, first, last, city, state)
        users, addresses = [], []
        for n in range(self.scale.customers):
            first, last = self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)
            city, state = self.rng.choice(CITIES)
            joined = self.moment_within(900)
            customer = (self.uid(), f"customer{n:06d}@demo.shopflow.test", first, last, city, state)
            self.customers.append(customer)
            users.append(
                (customer[0], customer[1], password, first, last, "customer", True, False, False, 0, 0, joined, joined)
            )
            addresses.append(
                (
                    self.uid(),
                    customer[0],
                    "shipping",
                    True,
                    first,
                    last,
                    "",
                    f"{n % 999 + 1} Main Street",
                    "",
                    city,
                    state,
                    f"{10000 + n % 89999}",
                    "US",
                    "",
                    joined,
                    joined,
                )
            )
        self.loader.copy(
            "users",
            [
                "id",
                "email",
                "password_hash",
                "first_name",
                "last_name",
                "role",
                "email_verified",
                "is_staff",
                "is_superuser",
                "lifetime_spend",
                "order_count",
                "created_at",
                "updated_at",
            ],
            users,
        )
        self.loader.copy(
            "user_addresses",
            [
                "id",
                "user_id",
                "address_type",
                "is_default",
                *ADDRESS_FIELDS,
                "created_at",
                "updated_at",
            ],
            addresses,
        )

    # catalogue and stock -----------------------------------------------------------------------

    def load_catalog(self):
        categories, self.leaves, department_of_leaf = [], [], {}
        for position, department in enumerate(DEPARTMENTS):
            parent = self.uid()
            categories.append((parent, None, department, department.lower(), ""))
            for noun in NOUNS[:5]:
                leaf = self.uid()
                categories.append((leaf, parent, f"{department} {noun}s", f"{department}-{noun}s".lower(), ""))
                self.leaves.append(leaf)
                department_of_leaf[leaf] = position
        self.loader.copy("categories", ["id", "parent_id", "name", "slug", "description"], categories)
        brands = [(self.uid(), f"Brand {n}", f"brand-{n}", "", "") for n in range(max(5, self.scale.products // 100))]
        self.loader.copy("brands", ["id", "name", "slug", "logo_url", "description"], brands)

        self.units = []  # (product id, variant id or None, name, variant name, sku, price)
        self.unit_departments = []  # index in DEPARTMENTS of each unit
        products, variants, images = [], [], []
        for n in range(self.scale.products):
            pid, name = self.uid(), f"{self.rng.choice(ADJECTIVES)} {self.rng.choice(NOUNS)} {n}"
            leaf = self.rng.choice(self.leaves)
            price = Decimal(self.rng.randrange(500, 50000)) / 100
            compare_at = to_money(price * Decimal("1.2")) if self.rng.random() < 0.2 else None
            tags = self.rng.sample(ADJECTIVES, 2)
            products.append(
                (
                    pid,
                    leaf,
                    self.rng.choice(brands)[0],
                    name,
                    f"p-{n}",
                    f"SKU-{n:07d}",
                    f"{name}: {' and '.join(tags).lower()} quality for every day.",
                    price,
                    compare_at,
                    to_money(price * Decimal("0.6")),
                    json.dumps({"weight_class": self.rng.choice("SML")}),
                    tags,
                )
            )
            images.append((self.uid(), pid, "/static/img/products/generic.svg", name, True))
            if self.rng.random() < 0.3:
                for position, size in enumerate(("S", "M", "L")):
                    vid = self.uid()
                    variants.append(
                        (vid, pid, size, f"SKU-{n:07d}-{size}", price, json.dumps({"size": size}), position)
                    )
                    self.units.append((pid, vid, name, size, f"SKU-{n:07d}-{size}", price))
                    self.unit_departments.append(department_of_leaf[leaf])
            else:
                self.units.append((pid, None, name, "", f"SKU-{n:07d}", price))
                self.unit_departments.append(department_of_leaf[leaf])
        self.loader.copy(
            "products",
            [
                "id",
                "category_id",
                "brand_id",
                "name",
                "slug",
                "sku",
                "description",
                "price",
                "compare_at_price",
                "cost_price",
                "attributes",
                "tags",
            ],
            products,
        )
        self.loader.copy(
            "product_variants", ["id", "product_id", "name", "sku", "price", "option_values", "sort_order"], variants
        )
        self.loader.copy("product_images", ["id", "product_id", "url", "alt_text", "is_primary"], images)
        self.product_ids = [row[0] for row in products]

    def load_stock(self):
        warehouses = [
            (self.uid(), f"WH-{n}", f"Warehouse {n}", "", city, state, "", "US")
            for n, (city, state) in enumerate(CITIES[:4], start=1)
        ]
        self.loader.copy(
            "warehouses",
            ["id", "code", "name", "address_line_1", "city", "state", "postal_code", "country_code"],
            warehouses,
        )
        levels, movements = [], []
        for position, (pid, vid, *_rest) in enumerate(self.units):
            for warehouse in self.rng.sample(warehouses, 2):
                # every 50th unit is sold out, every 10th runs low
                on_hand = 0 if position % 50 == 7 else 3 if position % 10 == 3 else self.rng.randrange(20, 500)
                levels.append((self.uid(), warehouse[0], pid, vid, on_hand, 0, 10, 50))
                if on_hand:
                    movements.append(
                        (self.uid(), warehouse[0], pid, vid, "receipt", on_hand, on_hand, 0, "Opening stock", "DEMO")
                    )
        self.loader.copy(
            "warehouse_stock",
            [
                "id",
                "warehouse_id",
                "product_id",
                "variant_id",
                "quantity_on_hand",
                "quantity_reserved",
                "reorder_point",
                "reorder_quantity",
            ],
            levels,
        )
        self.loader.copy(
            "stock_movements",
            [
                "id",
                "warehouse_id",
                "product_id",
                "variant_id",
                "movement_type",
                "quantity",
                "on_hand_delta",
                "reserved_delta",
                "reason",
                "reference",
            ],
            movements,
        )

    def load_suppliers(self):
        """Twenty suppliers; each unit is bought from one of them, in packs, with a minimum and a lead time."""
        suppliers = [
            (self.uid(), f"Supplier {n}", f"orders@supplier{n}.example", "", self.rng.choice((5, 7, 10, 14, 21)))
            for n in range(1, 21)
        ]
        self.loader.copy("suppliers", ["id", "name", "email", "phone", "lead_time_days"], suppliers)
        links = []
        for pid, vid, _name, _variant, sku, price in self.units:
            supplier = self.rng.choice(suppliers)
            links.append(
                (
                    self.uid(),
                    supplier[0],
                    pid,
                    vid,
                    f"S-{sku}",
                    to_money(price * Decimal("0.55")),
                    self.rng.choice((1, 1, 6, 12, 24)),
                    self.rng.choice((1, 1, 10, 24)),
                    None if self.rng.random() < 0.7 else self.rng.choice((3, 7, 14, 28)),
                    True,
                )
            )
        self.loader.copy(
            "supplier_products",
            [
                "id",
                "supplier_id",
                "product_id",
                "variant_id",
                "supplier_sku",
                "cost",
                "pack_size",
                "minimum_order",
                "lead_time_days",
                "is_preferred",
            ],
            links,
        )

    def load_reviews(self):
        reviews, seen = [], set()
        for _ in range(self.scale.products * 3):
            product, customer = self.rng.choice(self.product_ids), self.rng.choice(self.customers)
            if (product, customer[0]) in seen:
                continue
            seen.add((product, customer[0]))
            rating = self.rng.choice((1, 2, 3, 4, 4, 5, 5, 5))
            reviews.append((self.uid(), product, customer[0], rating, f"{rating} stars", "Demo review.", True, True))
        self.loader.copy(
            "product_reviews",
            ["id", "product_id", "user_id", "rating", "title", "content", "is_verified_purchase", "is_approved"],
            reviews,
        )

    # orders ------------------------------------------------------------------------------------

    def _order_status(self, placed_at) -> str:
        age = (self.now - placed_at).days
        weights = (
            {"delivered": 88, "cancelled": 6, "refunded": 6}
            if age > 14
            else {"pending": 5, "confirmed": 20, "processing": 20, "shipped": 30, "delivered": 20, "cancelled": 5}
        )
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    def _price(self, subtotal, coupon, state):
        """Discount, shipping and tax of an order as checkout computes them for these demo rules."""
        discount = Decimal("0.00")
        if coupon == "WELCOME10":
            discount = to_money(subtotal * Decimal("0.10"))
        elif coupon == "SAVE5":
            discount = min(Decimal("5.00"), subtotal)
        shipping = Decimal("0.00") if coupon == "FREESHIP" or subtotal >= 50 else Decimal("5.99")
        tax = to_money((subtotal - discount) * self.tax_rates.get(state, Decimal("0")))
        return discount, shipping, tax

    def load_orders(self):
        self.tax_rates = dict(TaxRate.objects.filter(country_code="US").values_list("state", "rate"))
        self.coupons = dict(Coupon.objects.values_list("code", "id"))
        self.method = ShippingMethod.objects.get(zone__name="United States", name="Standard")
        self.demand = DemandModel(
            rng=self.rng, today=self.now.date(), departments=self.unit_departments, n_departments=len(DEPARTMENTS)
        )
        with connection.cursor() as cursor:
            cursor.execute("SELECT nextval('order_number_seq')")
            self.first_number = cursor.fetchone()[0]
        for start in range(0, self.scale.orders, CHUNK):
            self._load_order_chunk(start, min(start + CHUNK, self.scale.orders))
        with connection.cursor() as cursor:
            cursor.execute("SELECT setval('order_number_seq', %s)", [self.first_number + self.scale.orders - 1])

    def _load_order_chunk(self, start, stop):
        rows = {
            name: []
            for name in ("orders", "items", "addresses", "payments", "refunds", "shipments", "history", "coupon_usage")
        }
        for n in range(start, stop):
            self._order(n, rows)
        self.loader.copy("orders", ORDER_COLUMNS, rows["orders"])
        self.loader.copy(
            "order_items",
            [
                "id",
                "order_id",
                "product_id",
                "variant_id",
                "product_name",
                "variant_name",
                "sku",
                "image_url",
                "quantity",
                "unit_price",
                "subtotal",
            ],
            rows["items"],
        )
        self.loader.copy(
            "order_addresses",
            [
                "id",
                "order_id",
                "address_type",
                *ADDRESS_FIELDS,
            ],
            rows["addresses"],
        )
        self.loader.copy(
            "payments",
            [
                "id",
                "order_id",
                "amount",
                "currency",
                "status",
                "payment_method",
                "gateway",
                "gateway_reference",
                "card_brand",
                "card_last_four",
                "amount_captured",
                "amount_refunded",
                "authorized_at",
                "captured_at",
                "failure_code",
                "failure_message",
                "created_at",
                "updated_at",
            ],
            rows["payments"],
        )
        self.loader.copy(
            "refunds", ["id", "payment_id", "amount", "status", "reason", "gateway_reference"], rows["refunds"]
        )
        self.loader.copy(
            "order_shipments",
            ["id", "order_id", "carrier", "tracking_number", "tracking_url", "status", "shipped_at", "delivered_at"],
            rows["shipments"],
        )
        self.loader.copy(
            "order_status_history",
            ["id", "order_id", "status", "previous_status", "notes", "created_at", "updated_at"],
            rows["history"],
        )
        self.loader.copy(
            "coupon_usage", ["id", "coupon_id", "user_id", "order_id", "discount_amount"], rows["coupon_usage"]
        )

    def _order(self, n, rows):
        oid = self.uid()
        uid_, email, first, last, city, state = self.rng.choice(self.customers)
        days_ago = self.demand.day_ago()
        # a time of that day, and never in the future
        placed_at = min(
            datetime.datetime.combine(self.now.date(), datetime.time.min, tzinfo=datetime.UTC)
            - datetime.timedelta(days=days_ago, seconds=-self.rng.randrange(86400)),
            self.now - datetime.timedelta(seconds=1),
        )
        status = self._order_status(placed_at)
        lines = {}
        for index in self.demand.items(days_ago, self.rng.choice((1, 2, 3, 3, 4, 5))):
            unit = self.units[index]
            lines[unit[:2]] = (unit, lines.get(unit[:2], (unit, 0))[1] + self.rng.choice((1, 1, 1, 2, 3)))
        subtotal = Decimal("0.00")
        for (pid, vid, name, variant_name, sku, price), quantity in lines.values():
            line_total = price * quantity
            subtotal += line_total
            rows["items"].append(
                (
                    self.uid(),
                    oid,
                    pid,
                    vid,
                    name,
                    variant_name,
                    sku,
                    "/static/img/products/generic.svg",
                    quantity,
                    price,
                    line_total,
                )
            )
        coupon = self.rng.choice(("WELCOME10", "SAVE5", "FREESHIP")) if self.rng.random() < 0.1 else ""
        discount, shipping, tax = self._price(subtotal, coupon, state)
        total = subtotal - discount + tax + shipping
        cancelled_at = placed_at + datetime.timedelta(hours=2) if status == "cancelled" else None
        number = f"SF-{placed_at.year}-{self.first_number + n:06d}"
        rows["orders"].append(
            (
                oid,
                uid_,
                number,
                status,
                "USD",
                subtotal,
                discount,
                tax,
                shipping,
                total,
                email,
                "",
                coupon,
                self.method.pk,
                self.method.name,
                "",
                placed_at,
                cancelled_at,
                placed_at,
                placed_at,
            )
        )
        rows["addresses"].append(
            (self.uid(), oid, "shipping", first, last, "", "1 Main Street", "", city, state, "10001", "US", "")
        )
        if coupon:
            rows["coupon_usage"].append((self.uid(), self.coupons[coupon], uid_, oid, discount))
        path = PATHS[status]
        for step, (previous, current) in enumerate(zip(["", *path], path, strict=False)):
            at = placed_at + datetime.timedelta(days=step)
            rows["history"].append((self.uid(), oid, current, previous, "", at, at))
        self._payment(n, oid, status, total, placed_at, rows)
        if "shipped" in path:
            delivered = status in ("delivered", "refunded")
            rows["shipments"].append(
                (
                    self.uid(),
                    oid,
                    "UPS",
                    f"1ZDEMO{n:08d}",
                    "",
                    "delivered" if delivered else "in_transit",
                    placed_at + datetime.timedelta(days=3),
                    placed_at + datetime.timedelta(days=4) if delivered else None,
                )
            )

    def _payment(self, n, oid, status, total, placed_at, rows):
        payment_status = PAYMENT_STATUS.get(status)
        if payment_status is None:
            return
        pid = self.uid()
        captured = total if payment_status in ("captured", "refunded") else Decimal("0.00")
        refunded = total if payment_status == "refunded" else Decimal("0.00")
        rows["payments"].append(
            (
                pid,
                oid,
                total,
                "USD",
                payment_status,
                "card",
                "test",
                f"demo_{n:09d}",
                "visa",
                "4242",
                captured,
                refunded,
                placed_at,
                placed_at + datetime.timedelta(days=3) if captured else None,
                "",
                "",
                placed_at,
                placed_at,
            )
        )
        if refunded:
            rows["refunds"].append((self.uid(), pid, refunded, "succeeded", "Customer return", f"demo_re_{n:09d}"))

    def load(self):
        self.load_customers()
        self.load_catalog()
        self.load_stock()
        self.load_suppliers()
        self.load_reviews()
        self.load_orders()


DERIVED_SQL = [
    # warehouse_stock_sync_item, for every product and variant at once
    """UPDATE products p SET stock_quantity = coalesce(s.available, 0)
         FROM (SELECT product_id, sum(quantity_on_hand - quantity_reserved) AS available
                 FROM warehouse_stock GROUP BY product_id) s
        WHERE s.product_id = p.id""",
    """UPDATE product_variants v SET stock_quantity = s.available
         FROM (SELECT variant_id, sum(quantity_on_hand - quantity_reserved) AS available
                 FROM warehouse_stock WHERE variant_id IS NOT NULL GROUP BY variant_id) s
        WHERE s.variant_id = v.id""",
    # products_recompute_rating
    """UPDATE products p SET rating_avg = r.rating_avg, review_count = r.review_count
         FROM (SELECT product_id, round(avg(rating), 2) AS rating_avg, count(*) AS review_count
                 FROM product_reviews WHERE is_approved GROUP BY product_id) r
        WHERE r.product_id = p.id""",
    # products_set_search_vector
    """UPDATE products
          SET search_vector = product_search_document(name, description, tags::text[], brand_id, category_id)""",
    # users_recompute_spending
    """UPDATE users u SET lifetime_spend = greatest(s.spend - s.refunded, 0), order_count = s.paid,
                          last_order_at = s.last_order_at
         FROM (SELECT o.user_id, sum(o.total) AS spend, count(*) AS paid, max(o.placed_at) AS last_order_at,
                      coalesce(sum(r.amount), 0) AS refunded
                 FROM orders o
                 JOIN payments p ON p.order_id = o.id
                      AND p.status IN ('captured', 'partially_refunded', 'refunded')
                 LEFT JOIN (SELECT payment_id, sum(amount) AS amount FROM refunds
                             WHERE status = 'succeeded' GROUP BY payment_id) r ON r.payment_id = p.id
                WHERE o.user_id IS NOT NULL
                GROUP BY o.user_id) s
        WHERE s.user_id = u.id""",
]


def load_bulk(*, scale: Scale, seed: int, loader: CopyLoader) -> None:
    """Load a generated shop in one transaction; the bulk tables' triggers are back on when it commits."""
    if has_demo_orders():
        raise DemoDataExists("The database already holds orders; run with --reset to replace the shop.")
    with transaction.atomic():
        load_demo_customers({})
        load_configuration({})
    with transaction.atomic():
        # ALTER TABLE refuses a table with pending (deferred) foreign-key checks: check each COPY at once.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        set_user_triggers(False)
        BulkShop(scale=scale, seed=seed, loader=loader).load()
        with connection.cursor() as cursor:
            for statement in DERIVED_SQL:
                cursor.execute(statement)
        set_user_triggers(True)
        # The revenue rollup's triggers were off with the others.
        rebuild_category_revenue()
        # coupons keeps its triggers (audit): three rows.
        with connection.cursor() as cursor:
            cursor.execute(
                """UPDATE coupons c SET times_used = (SELECT count(*) FROM coupon_usage u WHERE u.coupon_id = c.id)"""
            )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    # The demand history planning forecasts from (set-based, seconds even at the large size).
    refresh_demand_history()
