"""Checkout throughput: 16, 64 and 1,000 concurrent clients each calling checkout.services.place_order
on its own guest cart, orders per second, then proof of no oversell; then a hot product bought by
every cart with a gateway that takes 300 ms to answer; next to pgbench's TPC-B-like TPS on a scratch
database in the same session.

A client is a process up to MAX_PROCESSES; beyond that the clients are threads spread over that
many processes (a thousand forked Django processes would not fit the machine), each thread with its
own database connection, kept between its checkouts as a web worker's is (CONN_MAX_AGE)."""

import logging
import multiprocessing
import random
import re
import subprocess
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import close_old_connections, connection, connections
from django.db.models import Exists, F, OuterRef, Sum
from django.utils.functional import SimpleLazyObject

from apps.cart.services import add_item, get_or_create_guest_cart
from apps.catalog.models import Product, ProductVariant
from apps.checkout.exceptions import CheckoutError
from apps.checkout.services import place_order
from apps.inventory.models import StockLevel
from apps.orders.models import OrderItem
from apps.payments.gateways import Card
from apps.shipping.models import ShippingMethod
from benchmarks.environment import libpq_environ

logger = logging.getLogger(__name__)

MAX_PROCESSES = 64
CARTS_PER_LEVEL = 640
SLOW_GATEWAY = "benchmarks.gateway.SlowGateway"


@dataclass(frozen=True)
class Level:
    name: str
    clients: int
    hot_product_only: bool = False  # every cart wants the one hot product (and nothing scarce)
    gateway: str = ""  # settings.PAYMENT_GATEWAY for the level, the configured one when empty

    @property
    def carts(self):
        return max(CARTS_PER_LEVEL, 2 * self.clients)


LEVELS = (
    Level("16 clients", 16),
    Level("64 clients", 64),
    Level("1,000 clients", 1000),
    Level("hot product, 300 ms gateway, 64 clients", 64, hot_product_only=True, gateway=SLOW_GATEWAY),
)
SCARCE_SHARE = 0.1  # of carts that also want the scarce product, which must sell out, never over
PGBENCH_DB = "shopflow_pgbench"
ADDRESS = {
    "first_name": "Bench",
    "last_name": "Shopper",
    "address_line_1": "1 Load Street",
    "city": "Springfield",
    "state": "IL",
    "postal_code": "62701",
    "country_code": "US",
    "phone": "+1 217 555 0100",
}


def _stocked_products():
    """Tracked, variant-less sellable products with their available units (active warehouses)."""
    has_variants = ProductVariant.objects.filter(product=OuterRef("pk"))
    available = (
        StockLevel.objects.filter(product=OuterRef("pk"), variant__isnull=True, warehouse__is_active=True)
        .values("product")
        .annotate(units=Sum("quantity_on_hand") - Sum("quantity_reserved"))
        .values("units")
    )
    return (
        Product.objects.sellable()
        .filter(track_inventory=True)
        .exclude(Exists(has_variants))
        .annotate(available=available)
    )


def _stock_snapshot(product_ids):
    rows = (
        StockLevel.objects.filter(product_id__in=product_ids)
        .values("product_id")
        .annotate(reserved=Sum("quantity_reserved"), on_hand=Sum("quantity_on_hand"))
    )
    return {row["product_id"]: row for row in rows}


def _fill_carts(rng, hot, scarce, count):
    """Guest carts of one or two units of a hot product, some with one unit of the scarce one too
    (when there is a scarce product); returns the cart ids and how many want the scarce product."""
    carts, wanting_scarce = [], 0
    for _ in range(count):
        cart = get_or_create_guest_cart()
        add_item(cart=cart, product=rng.choice(hot), quantity=rng.randint(1, 2))
        if scarce is not None and rng.random() < SCARCE_SHARE:
            add_item(cart=cart, product=scarce, quantity=1)
            wanting_scarce += 1
        carts.append(cart.pk)
    return carts, wanting_scarce


def _checkout(cart_id, method_id):
    """One client's checkout: ("placed", order id, ms), ("refused", code, ms) or ("error", cause, ms).

    The cart is read lazily, inside place_order (behind its door, as a web worker's request would)."""
    from apps.cart.models import Cart

    card = Card(number="4242424242424242", exp_month=12, exp_year=date.today().year + 1, cvc="314")
    started = time.perf_counter()
    try:
        order = place_order(
            cart=SimpleLazyObject(lambda: Cart.objects.get(pk=cart_id)),
            customer_email="bench@example.com",
            shipping_address=ADDRESS,
            shipping_method_id=method_id,
            card=card,
        )
    except CheckoutError as refusal:
        return ("refused", refusal.code, (time.perf_counter() - started) * 1000)
    except Exception as error:  # noqa: BLE001 - counted, never hidden: the target is no error at all
        # The type and the first line of the message: "OperationalError" alone says little.
        message = str(error).strip()
        cause = type(error).__name__ + (f": {message.splitlines()[0][:100]}" if message else "")
        return ("error", cause, (time.perf_counter() - started) * 1000)
    return ("placed", order.pk, (time.perf_counter() - started) * 1000)


def _checkouts_in_threads(job):
    """A process's share of the carts, checked out by its threads in turn.

    A thread is a client with a web worker's database connection: kept from one checkout to the
    next as CONN_MAX_AGE keeps it after a request (close_old_connections, Django's request_finished
    handler), given back while it waits far back at a checkout door, and closed when the client is
    done. (Closing it after every checkout made each one start a fresh PostgreSQL backend that
    parsed every stored function and trigger again: about a third of the database time per order.)
    """
    cart_ids, threads, method_id = job

    def client(share):
        try:
            outcomes = []
            for cart_id in share:
                outcomes.append(_checkout(cart_id, method_id))
                close_old_connections()
            return outcomes
        finally:
            connection.close()

    with ThreadPoolExecutor(threads) as pool:
        shares = pool.map(client, [cart_ids[i::threads] for i in range(threads)])
        return [outcome for share in shares for outcome in share]


def _check_out_all(carts, clients):
    """Every cart checked out by `clients` concurrent clients; (outcomes, seconds)."""
    method_id = ShippingMethod.objects.get(zone__name="United States", name="Standard").pk
    processes = min(clients, MAX_PROCESSES)
    threads = -(-clients // processes)
    jobs = [(carts[i::processes], threads, method_id) for i in range(processes)]
    connections.close_all()  # no connection may cross the fork: each client opens its own
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        started = time.perf_counter()
        outcomes = [outcome for share in pool.map(_checkouts_in_threads, jobs, chunksize=1) for outcome in share]
        return outcomes, time.perf_counter() - started


def run_level(level, rng):
    """One level: fill carts, check out all of them with the level's clients, verify the stock."""
    hot = list(_stocked_products().filter(available__gt=30).order_by("-available")[:32])
    if level.hot_product_only:
        hot, scarce, scarce_available = hot[:1], None, 0
    else:
        # The least stocked product outside the hot ones: demand is set to exceed what it has.
        scarce = (
            _stocked_products()
            .filter(available__gte=1)
            .exclude(pk__in=[p.pk for p in hot])
            .order_by("available")
            .first()
        )
        scarce_available = scarce.available
    carts, wanting_scarce = _fill_carts(rng, hot, scarce, level.carts)
    product_ids = [product.pk for product in hot] + ([scarce.pk] if scarce else [])
    before = _stock_snapshot(product_ids)
    hot_available = sum(product.available for product in hot)

    configured = settings.PAYMENT_GATEWAY
    settings.PAYMENT_GATEWAY = level.gateway or configured
    try:
        outcomes, elapsed = _check_out_all(carts, level.clients)
    finally:
        settings.PAYMENT_GATEWAY = configured

    placed = [order_id for outcome, order_id, _ in outcomes if outcome == "placed"]
    refusals = Counter(code for outcome, code, _ in outcomes if outcome == "refused")
    errors = Counter(name for outcome, name, _ in outcomes if outcome == "error")
    after = _stock_snapshot(product_ids)
    ordered = dict(
        OrderItem.objects.filter(order_id__in=placed, product_id__in=product_ids)
        .values("product_id")
        .annotate(units=Sum("quantity"))
        .values_list("product_id", "units")
    )
    mismatched = [str(pk) for pk in product_ids if after[pk]["reserved"] - before[pk]["reserved"] != ordered.get(pk, 0)]
    over_reserved = StockLevel.objects.filter(
        product_id__in=product_ids, quantity_reserved__gt=F("quantity_on_hand")
    ).count()
    negative = Product.objects.filter(pk__in=product_ids, stock_quantity__lt=0).count()
    latencies = sorted(ms for *_, ms in outcomes)
    scarce_sold = ordered.get(scarce.pk, 0) if scarce else 0
    hot_sold = sum(ordered.get(product.pk, 0) for product in hot)
    return {
        "name": level.name,
        "clients": level.clients,
        "hot_product_only": level.hot_product_only,
        "gateway": level.gateway or configured,
        "carts": len(carts),
        "orders_placed": len(placed),
        "refused": dict(refusals),
        "errors": dict(errors),
        "seconds": round(elapsed, 2),
        "orders_per_second": round(len(placed) / elapsed, 1),
        "attempts_per_second": round(len(carts) / elapsed, 1),
        "latency_ms": {
            "p50": round(latencies[len(latencies) // 2], 1),
            "p95": round(latencies[int(len(latencies) * 0.95)], 1),
            "p99": round(latencies[int(len(latencies) * 0.99)], 1),
        },
        "scarce_product": {
            "available_before": scarce_available,
            "units_sold": scarce_sold,
            "carts_wanting_it": wanting_scarce,
        },
        "hot_products": {"count": len(hot), "available_before": hot_available, "units_sold": hot_sold},
        "oversell": {
            "reserved_delta_mismatches": mismatched,
            "stock_levels_reserved_above_on_hand": over_reserved,
            "products_with_negative_stock": negative,
            "zero_oversell": not mismatched
            and not over_reserved
            and not negative
            and scarce_sold <= scarce_available
            and hot_sold <= hot_available,
        },
    }


def pgbench():
    """TPC-B-like TPS of this cluster: `pgbench -i -s 10` on a scratch database, `-c 16 -j 2 -T 15`."""
    admin = libpq_environ("postgres")
    scratch = libpq_environ(PGBENCH_DB)
    subprocess.run(["dropdb", "--if-exists", PGBENCH_DB], env=admin, check=True)
    subprocess.run(["createdb", PGBENCH_DB], env=admin, check=True)
    try:
        subprocess.run(["pgbench", "-i", "-s", "10", "-q"], env=scratch, check=True, capture_output=True)
        output = subprocess.run(
            ["pgbench", "-c", "16", "-j", "2", "-T", "15"], env=scratch, check=True, capture_output=True, text=True
        ).stdout
    finally:
        subprocess.run(["dropdb", "--if-exists", PGBENCH_DB], env=admin, check=True)
    tps = re.search(r"tps = ([\d.]+) \(without initial connection time\)", output)
    latency = re.search(r"latency average = ([\d.]+) ms", output)
    return {
        "command": "pgbench -i -s 10; pgbench -c 16 -j 2 -T 15",
        "tps": float(tps[1]),
        "latency_avg_ms": float(latency[1]) if latency else None,
    }


def run_all(*, with_pgbench=True):
    rng = random.Random(8)
    levels = []
    for level in LEVELS:
        print(f"  checkout: {level.name}...", flush=True)
        levels.append(run_level(level, rng))
        print(f"    {levels[-1]['orders_per_second']} orders/s, p95 {levels[-1]['latency_ms']['p95']} ms", flush=True)
        connection.close()
    if not with_pgbench:
        return {"levels": levels, "pgbench": None}
    print("  pgbench...", flush=True)
    return {"levels": levels, "pgbench": pgbench()}
