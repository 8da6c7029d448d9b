"""Orders without an account: look one up by number and email, then follow it through its signed link."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render

from apps.core.outbox import enqueue
from apps.orders.guest_access import read_access_token
from apps.orders.selectors import order_by_number
from apps.orders.tasks import send_order_link
from apps.storefront.forms_account import ReturnRequestForm
from apps.storefront.forms_guest import OrderLookupForm
from apps.storefront.throttling import allow
from apps.storefront.views.account_orders import ask_for_return, return_deadline, returnable_now

LINK_SENT = (
    "If an order with that number was placed with that email address, we have just emailed it a link to the order."
)
TOO_MANY = "Too many lookups from here or for this email address. Please try again in an hour."


def order_lookup(request):
    form = OrderLookupForm(request.POST or None)
    if form.is_valid():
        email = form.cleaned_data["email"]
        limit = settings.GUEST_ORDER_LOOKUPS_PER_HOUR
        if not allow("order-lookup", [request.META.get("REMOTE_ADDR", ""), email], limit=limit):
            form.add_error(None, TOO_MANY)
            return render(request, "storefront/guest/lookup.html", {"form": form}, status=429)
        # The same answer, at once, whether or not the order exists: the search and the mail run later.
        number = form.cleaned_data["order_number"]
        enqueue(send_order_link, number, email)
        messages.success(request, LINK_SENT)
        return redirect("storefront:order_lookup")
    return render(request, "storefront/guest/lookup.html", {"form": form}, status=400 if form.is_bound else 200)


def _order_from_link(token):
    """The order the signed link names, while the order still has the email the link was made for."""
    claims = read_access_token(token)
    order = order_by_number(claims[0]) if claims else None
    if order is None or order.customer_email.lower() != claims[1]:
        raise Http404("This link is not valid or has expired.")
    return order


def order_detail(request, token):
    order = _order_from_link(token)
    return render(
        request,
        "storefront/guest/order_detail.html",
        {
            "order": order,
            "token": token,
            "can_return": bool(returnable_now(order)),
            "return_deadline": return_deadline(order),
        },
    )


def order_return(request, token):
    order = _order_from_link(token)
    returnable = returnable_now(order)
    if not returnable:
        messages.error(request, f"Order {order.order_number} has nothing that can be returned.")
        return redirect("storefront:guest_order", token=token)
    form = ReturnRequestForm(request.POST or None, order=order, returnable=returnable)
    if form.is_valid() and ask_for_return(request, form, order=order, user=None):
        return redirect("storefront:guest_order", token=token)
    return render(
        request,
        "storefront/guest/return_form.html",
        {"order": order, "form": form, "token": token},
        status=400 if form.is_bound else 200,
    )
