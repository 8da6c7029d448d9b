"""Transfers with an in-transit state: requested → shipped (stock leaves) → received (arrives) or cancelled."""

import pytest

from apps.inventory.exceptions import StockChangeRefused, TransferRefused
from apps.inventory.models import MovementType, StockLevel, StockMovement, Transfer
from apps.inventory.services import (
    cancel_transfer,
    receive_stock,
    receive_transfer,
    request_transfer,
    ship_transfer,
)
from tests.factories import create_product, create_staff, create_warehouse

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting():
    product = create_product(name="Kettle")
    source, destination = create_warehouse(code="EU-1"), create_warehouse(code="US-1")
    receive_stock(warehouse=source, product=product, quantity=10)
    return product, source, destination


def _on_hand(product, warehouse):
    level = StockLevel.objects.filter(product=product, warehouse=warehouse).first()
    return level.quantity_on_hand if level else 0


def _ledger(reference):
    return list(
        StockMovement.objects.filter(reference=reference)
        .order_by("created_at")
        .values_list("warehouse__code", "movement_type", "on_hand_delta")
    )


def test_a_transfer_moves_nothing_when_requested_leaves_when_shipped_and_arrives_when_received(setting):
    product, source, destination = setting
    staff = create_staff()
    transfer = request_transfer(product=product, source=source, destination=destination, quantity=4, user=staff)
    assert (transfer.status, _on_hand(product, source), _ledger(transfer.reference)) == ("requested", 10, [])

    transfer, _ = ship_transfer(transfer=transfer, user=staff)
    assert transfer.status == Transfer.Status.SHIPPED and transfer.shipped_at is not None
    assert (_on_hand(product, source), _on_hand(product, destination)) == (6, 0)  # 4 in transit

    transfer, _ = receive_transfer(transfer=transfer, user=staff)
    assert transfer.status == Transfer.Status.RECEIVED
    assert (_on_hand(product, source), _on_hand(product, destination)) == (6, 4)
    assert _ledger(transfer.reference) == [
        ("EU-1", MovementType.TRANSFER_OUT, -4),
        ("US-1", MovementType.TRANSFER_IN, 4),
    ]


def test_cancelling_a_shipped_transfer_puts_the_units_back_at_the_source(setting):
    product, source, destination = setting
    transfer, _ = ship_transfer(
        transfer=request_transfer(product=product, source=source, destination=destination, quantity=4)
    )
    transfer = cancel_transfer(transfer=transfer)
    assert (transfer.status, _on_hand(product, source), _on_hand(product, destination)) == ("cancelled", 10, 0)
    assert _ledger(transfer.reference) == [
        ("EU-1", MovementType.TRANSFER_OUT, -4),
        ("EU-1", MovementType.TRANSFER_IN, 4),
    ]


def test_cancelling_a_requested_transfer_writes_nothing_to_the_ledger(setting):
    product, source, destination = setting
    transfer = cancel_transfer(
        transfer=request_transfer(product=product, source=source, destination=destination, quantity=4)
    )
    assert (transfer.status, _ledger(transfer.reference)) == ("cancelled", [])


def test_shipping_more_than_is_available_is_refused_and_the_transfer_stays_requested(setting):
    product, source, destination = setting
    transfer = request_transfer(product=product, source=source, destination=destination, quantity=11)
    with pytest.raises(StockChangeRefused, match="only 10 available there"):
        ship_transfer(transfer=transfer)
    transfer.refresh_from_db()
    assert (transfer.status, _on_hand(product, source)) == ("requested", 10)


@pytest.mark.parametrize(
    ("done", "refused", "message"),
    [
        ((), receive_transfer, "is requested; it must be in transit"),
        ((ship_transfer, receive_transfer), ship_transfer, "is received; it must be requested"),
        ((ship_transfer, receive_transfer), cancel_transfer, "is received; it must be requested or in transit"),
        ((cancel_transfer,), ship_transfer, "is cancelled; it must be requested"),
    ],
)
def test_steps_out_of_order_are_refused_and_change_nothing(setting, done, refused, message):
    product, source, destination = setting
    transfer = request_transfer(product=product, source=source, destination=destination, quantity=2)
    for step in done:
        step(transfer=transfer)
    before = (_on_hand(product, source), _on_hand(product, destination), StockMovement.objects.count())
    with pytest.raises(TransferRefused, match=message):
        refused(transfer=transfer)
    assert (_on_hand(product, source), _on_hand(product, destination), StockMovement.objects.count()) == before


@pytest.mark.parametrize(
    ("quantity", "same_place", "message"),
    [
        (0, False, "Quantity must be at least 1."),
        (-3, False, "Quantity must be at least 1."),
        (2, True, "Source and destination are the same warehouse."),
    ],
)
def test_a_bad_request_is_refused(setting, quantity, same_place, message):
    product, source, destination = setting
    with pytest.raises(StockChangeRefused, match=message):
        request_transfer(
            product=product, source=source, destination=source if same_place else destination, quantity=quantity
        )
    assert not Transfer.objects.exists()
