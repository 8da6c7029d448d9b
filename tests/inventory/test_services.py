"""Stock services: receipts, adjustments, transfers, reservations and their ledger lines."""

import pytest

from apps.inventory.exceptions import OutOfStock, StockChangeRefused
from apps.inventory.models import StockLevel, StockMovement, StockReservation, Supplier
from apps.inventory.services import (
    adjust_stock,
    consume_reservations,
    receive_stock,
    release_reservations,
    reserve_stock,
    restock,
    transfer_stock,
)
from tests.factories import create_product, create_staff, create_stock, create_variant, create_warehouse
from tests.orders.factories import create_order

pytestmark = pytest.mark.django_db


def movements(**filters):
    return list(
        StockMovement.objects.filter(**filters)
        .order_by("created_at", "movement_type")
        .values_list("warehouse__code", "movement_type", "quantity", "on_hand_delta", "reserved_delta")
    )


def numbers(level):
    level.refresh_from_db()
    return level.quantity_on_hand, level.quantity_reserved


def test_receiving_stock_adds_it_on_hand_and_writes_a_receipt_with_supplier_and_reference():
    product, warehouse, staff = create_product(), create_warehouse(code="EU-1"), create_staff()
    supplier = Supplier.objects.create(name="Acme Supplies")

    level = receive_stock(
        warehouse=warehouse, product=product, quantity=12, supplier=supplier, reference="PO-7", user=staff
    )

    assert numbers(level) == (12, 0)
    movement = StockMovement.objects.get()
    assert (movement.movement_type, movement.quantity, movement.on_hand_delta, movement.reserved_delta) == (
        "receipt",
        12,
        12,
        0,
    )
    assert (movement.supplier, movement.reference, movement.created_by) == (supplier, "PO-7", staff)


def test_receiving_zero_units_is_refused():
    with pytest.raises(StockChangeRefused, match="Quantity must be at least 1."):
        receive_stock(warehouse=create_warehouse(), product=create_product(), quantity=0)


def test_an_adjustment_changes_on_hand_by_its_signed_delta_with_the_reason():
    product, warehouse = create_product(), create_warehouse()
    level = create_stock(product, warehouse, on_hand=10)

    adjust_stock(warehouse=warehouse, product=product, delta=-3, reason="Broken in transit")

    assert numbers(level) == (7, 0)
    movement = StockMovement.objects.get()
    assert (movement.movement_type, movement.quantity, movement.on_hand_delta, movement.reason) == (
        "adjustment",
        3,
        -3,
        "Broken in transit",
    )


def test_an_adjustment_below_the_reserved_units_is_refused_and_changes_nothing():
    product, warehouse = create_product(name="Lamp"), create_warehouse(code="EU-1")
    level = create_stock(product, warehouse, on_hand=5, quantity_reserved=3)

    with pytest.raises(StockChangeRefused) as refused:
        adjust_stock(warehouse=warehouse, product=product, delta=-3, reason="Count")

    assert refused.value.message == "Cannot remove 3 of “Lamp” at EU-1: 5 on hand, 3 reserved for orders."
    assert numbers(level) == (5, 3)
    assert StockMovement.objects.count() == 0


def test_an_adjustment_below_zero_is_refused():
    product, warehouse = create_product(name="Lamp"), create_warehouse(code="EU-1")
    create_stock(product, warehouse, on_hand=2)

    with pytest.raises(StockChangeRefused, match="Cannot remove 5 of “Lamp” at EU-1: 2 on hand"):
        adjust_stock(warehouse=warehouse, product=product, delta=-5, reason="Count")


def test_an_adjustment_needs_a_reason():
    with pytest.raises(StockChangeRefused, match="Say why"):
        adjust_stock(warehouse=create_warehouse(), product=create_product(), delta=2, reason=" ")


def test_a_transfer_moves_units_out_of_one_warehouse_and_into_the_other_under_one_reference():
    product = create_product()
    source, destination = create_warehouse(code="EU-1"), create_warehouse(code="US-1")
    create_stock(product, source, on_hand=10)

    out_level, in_level = transfer_stock(product=product, source=source, destination=destination, quantity=4)

    assert numbers(out_level) == (6, 0)
    assert numbers(in_level) == (4, 0)
    assert movements() == [("EU-1", "transfer_out", 4, -4, 0), ("US-1", "transfer_in", 4, 4, 0)]
    assert StockMovement.objects.values("reference").distinct().count() == 1


def test_a_transfer_cannot_move_reserved_units():
    product = create_product(name="Lamp")
    source, destination = create_warehouse(code="EU-1"), create_warehouse(code="US-1")
    create_stock(product, source, on_hand=10, quantity_reserved=8)

    with pytest.raises(StockChangeRefused, match="Cannot move 3 of “Lamp” from EU-1: only 2 available there."):
        transfer_stock(product=product, source=source, destination=destination, quantity=3)
    assert StockMovement.objects.count() == 0


def test_a_reservation_takes_the_first_warehouse_by_priority_then_the_next():
    product = create_product()
    first, second = create_warehouse(code="B-1", priority=1), create_warehouse(code="A-1", priority=2)
    first_level, second_level = create_stock(product, first, on_hand=3), create_stock(product, second, on_hand=5)
    order = create_order()

    reservations = reserve_stock(order=order, lines=[(product, None, 6)])

    assert numbers(first_level) == (3, 3)
    assert numbers(second_level) == (5, 3)
    assert sorted((r.stock_level.warehouse.code, r.quantity, r.status) for r in reservations) == [
        ("A-1", 3, "active"),
        ("B-1", 3, "active"),
    ]
    assert sorted(movements(order=order)) == [("A-1", "reservation", 3, 0, 3), ("B-1", "reservation", 3, 0, 3)]
    assert set(StockMovement.objects.values_list("reference", flat=True)) == {order.order_number}


def test_warehouses_of_equal_priority_are_taken_in_code_order():
    product = create_product()
    later, earlier = create_warehouse(code="ZZ"), create_warehouse(code="AA")
    later_level, earlier_level = create_stock(product, later, on_hand=5), create_stock(product, earlier, on_hand=5)

    reserve_stock(order=create_order(), lines=[(product, None, 2)])

    assert numbers(earlier_level) == (5, 2)
    assert numbers(later_level) == (5, 0)


def test_an_inactive_warehouse_is_never_reserved_from():
    product = create_product(name="Lamp")
    create_stock(product, create_warehouse(is_active=False), on_hand=50)
    create_stock(product, create_warehouse(), on_hand=1)

    with pytest.raises(OutOfStock, match="Only 1 of “Lamp” available; 2 requested."):
        reserve_stock(order=create_order(), lines=[(product, None, 2)])


def test_variants_are_reserved_separately_from_their_product():
    product = create_product(name="Shirt")
    variant = create_variant(product, name="Large")
    warehouse = create_warehouse()
    product_level = create_stock(product, warehouse, on_hand=10)
    variant_level = create_stock(product, warehouse, on_hand=1, variant=variant)

    with pytest.raises(OutOfStock, match="Only 1 of “Shirt \\(Large\\)” available; 2 requested."):
        reserve_stock(order=create_order(), lines=[(product, variant, 2)])
    reserve_stock(order=create_order(), lines=[(product, variant, 1), (product, None, 4)])

    assert numbers(variant_level) == (1, 1)
    assert numbers(product_level) == (10, 4)


def test_when_one_line_cannot_be_met_nothing_is_reserved_and_the_error_names_it():
    lamp, chair = create_product(name="Lamp"), create_product(name="Chair")
    warehouse = create_warehouse()
    lamp_level, chair_level = create_stock(lamp, warehouse, on_hand=5), create_stock(chair, warehouse, on_hand=2)

    with pytest.raises(OutOfStock) as error:
        reserve_stock(order=create_order(), lines=[(lamp, None, 3), (chair, None, 1), (chair, None, 4)])

    assert error.value.message == "Only 2 of “Chair” available; 5 requested."
    assert (error.value.code, error.value.product, error.value.available) == ("out_of_stock", chair, 2)
    assert numbers(lamp_level) == (5, 0)
    assert numbers(chair_level) == (2, 0)
    assert StockReservation.objects.count() == 0
    assert StockMovement.objects.count() == 0


def test_releasing_gives_reserved_units_back_once():
    product = create_product()
    first, second = create_warehouse(code="A", priority=1), create_warehouse(code="B", priority=2)
    first_level, second_level = create_stock(product, first, on_hand=2), create_stock(product, second, on_hand=4)
    order = create_order()
    reserve_stock(order=order, lines=[(product, None, 5)])

    assert release_reservations(order=order, reason="Payment declined") == 2
    assert release_reservations(order=order, reason="Payment declined") == 0

    assert numbers(first_level) == (2, 0)
    assert numbers(second_level) == (4, 0)
    assert set(order.reservations.values_list("status", flat=True)) == {"released"}
    assert sorted(movements(order=order, movement_type="release")) == [
        ("A", "release", 2, 0, -2),
        ("B", "release", 3, 0, -3),
    ]
    assert set(StockMovement.objects.filter(movement_type="release").values_list("reason", flat=True)) == {
        "Payment declined"
    }


def test_consuming_takes_shipped_units_off_hand_and_ends_the_hold():
    product, warehouse = create_product(), create_warehouse(code="A")
    level = create_stock(product, warehouse, on_hand=10)
    order = create_order()
    reserve_stock(order=order, lines=[(product, None, 4)])

    consume_reservations(order=order)

    assert numbers(level) == (6, 0)
    assert order.reservations.get().status == "consumed"
    assert movements(movement_type="shipment") == [("A", "shipment", 4, -4, -4)]


def test_restocking_a_return_puts_units_back_with_the_order_as_reference():
    product, warehouse = create_product(), create_warehouse(code="A")
    order = create_order()

    level = restock(product=product, warehouse=warehouse, quantity=2, order=order, reason="Wrong size")

    assert numbers(level) == (2, 0)
    movement = StockMovement.objects.get()
    assert (movement.movement_type, movement.on_hand_delta, movement.reference, movement.reason) == (
        "return",
        2,
        order.order_number,
        "Wrong size",
    )


def test_the_ledger_adds_up_to_the_stock_on_hand():
    product, warehouse, other = create_product(), create_warehouse(priority=1), create_warehouse(priority=2)
    receive_stock(warehouse=warehouse, product=product, quantity=20)
    adjust_stock(warehouse=warehouse, product=product, delta=-2, reason="Count")
    transfer_stock(product=product, source=warehouse, destination=other, quantity=5)
    order = create_order()
    reserve_stock(order=order, lines=[(product, None, 4)])
    consume_reservations(order=order)

    level = StockLevel.objects.get(warehouse=warehouse)
    ledger = StockMovement.objects.filter(warehouse=warehouse)
    assert level.quantity_on_hand == sum(ledger.values_list("on_hand_delta", flat=True)) == 9
    assert level.quantity_reserved == sum(ledger.values_list("reserved_delta", flat=True)) == 0
