"""The revenue report by month and category: its fast path (the trigger-kept rollup plus the partial
days from the orders) always equals the straightforward aggregate over orders and their lines."""

import datetime
import importlib
import random
import threading
import uuid
from decimal import Decimal

import psycopg
import pytest
from django.db import DatabaseError, connection, transaction

from apps.analytics import selectors, services
from apps.catalog.models import Product
from apps.fulfilment import services as fulfilment
from apps.orders.models import Order
from tests.analytics.factories import create_order, create_order_item
from tests.factories import create_category, create_product, create_user
from tests.fulfilment.factories import create_carrier, placed_order, stocked_product

pytestmark = pytest.mark.django_db

# What the report computed from the base tables before the rollup (benchmarks' REPORT_SQL).
STRAIGHTFORWARD_SQL = """
SELECT date_trunc('month', o.placed_at AT TIME ZONE 'UTC')::date AS month, c.name AS category,
       sum(oi.subtotal) AS revenue, sum(oi.quantity) AS units
  FROM order_items oi
  JOIN orders o ON o.id = oi.order_id
  JOIN products p ON p.id = oi.product_id
  JOIN categories c ON c.id = p.category_id
 WHERE o.status NOT IN ('pending', 'cancelled') AND o.placed_at >= %s AND o.placed_at < %s
 GROUP BY 1, 2
 ORDER BY 1, 2
"""

# One line of one unit at 25.00, written by SQL: (order id, product id).
INSERT_LINE_SQL = """
INSERT INTO order_items (id, created_at, updated_at, order_id, product_id, product_name, variant_name, sku,
                         image_url, quantity, unit_price, subtotal)
VALUES (gen_random_uuid(), now(), now(), %s, %s, 'Line', '', 'L', '', 1, 25, 25)
"""

STATUSES = ["pending", "confirmed", "processing", "shipped", "delivered", "cancelled", "refunded"]
FIRST_DAY = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)


def straightforward(start, end):
    with connection.cursor() as cursor:
        cursor.execute(STRAIGHTFORWARD_SQL, [start, end])
        return [
            {"month": month, "category": category, "revenue": revenue, "units": int(units)}
            for month, category, revenue, units in cursor.fetchall()
        ]


def rollup_rows():
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM category_revenue_days")
        return cursor.fetchone()[0]


def random_moment(rng):
    """Anywhere in the first four months of 2026; one in five exactly at a UTC midnight."""
    day = FIRST_DAY + datetime.timedelta(days=rng.randrange(120))
    return day if rng.random() < 0.2 else day + datetime.timedelta(seconds=rng.randrange(86400))


def random_windows(rng, count=25):
    """Windows of every shape: whole days, partial days at both ends, within one day, empty."""
    day, hours = FIRST_DAY + datetime.timedelta(days=40), datetime.timedelta(hours=1)
    windows = [
        (FIRST_DAY, FIRST_DAY + datetime.timedelta(days=365)),
        # each end just before, at and after midday (a partial day added, or a whole day less the rest)
        *[(day + n * hours, day + (24 * 3 + m) * hours) for n in (1, 11, 12, 13, 23) for m in (1, 11, 12, 13, 23)],
        (day + 23 * hours, day + 25 * hours),  # across one midnight only
        (day + 13 * hours, day + 35 * hours),
    ]
    for _ in range(count):
        start = random_moment(rng)
        windows.append((start, start + datetime.timedelta(seconds=rng.choice([0, 3600, 86400, 10 * 86400]))))
        windows.append((start, random_moment(rng)))
    return windows


def assert_exact(windows):
    for start, end in windows:
        assert selectors.revenue_by_category_month(start, end) == straightforward(start, end), (start, end)


@pytest.fixture
def random_shop(request):
    """Three categories (two share a name), products in each and one in none, 60 orders of every
    status at random moments with one to four lines of random quantities and prices."""
    rng = random.Random(request.param)
    categories = [create_category("Garden"), create_category("Kitchen"), create_category("Kitchen")]
    prices = [f"{rng.randrange(1, 200)}.{rng.randrange(99)}" for _ in range(6)]
    products = [create_product(price=price, category=c) for price, c in zip(prices, categories * 2, strict=True)]
    products.append(create_product(price="9.99", category=None))
    customer = create_user()
    for _ in range(60):
        lines = [(rng.choice(products), rng.randrange(1, 5)) for _ in range(rng.randrange(1, 5))]
        create_order(customer, lines, status=rng.choice(STATUSES), placed_at=random_moment(rng))
    return rng, products


@pytest.mark.parametrize("random_shop", [1, 2, 3], indirect=True)
def test_the_report_equals_the_straightforward_aggregate_on_random_orders(random_shop):
    rng, _ = random_shop

    assert_exact(random_windows(rng))
    assert straightforward(FIRST_DAY, FIRST_DAY + datetime.timedelta(days=365))  # not trivially empty


@pytest.mark.parametrize("random_shop", [4, 5], indirect=True)
def test_the_report_stays_exact_through_random_changes_of_orders_lines_and_products(random_shop):
    rng, products = random_shop
    orders = list(Order.objects.all())
    for _ in range(40):
        change = rng.randrange(6)
        order = rng.choice(orders)
        if change == 0:  # a status change (counting or not)
            Order.objects.filter(pk=order.pk).update(status=rng.choice(STATUSES))
        elif change == 1:  # the order moves to another day
            Order.objects.filter(pk=order.pk).update(placed_at=random_moment(rng))
        elif change == 2:  # a line is added, or one changes quantity, or goes
            create_order_item(order, rng.choice(products), rng.randrange(1, 4))
        elif change == 3 and order.items.exists():
            item = order.items.order_by("?").first()
            item.quantity = rng.randrange(1, 6)
            item.subtotal = item.quantity * item.unit_price
            item.save(update_fields=["quantity", "subtotal"])
        elif change == 4 and order.items.exists():
            order.items.order_by("?").first().delete()
        elif change == 5:  # a product changes category, or leaves every category
            product = rng.choice(products)
            Product.objects.filter(pk=product.pk).update(category=rng.choice([None, *{p.category for p in products}]))
        # One statement over many orders too: every confirmed order is shipped at once.
        if rng.random() < 0.1:
            Order.objects.filter(status="confirmed").update(status="shipped")

    assert_exact(random_windows(rng, count=10))


@pytest.fixture
def shelf():
    """Two stocked products in two categories, placed and operated through checkout and fulfilment."""
    return {
        "mug": stocked_product("25.00", on_hand=20, name="Mug", category=create_category("Kitchen")),
        "rake": stocked_product("40.00", on_hand=20, name="Rake", category=create_category("Garden")),
    }


def this_month_report():
    today = datetime.datetime.now(datetime.UTC)
    start = today.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    end = today + datetime.timedelta(days=1)
    report = selectors.revenue_by_category_month(start, end)
    assert report == straightforward(start, end)
    return {row["category"]: (row["revenue"], row["units"]) for row in report}


def test_a_new_order_a_cancellation_and_a_refund_show_in_the_report_at_once(shelf):
    mugs = placed_order([(shelf["mug"], 2), (shelf["rake"], 1)], user=create_user())
    assert this_month_report() == {"Garden": (Decimal("40.00"), 1), "Kitchen": (Decimal("50.00"), 2)}

    rakes = placed_order([(shelf["rake"], 3)], user=create_user())
    assert this_month_report() == {"Garden": (Decimal("160.00"), 4), "Kitchen": (Decimal("50.00"), 2)}

    fulfilment.cancel(order=rakes, reason="Changed my mind")
    assert this_month_report() == {"Garden": (Decimal("40.00"), 1), "Kitchen": (Decimal("50.00"), 2)}

    # Refunds do not change revenue (seed 001's paid orders): a refunded order still counts.
    fulfilment.start_processing(order=mugs)
    fulfilment.ship(order=mugs, carrier=create_carrier(), tracking_number="1Z1")
    fulfilment.deliver(order=mugs)
    fulfilment.refund(order=mugs, amount="10.00", reason="Chipped")
    fulfilment.refund(order=mugs, reason="Returned it all")
    mugs.refresh_from_db()
    assert mugs.status == "refunded"
    assert this_month_report() == {"Garden": (Decimal("40.00"), 1), "Kitchen": (Decimal("50.00"), 2)}


def test_compaction_folds_the_rows_and_keeps_the_report(shelf):
    for _ in range(3):
        placed_order([(shelf["mug"], 1), (shelf["rake"], 1)], user=create_user())
    before = this_month_report()
    rows = rollup_rows()

    removed = services.compact_category_revenue()

    assert (removed, rollup_rows()) == (rows - 2, 2)
    assert this_month_report() == before == {"Garden": (Decimal("120.00"), 3), "Kitchen": (Decimal("75.00"), 3)}


@pytest.mark.parametrize("random_shop", [6], indirect=True)
def test_a_rebuild_from_the_base_tables_gives_the_same_report(random_shop):
    rng, _ = random_shop
    windows = random_windows(rng, count=5)
    before = [selectors.revenue_by_category_month(*window) for window in windows]

    services.rebuild_category_revenue()

    assert [selectors.revenue_by_category_month(*window) for window in windows] == before
    assert_exact(windows)


def test_an_order_deleted_by_sql_takes_its_cascaded_lines_out(shelf):
    kept = create_order(create_user(), [(shelf["mug"], 1)])
    gone = create_order(create_user(), [(shelf["mug"], 2), (shelf["rake"], 1)])

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM orders WHERE id = %s", [gone.pk])

    assert this_month_report() == {"Kitchen": (Decimal("25.00"), 1)}
    kept.delete()  # Django deletes the lines first, then the order
    assert this_month_report() == {}


def test_a_line_written_before_its_order_is_refused_not_miscounted(shelf):
    """Django's foreign keys are deferred, so raw SQL could write a line before its order."""
    refused = pytest.raises(DatabaseError, match="1 order line\\(s\\) without their order")
    with refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(INSERT_LINE_SQL, [uuid.uuid4(), shelf["mug"].pk])

    assert this_month_report() == {}


def test_emptying_the_order_tables_empties_the_rollup(shelf):
    create_order(create_user(), [(shelf["mug"], 1)])

    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # TRUNCATE waits for no deferred trigger
        cursor.execute("TRUNCATE orders CASCADE")  # as seed_demo --reset does

    assert rollup_rows() == 0


def test_the_rollup_is_folded_every_five_minutes_by_a_task_the_worker_knows():
    from django.apps import apps as django_apps
    from django_celery_beat.models import PeriodicTask

    from shopflow.celery import app as celery_app

    migration = importlib.import_module("apps.analytics.migrations.0006_schedule_category_revenue_compaction")
    migration.schedule(django_apps, None)  # again: a transactional test may have emptied the table
    task = PeriodicTask.objects.get(name=migration.NAME)
    celery_app.loader.import_default_modules()

    assert (task.task, task.interval.every, task.interval.period) == (
        "analytics.compact_category_revenue",
        300,
        "seconds",
    )
    assert task.task in celery_app.tasks


@pytest.mark.django_db(transaction=True)
def test_the_order_manager_role_keeps_the_rollup_right_without_writing_it(shelf):
    """shopflow_order_manager may write orders and their lines only; the triggers write the rollup."""
    from apps.ops.services import apply_db_roles
    from tests.ops.test_db_roles import login_role

    apply_db_roles()
    order = create_order(create_user(), [(shelf["mug"], 2)])
    with login_role("shopflow_order_manager") as manager:
        manager.execute("UPDATE order_items SET quantity = 3, subtotal = 75 WHERE order_id = %s", [order.pk])
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            manager.execute("DELETE FROM category_revenue_days")

    assert this_month_report() == {"Kitchen": (Decimal("75.00"), 3)}


def blocked_until_commit(writer_sql, writer_params, other_sql, other_params):
    """`writer` writes in an open transaction; `other`, started meanwhile on its own connection, must
    wait for it (the rollup's locks), and both commit."""
    from tests.ops.test_db_roles import connect

    with connect() as writer, connect() as other:
        with writer.transaction():
            writer.execute(writer_sql, writer_params)
            waiting = threading.Thread(target=other.execute, args=(other_sql, other_params))
            waiting.start()
            waiting.join(timeout=1)
            assert waiting.is_alive()  # held back by the writer's transaction
        waiting.join(timeout=10)
        assert not waiting.is_alive()


@pytest.mark.django_db(transaction=True)
def test_a_line_added_while_its_order_is_cancelled_ends_up_uncounted(shelf):
    order = create_order(create_user(), [(shelf["mug"], 1)])

    blocked_until_commit(
        INSERT_LINE_SQL, [order.pk, shelf["mug"].pk], "UPDATE orders SET status = 'cancelled' WHERE id = %s", [order.pk]
    )

    assert this_month_report() == {}


@pytest.mark.django_db(transaction=True)
def test_a_line_written_while_its_product_changes_category_follows_the_product(shelf):
    order = create_order(create_user(), [(shelf["mug"], 1)])

    blocked_until_commit(
        INSERT_LINE_SQL,
        [order.pk, shelf["mug"].pk],
        "UPDATE products SET category_id = %s WHERE id = %s",
        [shelf["rake"].category_id, shelf["mug"].pk],
    )

    assert this_month_report() == {"Garden": (Decimal("50.00"), 2)}
