"""Many checkouts reserving the last units at once: exactly the stock there is gets promised."""

import threading

import pytest
from django.db import connection

from apps.inventory.exceptions import OutOfStock
from apps.inventory.models import StockReservation
from apps.inventory.services import reserve_stock
from tests.factories import create_product, create_stock, create_warehouse
from tests.orders.factories import create_order


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_fifty_simultaneous_reservations_of_ten_units_give_exactly_ten():
    product = create_product()
    level = create_stock(product, create_warehouse(), on_hand=10)
    orders = [create_order() for _ in range(50)]
    barrier = threading.Barrier(len(orders))
    outcomes = []

    def reserve(order):
        try:
            barrier.wait(timeout=30)
            reserve_stock(order=order, lines=[(product, None, 1)])
            outcomes.append("reserved")
        except OutOfStock:
            outcomes.append("out of stock")
        finally:
            connection.close()

    threads = [threading.Thread(target=reserve, args=(order,)) for order in orders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    level.refresh_from_db()
    assert outcomes.count("reserved") == 10
    assert outcomes.count("out of stock") == 40
    assert (level.quantity_on_hand, level.quantity_reserved, level.quantity_available) == (10, 10, 0)
    assert StockReservation.objects.filter(status="active").count() == 10
