"""Purchase orders: draft (by hand or from the reorder suggestions) → sent → partially received →
received, or closed; every step recorded in the status history.

Receiving books the units through inventory.services.receive_stock (the ledger, with the PO number as
reference) and moves the item's average cost:
    new average = (units on hand × old average + units received × unit cost) ÷ (on hand + received)
"""

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.db.models import Sum

from apps.core.db import retry_on_conflict
from apps.inventory.models import StockLevel
from apps.inventory.services import receive_stock
from apps.notifications.events import Event
from apps.notifications.services import notify

from ..exceptions import PurchaseOrderRefused, PurchaseOrderStateError
from ..models import ItemCost, PurchaseOrder, PurchaseOrderLine, PurchaseOrderStatusChange, ReorderSuggestion

Status = PurchaseOrder.Status


def _next_number():
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval('purchase_order_number_seq')")
        return f"PO-{cursor.fetchone()[0]:06d}"


def _change_status(order, status, *, user, note=""):
    previous = order.status
    order.status = status
    order.save(update_fields=["status", "updated_at"])
    PurchaseOrderStatusChange.objects.create(
        purchase_order=order, status=status, previous_status=previous, note=note, user=user
    )


def _lock(order, *allowed):
    order = PurchaseOrder.objects.select_for_update().select_related("supplier", "warehouse").get(pk=order.pk)
    if order.status not in allowed:
        raise PurchaseOrderStateError(
            f"{order.number} is {order.get_status_display().lower()}: it must be "
            f"{' or '.join(Status(s).label.lower() for s in allowed)}.",
            fields={"status": order.status},
        )
    return order


def _check_lines(lines):
    seen = set()
    for product, variant, quantity, unit_cost in lines:
        key = (product.pk, variant.pk if variant else None)
        if key in seen:
            raise PurchaseOrderRefused(f"“{product.name}” is on the order twice.", fields={"lines": str(product.pk)})
        seen.add(key)
        if variant is not None and variant.product_id != product.pk:
            raise PurchaseOrderRefused("This variant belongs to another product.", fields={"variant": str(variant.pk)})
        if quantity < 1:
            raise PurchaseOrderRefused("Order at least 1 unit of each line.", fields={"quantity": quantity})
        if unit_cost < 0:
            raise PurchaseOrderRefused("A unit cost cannot be negative.", fields={"unit_cost": str(unit_cost)})


@retry_on_conflict()
def create_purchase_order(*, supplier, warehouse, lines, user=None, notes=""):
    """A draft order of [(product, variant_or_None, quantity, unit_cost), ...]."""
    if not lines:
        raise PurchaseOrderRefused("A purchase order needs at least one line.", fields={"lines": []})
    _check_lines(lines)
    order = PurchaseOrder.objects.create(
        number=_next_number(), supplier=supplier, warehouse=warehouse, created_by=user, notes=notes
    )
    PurchaseOrderLine.objects.bulk_create(
        PurchaseOrderLine(
            purchase_order=order, product=product, variant=variant, quantity_ordered=quantity, unit_cost=unit_cost
        )
        for product, variant, quantity, unit_cost in lines
    )
    PurchaseOrderStatusChange.objects.create(purchase_order=order, status=Status.DRAFT, user=user, note=notes[:255])
    return order


@retry_on_conflict()
def draft_from_suggestions(*, suggestions, user=None):
    """One draft purchase order per supplier and warehouse for the suggestions with something to order
    and a supplier. The drafted units count as on order at once, so a second click drafts nothing.
    Returns the orders created."""
    groups = defaultdict(list)
    chosen = (
        ReorderSuggestion.objects.select_for_update(of=("self",))
        .filter(pk__in=[s.pk for s in suggestions], order_quantity__gt=0, supplier_product__isnull=False)
        .select_related("stock_level__product", "stock_level__variant", "stock_level__warehouse", "supplier_product")
        .order_by("pk")
    )
    for suggestion in chosen:
        groups[(suggestion.supplier_product.supplier_id, suggestion.stock_level.warehouse_id)].append(suggestion)
    orders = []
    for group in groups.values():
        first = group[0]
        orders.append(
            create_purchase_order(
                supplier=first.supplier_product.supplier,
                warehouse=first.stock_level.warehouse,
                lines=[
                    (s.stock_level.product, s.stock_level.variant, s.order_quantity, s.supplier_product.cost)
                    for s in group
                ],
                user=user,
                notes="Drafted from reorder suggestions",
            )
        )
        for suggestion in group:
            suggestion.on_order += suggestion.order_quantity
            suggestion.order_quantity = 0
        ReorderSuggestion.objects.bulk_update(group, ["on_order", "order_quantity", "updated_at"])
    return orders


def _order_text(order):
    lines = order.lines.select_related("product", "variant__product")
    return "\n".join(
        [
            f"Purchase order {order.number}, to be delivered to {order.warehouse.name} ({order.warehouse.code}):",
            *(
                f"- {line.quantity_ordered} × {line.variant or line.product} "
                f"({line.variant.sku if line.variant else line.product.sku}) at {line.unit_cost} {order.currency}"
                for line in lines
            ),
        ]
    )


@retry_on_conflict()
def send_purchase_order(*, order, user=None):
    """The draft goes to the supplier: by email when the supplier has an address (after commit)."""
    order = _lock(order, Status.DRAFT)
    _change_status(order, Status.SENT, user=user, note=f"Sent to {order.supplier}")
    if order.supplier.email:
        notify(
            event=Event.PURCHASE_ORDER_SENT,
            email=order.supplier.email,
            context={
                "title": f"Purchase order {order.number}",
                "body": _order_text(order),
                "data": {"purchase_order": str(order.pk), "number": order.number},
            },
        )
    return order


@retry_on_conflict()
def close_purchase_order(*, order, user=None, reason=""):
    """Nothing more is expected: whatever was not received is no longer on order."""
    order = _lock(order, Status.DRAFT, Status.SENT, Status.PARTIALLY_RECEIVED)
    _change_status(order, Status.CLOSED, user=user, note=reason[:255])
    return order


def _validated_receipt(order, quantities):
    """{line: units} from {line id: units}, refusing unknown lines, negatives and (unless allowed) excess."""
    lines = order.lines.select_for_update(of=("self",)).select_related("product", "variant__product")
    lines = {str(line.pk): line for line in lines}
    receipt = {}
    for line_id, units in quantities.items():
        line = lines.get(str(line_id))
        if line is None:
            raise PurchaseOrderRefused(f"{order.number} has no line {line_id}.", fields={"lines": str(line_id)})
        if units < 0:
            raise PurchaseOrderRefused("A received quantity cannot be negative.", fields={str(line_id): units})
        if not order.allow_over_receipt and line.quantity_received + units > line.quantity_ordered:
            raise PurchaseOrderRefused(
                f"Receiving {units} of “{line.variant or line.product.name}” would exceed the "
                f"{line.quantity_ordered} ordered ({line.quantity_received} already received).",
                fields={str(line_id): units},
            )
        if units:
            receipt[line] = units
    if not receipt:
        raise PurchaseOrderRefused("Receive at least one unit.", fields={"lines": {}})
    return receipt


def _move_average_cost(line, units):
    cost, _ = ItemCost.objects.select_for_update().get_or_create(
        product=line.product,
        variant=line.variant,
        defaults={"average_cost": line.product.cost_price if line.product.cost_price is not None else line.unit_cost},
    )
    on_hand = (
        StockLevel.objects.filter(product=line.product, variant=line.variant).aggregate(n=Sum("quantity_on_hand"))["n"]
        or 0
    )
    total = Decimal(on_hand) * cost.average_cost + Decimal(units) * line.unit_cost
    cost.average_cost = (total / (on_hand + units)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
    cost.units_received += units
    cost.save(update_fields=["average_cost", "units_received", "updated_at"])


@retry_on_conflict()
def receive_purchase_order(*, order, quantities, user=None):
    """Goods arrived against `order`: {line id: units}. Books each line into stock, moves its average
    cost, and marks the order received when every line is complete (partially received otherwise)."""
    order = _lock(order, Status.SENT, Status.PARTIALLY_RECEIVED)
    receipt = _validated_receipt(order, quantities)
    for line, units in sorted(receipt.items(), key=lambda item: item[0].pk):
        _move_average_cost(line, units)  # before the receipt: the average weighs the units already there
        receive_stock(
            warehouse=order.warehouse,
            product=line.product,
            variant=line.variant,
            quantity=units,
            supplier=order.supplier,
            reference=order.number,
            user=user,
        )
        line.quantity_received += units
        line.save(update_fields=["quantity_received", "updated_at"])
    complete = all(line.quantity_received >= line.quantity_ordered for line in order.lines.all())
    received = sum(receipt.values())
    _change_status(
        order,
        Status.RECEIVED if complete else Status.PARTIALLY_RECEIVED,
        user=user,
        note=f"{received} unit(s) received",
    )
    return order
