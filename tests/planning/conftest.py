import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.inventory.models import Supplier
from apps.inventory.services import receive_stock
from apps.planning.models import SupplierProduct
from apps.planning.weeks import history_mondays
from tests.factories import create_product, create_warehouse
from tests.model_factories import create_order, create_order_item

WEEKS_SOLD = 20
UNITS_PER_WEEK = 5


def yesterday():
    return timezone.now().date() - datetime.timedelta(days=1)


def sell_weekly(product, units, weeks, variant=None):
    """One order on the Wednesday of each of the last `weeks` complete weeks: of `units` units, or of
    units[n % len(units)] in week n when `units` is a list."""
    pattern = units if isinstance(units, list) else [units]
    for n, monday in enumerate(history_mondays(yesterday())[-weeks:]):
        placed = datetime.datetime.combine(monday + datetime.timedelta(days=2), datetime.time(12), tzinfo=datetime.UTC)
        quantity = pattern[n % len(pattern)]
        create_order_item(order=create_order(placed_at=placed), product=product, quantity=quantity, variant=variant)


@pytest.fixture
def steady_seller(db):
    """A mug that sold 5 a week for 20 weeks, 3 on hand at EU-1, bought from Acme (cost 5.00, packs of
    6, at least 12, 7 days); its own cost price 4.00."""
    product = create_product(name="Steady Mug", cost_price=Decimal("4.00"))
    warehouse = create_warehouse(code="EU-1")
    supplier = Supplier.objects.create(name="Acme", lead_time_days=10)
    SupplierProduct.objects.create(
        supplier=supplier, product=product, cost=Decimal("5.00"), pack_size=6, minimum_order=12, lead_time_days=7
    )
    receive_stock(warehouse=warehouse, product=product, quantity=3, reference="OPENING")
    sell_weekly(product, UNITS_PER_WEEK, WEEKS_SOLD)
    return product, warehouse, supplier
