"""Reads of the account pages that no domain selector answers: one of the shopper's own orders, in full."""

from django.db.models import Prefetch

from apps.orders.models import Order, OrderShipment
from apps.payments.models import Payment
from apps.shipping.models import TrackingEvent


def customer_order(*, user, order_number):
    """The user's order with that number, with its lines, addresses, payments, status history and
    shipments with their tracking events (a fixed number of queries); None for anyone else's."""
    return (
        Order.objects.for_user(user)
        .filter(order_number=order_number)
        .prefetch_related(
            "items",
            "addresses",
            "status_history",
            Prefetch("payments", queryset=Payment.objects.order_by("created_at")),
            Prefetch(
                "shipments",
                queryset=OrderShipment.objects.order_by("created_at").prefetch_related(
                    Prefetch("tracking_events", queryset=TrackingEvent.objects.order_by("-occurred_at"))
                ),
            ),
        )
        .first()
    )
