"""The shopper's orders and returns: history, one order in full, cancelling, asking for a return."""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from apps.fulfilment.exceptions import FulfilmentError
from apps.fulfilment.services import cancel
from apps.invoicing.selectors import documents_of_order
from apps.orders.exceptions import IllegalTransition
from apps.orders.models import OrderStatus
from apps.orders.selectors import customer_visible_notes, order_by_number, orders_for_user
from apps.orders.services import can_transition
from apps.payments.exceptions import PaymentError
from apps.returns.exceptions import ReturnError
from apps.returns.selectors import returnable_quantities, returns_for_user
from apps.returns.services import delivered_at, request_return
from apps.storefront.forms_account import ReturnRequestForm, show_refusal

ORDERS_PER_PAGE = 10


def _order_or_404(user, order_number):
    """Only the shopper's own orders exist for them: anyone else's number is a 404, not a 403."""
    order = order_by_number(order_number, user=user)
    if order is None:
        raise Http404("No such order.")
    return order


def return_deadline(order):
    """Until when the shopper may ask to return a delivered order; None if it is not delivered."""
    if order.status != OrderStatus.DELIVERED:
        return None
    delivered = delivered_at(order)
    return delivered + timedelta(days=settings.RETURN_WINDOW_DAYS) if delivered else None


def returnable_now(order):
    """{order item id: units} still returnable now, or {} when the order cannot be returned at all."""
    deadline = return_deadline(order)
    if deadline is None or timezone.now() > deadline:
        return {}
    return {item_id: units for item_id, units in returnable_quantities(order).items() if units > 0}


def ask_for_return(request, form, *, order, user):
    """Request the return a valid form describes (user None: a guest through their signed link).

    A refusal becomes the form's error and answers None; success says so and answers the request.
    """
    try:
        return_request = request_return(
            order=order,
            user=user,
            items=form.chosen_items(),
            reason=form.cleaned_data["reason"],
            customer_notes=form.cleaned_data["customer_notes"],
        )
    except ReturnError as refusal:
        show_refusal(form, refusal)
        return None
    messages.success(
        request, f"Return {return_request.rma_number} was requested. We will email you once it is approved."
    )
    return return_request


@login_required
def order_list(request):
    page = Paginator(orders_for_user(request.user), ORDERS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "storefront/account/orders.html", {"page": page, "section": "orders"})


@login_required
def order_detail(request, order_number):
    order = _order_or_404(request.user, order_number)
    return render(
        request,
        "storefront/account/order_detail.html",
        {
            "order": order,
            "can_cancel": can_transition(order, OrderStatus.CANCELLED) and not order.shipments.all(),
            "can_return": bool(returnable_now(order)),
            "return_deadline": return_deadline(order),
            "documents": documents_of_order(order),
            "messages_from_shop": customer_visible_notes(order),
            "section": "orders",
        },
    )


@login_required
@require_POST
def order_cancel(request, order_number):
    order = _order_or_404(request.user, order_number)
    try:
        cancel(order=order, user=request.user, reason="Cancelled by the customer")
    except IllegalTransition:
        messages.error(
            request,
            f"Order {order.order_number} is {order.get_status_display().lower()} and can no longer be cancelled.",
        )
    except (FulfilmentError, PaymentError) as refusal:
        messages.error(request, f"Order {order.order_number} was not cancelled: {refusal.message}")
    else:
        messages.success(request, f"Order {order.order_number} is cancelled. Any payment taken goes back to your card.")
    return redirect("storefront:account_order", order_number=order.order_number)


@login_required
def order_return(request, order_number):
    order = _order_or_404(request.user, order_number)
    returnable = returnable_now(order)
    if not returnable:
        messages.error(request, f"Order {order.order_number} has nothing that can be returned.")
        return redirect("storefront:account_order", order_number=order.order_number)
    form = ReturnRequestForm(request.POST or None, order=order, returnable=returnable)
    if form.is_valid() and ask_for_return(request, form, order=order, user=request.user):
        return redirect("storefront:account_returns")
    return render(
        request,
        "storefront/account/return_form.html",
        {"order": order, "form": form, "section": "orders"},
        status=400 if form.is_bound else 200,
    )


@login_required
def return_list(request):
    return render(
        request,
        "storefront/account/returns.html",
        {"returns": returns_for_user(request.user), "section": "returns"},
    )
