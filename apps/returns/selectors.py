"""Reads of returns: what is left to return, a customer's returns, one return in full."""

from django.db.models import Q, Sum

from .models import ReturnItem, ReturnRequest, ReturnStatus

# Requests whose goods are promised but not yet back: received goods count in quantity_returned.
OPEN_STATUSES = (ReturnStatus.REQUESTED, ReturnStatus.APPROVED)


def returnable_quantities(order):
    """{order item id: units the customer may still ask to return}: bought, minus returned, minus
    asked for in open requests."""
    pending = dict(
        ReturnItem.objects.filter(order_item__order=order, return_request__status__in=OPEN_STATUSES)
        .values("order_item")
        .annotate(units=Sum("quantity"))
        .values_list("order_item", "units")
    )
    return {
        item.pk: item.quantity - item.quantity_returned - pending.get(item.pk, 0)
        for item in order.items.only("pk", "quantity", "quantity_returned")
    }


def returns_for_user(user):
    """The user's return requests, newest first, with their order and items loaded."""
    return (
        ReturnRequest.objects.filter(user=user)
        .select_related("order")
        .prefetch_related("items__order_item")
        .order_by("-created_at")
    )


def return_detail(return_id, *, user=None):
    """One return with order, refund, warehouse, items and status history; only the user's own when
    `user` is given. Raises ReturnRequest.DoesNotExist."""
    scope = Q(user=user) if user is not None else Q()
    return (
        ReturnRequest.objects.filter(scope)
        .select_related("order", "user", "refund", "restock_warehouse")
        .prefetch_related("items__order_item", "status_history__created_by")
        .get(pk=return_id)
    )


def returns_awaiting_staff():
    """Return requests staff still have to act on (requested, approved or received), oldest first."""
    return ReturnRequest.objects.filter(
        status__in=[ReturnStatus.REQUESTED, ReturnStatus.APPROVED, ReturnStatus.RECEIVED]
    ).order_by("created_at")
