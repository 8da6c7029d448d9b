"""Many checkouts reserving the last units at once: exactly the stock there is gets promised."""

from functools import partial

import pytest

from apps.inventory.exceptions import OutOfStock
from apps.inventory.models import StockReservation
from apps.inventory.services import reserve_stock
from tests.concurrency import count_errors, run_at_once, successes
from tests.factories import create_product, create_stock, create_warehouse
from tests.orders.factories import create_order


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_fifty_simultaneous_reservations_of_ten_units_give_exactly_ten():
    product = create_product()
    level = create_stock(product, create_warehouse(), on_hand=10)
    orders = [create_order() for _ in range(50)]

    outcomes = run_at_once([partial(reserve_stock, order=order, lines=[(product, None, 1)]) for order in orders])

    level.refresh_from_db()
    assert len(successes(outcomes)) == 10
    assert count_errors(outcomes, OutOfStock) == 40
    assert (level.quantity_on_hand, level.quantity_reserved, level.quantity_available) == (10, 10, 0)
    assert StockReservation.objects.filter(status="active").count() == 10
