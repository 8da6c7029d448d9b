"""stock_quantity of products and variants is the available stock of their warehouse rows."""

import threading

import pytest
from django.db import connection, transaction
from django.db.models import F

from apps.inventory.models import StockLevel
from tests.factories import create_product, create_stock, create_variant, create_warehouse


def stock(item):
    item.refresh_from_db()
    return item.stock_quantity


@pytest.mark.django_db
def test_a_product_counts_available_units_of_its_own_and_its_variants_rows():
    product = create_product()
    small, large = create_variant(product), create_variant(product)
    east, west = create_warehouse(), create_warehouse()
    create_stock(product, east, on_hand=10, quantity_reserved=3)
    create_stock(product, east, on_hand=4, variant=small)
    create_stock(product, west, on_hand=6, variant=small, quantity_reserved=6)
    create_stock(product, west, on_hand=9, variant=large, quantity_reserved=1)

    assert (stock(product), stock(small), stock(large)) == (7 + 4 + 0 + 8, 4, 8)


@pytest.mark.django_db
def test_reserving_receiving_moving_and_deleting_stock_keeps_the_totals():
    product = create_product()
    other = create_product()
    variant = create_variant(product)
    row = create_stock(product, on_hand=10, variant=variant)

    StockLevel.objects.filter(pk=row.pk).update(quantity_reserved=4)
    assert (stock(product), stock(variant)) == (6, 6)

    StockLevel.objects.filter(pk=row.pk).update(quantity_on_hand=F("quantity_on_hand") + 5)
    assert (stock(product), stock(variant)) == (11, 11)

    StockLevel.objects.filter(pk=row.pk).update(product=other, variant=None)
    assert (stock(product), stock(variant), stock(other)) == (0, 0, 11)

    StockLevel.objects.filter(pk=row.pk).delete()
    assert stock(other) == 0


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_concurrent_stock_changes_in_many_warehouses_leave_the_product_total_exact():
    """Eight connections change stock rows of one product at once; none of their changes is lost."""
    product = create_product()
    rows = [create_stock(product, create_warehouse(), on_hand=100) for _ in range(8)]
    barrier = threading.Barrier(len(rows))
    errors = []

    def work(row_id, delta):
        try:
            barrier.wait()
            for _ in range(5):
                with transaction.atomic():
                    StockLevel.objects.filter(pk=row_id).update(
                        quantity_on_hand=F("quantity_on_hand") + delta, quantity_reserved=F("quantity_reserved") + 1
                    )
        except Exception as exc:  # noqa: BLE001 - reported to the main thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(row.pk, index + 1)) for index, row in enumerate(rows)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    expected = sum(row.quantity_on_hand - row.quantity_reserved for row in StockLevel.objects.filter(product=product))
    assert expected == 8 * 100 + 5 * sum(range(1, 9)) - 8 * 5
    assert stock(product) == expected


def updates_of(table):
    """(row updates, of which HOT) by this transaction on `table`."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_stat_get_xact_tuples_updated(%s::regclass), pg_stat_get_xact_tuples_hot_updated(%s::regclass)",
            [table, table],
        )
        return cursor.fetchone()


@pytest.mark.django_db
def test_a_sale_rewrites_the_product_and_its_stock_row_in_place():
    """HOT updates: no index of products (three GIN ones among them) is touched when stock moves (issue #17)."""
    product = create_product()
    level = create_stock(product, create_warehouse(), on_hand=10)
    before = {table: updates_of(table) for table in ("products", "warehouse_stock")}

    StockLevel.objects.filter(pk=level.pk).update(quantity_reserved=F("quantity_reserved") + 3)

    after = {table: updates_of(table) for table in ("products", "warehouse_stock")}
    assert stock(product) == 7
    for table in ("products", "warehouse_stock"):
        updated, hot = (now - then for now, then in zip(after[table], before[table], strict=True))
        assert (table, updated, hot) == (table, 1, 1)
