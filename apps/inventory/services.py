"""Writes of stock.

Every change locks the warehouse_stock rows it touches, always in primary-key order so that two
transactions never wait for each other in a cycle (checkout's reservations are the exception: one
database function takes them with conditional updates, in item and warehouse priority order, and a
rare deadlock with another service is retried), and appends one StockMovement per row changed:
the ledger explains every unit. The database's CHECK constraints (never negative, reserved within
on hand) are the last line; the services refuse earlier with a message people can act on.
"""

import uuid

from django.db import connection
from django.db.models.functions import Now
from django.utils import timezone

from apps.catalog.version import bump_catalog_version
from apps.core.db import retry_on_conflict
from apps.notifications.events import Event
from apps.notifications.services import notify_staff

from .exceptions import OutOfStock, StockChangeRefused, TransferRefused
from .models import MovementType, StockLevel, StockMovement, StockReservation, Transfer
from .selectors import low_stock_levels


def _lock_levels(ids):
    """Lock stock levels by primary key, in primary-key order; returns them by id."""
    levels = (
        StockLevel.objects.select_for_update(of=("self",))
        .select_related("warehouse", "product", "variant")
        .filter(pk__in=ids)
        .order_by("pk")
    )
    return {level.pk: level for level in levels}


def _ensure_level(*, warehouse, product, variant):
    level, _ = StockLevel.objects.get_or_create(warehouse=warehouse, product=product, variant=variant)
    return level


def _record(level, *, movement_type, quantity, on_hand_delta=0, reserved_delta=0, user=None, **details):
    """Apply a change to a locked stock level and write its ledger line.

    An alert flag is cleared as soon as available units are back above the reorder point, so the next
    fall below it alerts again (one alert per crossing).
    """
    level.quantity_on_hand += on_hand_delta
    level.quantity_reserved += reserved_delta
    fields = ["quantity_on_hand", "quantity_reserved", "updated_at"]
    if level.low_stock_alerted_at and level.quantity_available > level.reorder_point:
        level.low_stock_alerted_at = None
        fields.append("low_stock_alerted_at")
    level.save(update_fields=fields)
    bump_catalog_version()  # the stock state catalog pages show
    return StockMovement.objects.create(
        warehouse_id=level.warehouse_id,
        product_id=level.product_id,
        variant_id=level.variant_id,
        movement_type=movement_type,
        quantity=quantity,
        on_hand_delta=on_hand_delta,
        reserved_delta=reserved_delta,
        created_by=user,
        **details,
    )


def _require_positive(quantity):
    if quantity < 1:
        raise StockChangeRefused("Quantity must be at least 1.", fields={"quantity": quantity})


@retry_on_conflict()
def receive_stock(*, warehouse, product, variant=None, quantity, supplier=None, reference="", user=None):
    """Goods arrived from a supplier: on hand grows by `quantity`."""
    _require_positive(quantity)
    level = _ensure_level(warehouse=warehouse, product=product, variant=variant)
    level = _lock_levels([level.pk])[level.pk]
    _record(
        level,
        movement_type=MovementType.RECEIPT,
        quantity=quantity,
        on_hand_delta=quantity,
        supplier=supplier,
        reference=reference,
        reason=f"Received from {supplier}" if supplier else "Received",
        user=user,
    )
    return level


@retry_on_conflict()
def adjust_stock(*, warehouse, product, variant=None, delta, reason, user=None):
    """Correct on hand by a signed `delta` (a count, breakage, a find), with the reason people gave.

    Refused when it would leave fewer units on hand than zero or than are promised to orders.
    """
    if delta == 0:
        raise StockChangeRefused("An adjustment must change the quantity.", fields={"delta": delta})
    if not reason.strip():
        raise StockChangeRefused("Say why the stock is adjusted.", fields={"reason": reason})
    level = _ensure_level(warehouse=warehouse, product=product, variant=variant)
    level = _lock_levels([level.pk])[level.pk]
    if level.quantity_on_hand + delta < level.quantity_reserved:
        raise StockChangeRefused(
            f"Cannot remove {-delta} of “{level.product.name}” at {level.warehouse.code}: "
            f"{level.quantity_on_hand} on hand, {level.quantity_reserved} reserved for orders.",
            fields={"delta": delta},
        )
    _record(
        level,
        movement_type=MovementType.ADJUSTMENT,
        quantity=abs(delta),
        on_hand_delta=delta,
        reason=reason,
        user=user,
    )
    return level


def _lock_transfer(transfer, *expected):
    """Lock a transfer row and check it is in one of the `expected` states."""
    transfer = (
        Transfer.objects.select_for_update(of=("self",))
        .select_related("product", "variant", "source", "destination")
        .get(pk=transfer.pk)
    )
    if transfer.status not in expected:
        raise TransferRefused(
            f"Transfer {transfer.reference} is {transfer.get_status_display().lower()}; "
            f"it must be {' or '.join(Transfer.Status(state).label.lower() for state in expected)}.",
            fields={"status": transfer.status},
        )
    return transfer


def _move(transfer, warehouse, *, movement_type, on_hand_delta, reason, user):
    level = _ensure_level(warehouse=warehouse, product=transfer.product, variant=transfer.variant)
    level = _lock_levels([level.pk])[level.pk]
    if level.quantity_available + min(on_hand_delta, 0) < 0:
        raise StockChangeRefused(
            f"Cannot move {transfer.quantity} of “{transfer.product.name}” from {warehouse.code}: "
            f"only {level.quantity_available} available there.",
            fields={"quantity": transfer.quantity},
        )
    _record(
        level,
        movement_type=movement_type,
        quantity=transfer.quantity,
        on_hand_delta=on_hand_delta,
        reference=transfer.reference,
        reason=reason,
        user=user,
    )
    return level


def request_transfer(*, product, variant=None, source, destination, quantity, reference="", user=None):
    """Ask for units to move between warehouses; nothing moves until it ships."""
    _require_positive(quantity)
    if source.pk == destination.pk:
        raise StockChangeRefused("Source and destination are the same warehouse.", fields={"destination": ""})
    if variant is not None and variant.product_id != product.pk:
        raise StockChangeRefused("This variant belongs to another product.", fields={"variant": str(variant.pk)})
    return Transfer.objects.create(
        reference=reference or f"TR-{uuid.uuid4().hex[:8].upper()}",
        product=product,
        variant=variant,
        source=source,
        destination=destination,
        quantity=quantity,
        requested_by=user,
    )


@retry_on_conflict()
def ship_transfer(*, transfer, user=None):
    """The units leave the source (transfer-out) and are in transit. Refused if they are not available."""
    transfer = _lock_transfer(transfer, Transfer.Status.REQUESTED)
    level = _move(
        transfer,
        transfer.source,
        movement_type=MovementType.TRANSFER_OUT,
        on_hand_delta=-transfer.quantity,
        reason=f"{transfer.source.code} → {transfer.destination.code} (in transit)",
        user=user,
    )
    transfer.status, transfer.shipped_at = Transfer.Status.SHIPPED, timezone.now()
    transfer.save(update_fields=["status", "shipped_at", "updated_at"])
    return transfer, level


@retry_on_conflict()
def receive_transfer(*, transfer, user=None):
    """The units in transit arrive at the destination (transfer-in)."""
    transfer = _lock_transfer(transfer, Transfer.Status.SHIPPED)
    level = _move(
        transfer,
        transfer.destination,
        movement_type=MovementType.TRANSFER_IN,
        on_hand_delta=transfer.quantity,
        reason=f"{transfer.source.code} → {transfer.destination.code}",
        user=user,
    )
    transfer.status, transfer.received_at = Transfer.Status.RECEIVED, timezone.now()
    transfer.save(update_fields=["status", "received_at", "updated_at"])
    return transfer, level


@retry_on_conflict()
def cancel_transfer(*, transfer, user=None):
    """Call a transfer off: a requested one simply ends; units in transit go back to the source."""
    transfer = _lock_transfer(transfer, Transfer.Status.REQUESTED, Transfer.Status.SHIPPED)
    if transfer.status == Transfer.Status.SHIPPED:
        _move(
            transfer,
            transfer.source,
            movement_type=MovementType.TRANSFER_IN,
            on_hand_delta=transfer.quantity,
            reason=f"Transfer to {transfer.destination.code} cancelled: back at {transfer.source.code}",
            user=user,
        )
    transfer.status, transfer.cancelled_at = Transfer.Status.CANCELLED, timezone.now()
    transfer.save(update_fields=["status", "cancelled_at", "updated_at"])
    return transfer


@retry_on_conflict()
def transfer_stock(*, product, variant=None, source, destination, quantity, reference="", user=None):
    """Move available units between warehouses at once (requested, shipped and received in one go):
    a transfer-out and a transfer-in, both or neither. Returns the source and destination levels."""
    transfer = request_transfer(
        product=product,
        variant=variant,
        source=source,
        destination=destination,
        quantity=quantity,
        reference=reference,
        user=user,
    )
    transfer, out_level = ship_transfer(transfer=transfer, user=user)
    _, in_level = receive_transfer(transfer=transfer, user=user)
    return out_level, in_level


def _merge_lines(lines):
    """(product, variant, quantity) lines summed per item, in the order they were given."""
    merged = {}
    for product, variant, quantity in lines:
        if quantity < 1:
            raise StockChangeRefused("Quantity must be at least 1.", fields={"quantity": quantity})
        key = (product.pk, variant.pk if variant else None)
        _, _, total = merged.get(key, (product, variant, 0))
        merged[key] = (product, variant, total + quantity)
    return merged


def reserve_stock(*, order, lines):
    """Hold stock for an order's lines: [(product, variant_or_None, quantity), ...].

    Each line is taken from the active warehouses in priority order, split across several if one is
    short. All or nothing: if any line cannot be met, OutOfStock names it and nothing stays reserved.
    Returns the StockReservation rows (a lazy queryset).

    One round trip: the database function inventory_reserve_stock (migrations 0008 and 0010) takes
    the units with conditional updates, writes the ledger and the reservations, or gives back what
    it took and names a short item.
    """
    wanted = _merge_lines(lines)
    if not wanted:
        return StockReservation.objects.none()
    rows = _hold_stock(order, list(wanted.values()))
    if rows and rows[0][0] is None:
        _, product_id, variant_id, requested, reserved = rows[0]
        product, variant, _ = wanted[(product_id, variant_id)]
        raise OutOfStock(product=product, variant=variant, requested=requested, available=reserved)
    return StockReservation.objects.select_related("stock_level__warehouse").filter(pk__in=[row[0] for row in rows])


# No savepoint inside a caller's transaction (checkout's): the function is all or nothing by itself,
# and a database error in it fails the caller's transaction anyway.
@retry_on_conflict(savepoint=False)
def _hold_stock(order, items):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT * FROM inventory_reserve_stock(%s, %s, %s::uuid[], %s::uuid[], %s::integer[])",
            [
                order.pk,
                order.order_number,
                [product.pk for product, _, _ in items],
                [variant.pk if variant else None for _, variant, _ in items],
                [quantity for _, _, quantity in items],
            ],
        )
        rows = cursor.fetchall()
    if rows and rows[0][0] is not None:
        bump_catalog_version()  # the stock state catalog pages show
    return rows


def _active_reservations(order):
    return list(
        StockReservation.objects.select_for_update()
        .select_related("stock_level")
        .filter(order=order, status=StockReservation.Status.ACTIVE)
        .order_by("pk")
    )


def _settle(order, settled, *, status, movement_type, ships, reason, user):
    """End the holds of [(reservation, units), ...]: a reservation settled in part keeps its rest
    active and the settled units become a row of their own with `status`."""
    levels = _lock_levels({reservation.stock_level_id for reservation, _ in settled})
    for reservation, units in settled:
        _record(
            levels[reservation.stock_level_id],
            movement_type=movement_type,
            quantity=units,
            on_hand_delta=-units if ships else 0,
            reserved_delta=-units,
            order=order,
            reference=order.order_number,
            reason=reason,
            user=user,
        )
        if units == reservation.quantity:
            reservation.status = status
            reservation.save(update_fields=["status", "updated_at"])
        else:
            reservation.quantity -= units
            reservation.save(update_fields=["quantity", "updated_at"])
            StockReservation.objects.create(
                order=order, stock_level_id=reservation.stock_level_id, quantity=units, status=status
            )
    return len(settled)


def _take(reservations, lines):
    """[(reservation, units)] covering `lines` ((product, variant, quantity)) from the reservations
    of each item, in the order they were made. Items without reservations (stock not tracked) are
    skipped; no more than an item's held units is ever taken."""
    taken = []
    for product, variant, quantity in _merge_lines(lines).values():
        key = (product.pk, variant.pk if variant else None)
        for reservation in reservations:
            level = reservation.stock_level
            if quantity and (level.product_id, level.variant_id) == key:
                units = min(quantity, reservation.quantity)
                taken.append((reservation, units))
                quantity -= units
    return taken


@retry_on_conflict()
def release_reservations(*, order, reason, user=None):
    """Give an order's held stock back (cancellation, declined payment). Returns how many holds ended;
    releasing twice releases nothing the second time."""
    settled = [(reservation, reservation.quantity) for reservation in _active_reservations(order)]
    return _settle(
        order,
        settled,
        status=StockReservation.Status.RELEASED,
        movement_type=MovementType.RELEASE,
        ships=False,
        reason=reason,
        user=user,
    )


@retry_on_conflict()
def consume_reservations(*, order, lines=None, user=None):
    """Held units left the warehouse: they leave on hand and their hold ends. `lines`
    ((product, variant, quantity)) ships part of the order; without it, everything held ships.
    Returns how many holds ended."""
    reservations = _active_reservations(order)
    if lines is None:
        settled = [(reservation, reservation.quantity) for reservation in reservations]
    else:
        settled = _take(reservations, lines)
    return _settle(
        order,
        settled,
        status=StockReservation.Status.CONSUMED,
        movement_type=MovementType.SHIPMENT,
        ships=True,
        reason="Shipped",
        user=user,
    )


@retry_on_conflict()
def restock(*, product, variant=None, warehouse, quantity, order=None, reason="", user=None):
    """Returned goods back on the shelf of `warehouse`."""
    _require_positive(quantity)
    level = _ensure_level(warehouse=warehouse, product=product, variant=variant)
    level = _lock_levels([level.pk])[level.pk]
    _record(
        level,
        movement_type=MovementType.RETURN,
        quantity=quantity,
        on_hand_delta=quantity,
        order=order,
        reference=order.order_number if order else "",
        reason=reason or "Returned by customer",
        user=user,
    )
    return level


@retry_on_conflict()
def alert_low_stock():
    """Alert staff about stock levels that fell to their reorder point since the last alert.

    A level is alerted once per crossing: it is stamped here and the stamp is cleared by the stock
    change that lifts it above the point again. Levels another run is alerting are skipped.
    Returns the levels alerted.
    """
    levels = list(
        low_stock_levels().filter(low_stock_alerted_at__isnull=True).select_for_update(of=("self",), skip_locked=True)
    )
    if not levels:
        return []
    StockLevel.objects.filter(pk__in=[level.pk for level in levels]).update(
        low_stock_alerted_at=timezone.now(), updated_at=Now()
    )
    lines = [
        f"{level.warehouse.code}: {level.variant or level.product.name} — {level.available} available "
        f"(reorder point {level.reorder_point}{' set by hand' if level.reorder_point_manual else ''}, "
        f"suggested order {level.reorder_quantity})"
        for level in levels
    ]
    notify_staff(
        kind=Event.LOW_STOCK,
        title=f"Low stock: {len(levels)} item(s) at or below their reorder point",
        body="\n".join(lines),
        data={"stock_levels": [str(level.pk) for level in levels]},
    )
    return levels
