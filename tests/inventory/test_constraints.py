"""Every constraint of the inventory tables refuses a row written past Django's validation."""

import pytest

from apps.inventory.models import MovementType, StockMovement, StockReservation, Transfer
from tests.factories import create_product, create_stock, create_warehouse
from tests.model_factories import create_order, refused_by, write

pytestmark = pytest.mark.django_db


def second_stock_row_for_the_same_item():
    product, warehouse = create_product(), create_warehouse()
    create_stock(product, warehouse)
    create_stock(product, warehouse)


def movement(**fields):
    values = {"movement_type": MovementType.RECEIPT, "quantity": 5, "on_hand_delta": 5, "reserved_delta": 0}
    values.update(fields)
    return StockMovement.objects.create(warehouse=create_warehouse(), product=create_product(), **values)


def reservation(**fields):
    return StockReservation.objects.create(
        order=create_order(), stock_level=create_stock(create_product()), **{"quantity": 1, **fields}
    )


def transfer(**fields):
    values = {"reference": f"TR-{Transfer.objects.count()}", "quantity": 1, **fields}
    source = values.pop("source", None) or create_warehouse()
    return Transfer.objects.create(product=create_product(), source=source, destination=create_warehouse(), **values)


def transfer_to_itself():
    warehouse = create_warehouse()
    Transfer.objects.create(
        reference="TR-SELF", product=create_product(), source=warehouse, destination=warehouse, quantity=1
    )


VIOLATIONS = {
    "warehouses_code_key": lambda: (create_warehouse(code="EU-1"), create_warehouse(code="EU-1")),
    "warehouse_stock_item_key": second_stock_row_for_the_same_item,
    # Negative on-hand also breaks reserved <= on-hand; PostgreSQL checks in name order and names this one.
    "warehouse_stock_on_hand_non_negative": lambda: write(create_stock(create_product()), quantity_on_hand=-1),
    "warehouse_stock_reserved_non_negative": lambda: write(create_stock(create_product()), quantity_reserved=-1),
    "warehouse_stock_reserved_within_on_hand": lambda: write(
        create_stock(create_product(), on_hand=3), quantity_reserved=4
    ),
    "warehouse_stock_reorder_point_non_negative": lambda: write(create_stock(create_product()), reorder_point=-1),
    "stock_movements_quantity_positive": lambda: movement(quantity=0),
    "stock_movements_type_check": lambda: movement(movement_type="theft"),
    "stock_reservations_quantity_positive": lambda: reservation(quantity=0),
    "stock_reservations_status_check": lambda: reservation(status="lost"),
    "stock_transfers_reference_key": lambda: (transfer(reference="TR-1"), transfer(reference="TR-1")),
    "stock_transfers_quantity_positive": lambda: transfer(quantity=0),
    "stock_transfers_distinct_warehouses": transfer_to_itself,
    "stock_transfers_status_check": lambda: transfer(status="lost"),
}


@pytest.mark.parametrize("constraint", VIOLATIONS)
def test_the_database_refuses_a_row_that_breaks(constraint):
    with refused_by(constraint):
        VIOLATIONS[constraint]()
