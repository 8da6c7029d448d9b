from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Sum

from apps.accounts.models import User
from apps.catalog.models import Category, Product
from apps.demo.seeding.bulk import BULK_TABLES
from apps.demo.seeding.verify import verify_demo_consistency
from apps.inventory.models import StockLevel
from apps.orders.models import Order
from apps.planning.models import DemandDay, SupplierProduct
from apps.promotions.models import Coupon

pytestmark = pytest.mark.django_db


def _status_counts():
    return dict(Order.objects.values_list("status").annotate(n=Sum(1)).order_by())


def test_small_demo_builds_the_shop_once_however_often_it_runs():
    call_command("seed_demo", "--size", "small", verbosity=0)
    call_command("seed_demo", "--size", "small", verbosity=0)

    assert User.objects.filter(email__in=["ada@example.com", "grace@example.com", "alan@example.com"]).count() == 3
    assert Product.objects.count() == 40
    assert Category.objects.count() == 12
    assert sorted(Coupon.objects.values_list("code", flat=True)) == ["FREESHIP", "SAVE5", "WELCOME10"]
    assert _status_counts() == {"delivered": 2, "shipped": 1, "confirmed": 1, "cancelled": 1}


def test_small_demo_shop_is_consistent():
    call_command("seed_demo", "--size", "small", verbosity=0)

    assert Product.objects.get(name="Senior Easy Phone").stock_quantity == 0
    assert verify_demo_consistency() == {}


def _bulk_totals(seed):
    call_command("seed_demo", "--size", "tiny", "--seed", str(seed), "--reset", verbosity=0)
    return Order.objects.aggregate(total=Sum("total"))["total"]


@pytest.mark.django_db(transaction=True)
def test_tiny_bulk_shop_is_deterministic_consistent_and_leaves_triggers_on():
    first = _bulk_totals(7)
    second = _bulk_totals(7)

    assert Order.objects.count() == 500
    assert User.objects.filter(email__endswith="@demo.shopflow.test").count() == 200
    assert first == second > Decimal("0")
    assert verify_demo_consistency() == {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_trigger"
            " WHERE NOT tgisinternal AND tgenabled <> 'O' AND tgrelid = ANY(%s::regclass[])",
            [BULK_TABLES],
        )
        assert cursor.fetchone()[0] == 0


@pytest.mark.django_db(transaction=True)
def test_bulk_shop_refuses_a_database_with_orders_unless_reset():
    call_command("seed_demo", "--size", "small", verbosity=0)

    with pytest.raises(CommandError, match="already holds orders; run with --reset"):
        call_command("seed_demo", "--size", "tiny", verbosity=0)
    assert Order.objects.count() == 5


@pytest.mark.django_db(transaction=True)
def test_a_bulk_shop_comes_with_its_demand_history_and_supplier_terms():
    """Every unit sold before today (not cancelled) is in the demand history; every unit has a supplier."""
    call_command("seed_demo", "--size", "tiny", "--seed", "3", "--reset", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT sum(i.quantity) FROM order_items i JOIN orders o ON o.id = i.order_id
                WHERE o.status <> 'cancelled' AND o.placed_at < (now() AT TIME ZONE 'UTC')::date"""
        )
        sold = cursor.fetchone()[0]
    assert DemandDay.objects.aggregate(units=Sum("units"))["units"] == sold > 0
    assert SupplierProduct.objects.count() == StockLevel.objects.values("product", "variant").distinct().count()
