"""Reads of orders: one order with everything a page shows, a customer's orders, the staff list."""

from django.db.models import Count, Prefetch, Q, Sum

from apps.shipping.models import TrackingEvent

from .models import Order, OrderNote, OrderShipment, OrderShipmentItem, OrderStatus, OrderStatusHistory


def _order_pages_prefetches():
    """What an order's page shows besides its shipments: lines, addresses, payments (oldest first),
    status history and notes with their authors."""
    # payments sits above orders: its model is reached through the relation, not imported.
    payments = Order._meta.get_field("payments").related_model.objects.order_by("created_at")
    return (
        "items",
        "addresses",
        Prefetch("payments", queryset=payments),
        "payments__refunds",
        Prefetch("status_history", queryset=OrderStatusHistory.objects.select_related("created_by")),
        Prefetch("notes", queryset=OrderNote.objects.select_related("author")),
    )


def _shipments_with_tracking():
    """Shipments oldest first, each with its tracking events (newest first) and what it holds."""
    return OrderShipment.objects.order_by("created_at").prefetch_related(
        Prefetch("tracking_events", queryset=TrackingEvent.objects.order_by("-occurred_at")),
        Prefetch("items", queryset=OrderShipmentItem.objects.select_related("order_item").order_by("created_at")),
    )


def order_detail(order_id):
    """One order with its customer, lines, addresses, shipments (with tracking), payments, status
    history and notes: a fixed number of queries however many of each it has (seed 003 §4.4)."""
    return (
        Order.objects.select_related("user", "shipping_method")
        .prefetch_related(*_order_pages_prefetches(), Prefetch("shipments", queryset=_shipments_with_tracking()))
        .get(pk=order_id)
    )


def order_by_number(order_number, *, user=None):
    """The order people know by its number, as order_detail has it; None when there is none, or
    none of `user`'s when a user is given."""
    orders = Order.objects.filter(order_number=order_number)
    if user is not None:
        orders = orders.for_user(user)
    return (
        orders.select_related("user", "shipping_method")
        .prefetch_related(*_order_pages_prefetches(), Prefetch("shipments", queryset=_shipments_with_tracking()))
        .first()
    )


def order_of_user(order_number, *, user):
    """Just the order row, if `user` placed it; None otherwise."""
    return Order.objects.for_user(user).filter(order_number=order_number).first()


def customer_visible_notes(order):
    """The notes staff wrote for the customer (from the prefetched notes of order_detail)."""
    return [note for note in order.notes.all() if note.is_customer_visible]


def orders_for_user(user):
    """A customer's orders, newest first, with what the order list shows of their lines."""
    return (
        Order.objects.for_user(user)
        .annotate(item_count=Sum("items__quantity"))
        .order_by("-placed_at")
        .only("id", "order_number", "status", "currency", "total", "placed_at")
    )


def orders_for_staff(*, status=None, search="", placed_from=None, placed_to=None):
    """The operations list: filters by status and placing date; search by order number or email."""
    orders = Order.objects.select_related("user").annotate(item_count=Sum("items__quantity")).order_by("-placed_at")
    if status:
        orders = orders.filter(status=status)
    if search:
        orders = orders.filter(Q(order_number__icontains=search) | Q(customer_email__icontains=search))
    if placed_from:
        orders = orders.filter(placed_at__gte=placed_from)
    if placed_to:
        orders = orders.filter(placed_at__lt=placed_to)
    return orders


def shipment_by_tracking_number(tracking_number):
    """The shipment with this tracking number (the newest if carriers ever reused one), with its carrier."""
    return (
        OrderShipment.objects.select_related("shipping_carrier")
        .filter(tracking_number=tracking_number)
        .order_by("-created_at")
        .first()
    )


def shipments_for_order(order):
    """An order's shipments, oldest first, each with its carrier's tracking events."""
    return order.shipments.prefetch_related("tracking_events").order_by("created_at")


def order_counts_by_status():
    """{status: number of orders} for every status, 0 when none (one grouped query)."""
    counts = dict(Order.objects.values("status").annotate(n=Count("pk")).values_list("status", "n"))
    return {status: counts.get(status, 0) for status in OrderStatus.values}


def shipped_quantities(order):
    """Units of each of the order's lines that have left in a shipment: {order_item_id: units}."""
    rows = OrderShipmentItem.objects.filter(shipment__order=order).values("order_item").annotate(units=Sum("quantity"))
    return {row["order_item"]: row["units"] for row in rows}
