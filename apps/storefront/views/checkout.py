"""Checkout on one page: contact, addresses, shipping method, card, review, place the order.

Shipping methods and tax follow the destination as soon as it is known: a saved address, the
country and state typed so far, or the cart's estimate (whose chosen method is kept). With
JavaScript the methods and totals refresh as the address is typed (static/js/checkout.js); without,
"Show shipping options" re-renders the page, then "Place order" pays. A refusal (declined card, stock gone)
re-renders the page with everything typed except the card, and the cart is untouched: place_order
wrote nothing. The card number and CVC live only in this request (never the session, never a log).
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.debug import sensitive_post_parameters

from apps.accounts.selectors import addresses_for_user
from apps.cart.pricing import price_cart
from apps.cart.services import read_cart
from apps.checkout.addresses import CheckoutAddress, address_from_saved
from apps.checkout.exceptions import CheckoutError
from apps.checkout.limits import checkout_attempt
from apps.checkout.services import place_order
from apps.core.limits import RateLimited
from apps.orders.selectors import order_by_number
from apps.payments.gateways import Card
from apps.payments.selectors import payment_methods_for_user
from apps.shipping.selectors import shipping_quotes
from apps.storefront.carts import ESTIMATE_KEY, current_cart
from apps.storefront.forms import NEW_ADDRESS, SAME_AS_SHIPPING, AddressForm, CardForm, CheckoutForm

PLACED_ORDERS_KEY = "placed_orders"
CARD_PREFIX = "card"


def _posted_initial(data, form_class, prefix=None):
    """Initial values for an unbound form from a POST: kept on the page, but no errors shown yet."""
    return {name: data.get(f"{prefix}-{name}" if prefix else name) for name in form_class.base_fields}


def _address_form(data, prefix, *, needed, initial=None):
    """The new-address form, bound (and so checked) only when the shopper chose a new address."""
    if data is None:
        return AddressForm(prefix=prefix, initial=initial)
    if needed:
        return AddressForm(data, prefix=prefix)
    return AddressForm(prefix=prefix, initial=_posted_initial(data, AddressForm, prefix))


def _resolve_address(choice, saved, form):
    """The CheckoutAddress the choice names, or None when the typed one is incomplete."""
    if choice in saved:
        return address_from_saved(saved[choice])
    if choice == NEW_ADDRESS and form.is_bound and form.is_valid():
        return CheckoutAddress(**form.cleaned_data)
    return None


@sensitive_post_parameters(f"{CARD_PREFIX}-number", f"{CARD_PREFIX}-cvc")
def checkout(request):
    cart = current_cart(request)
    contents = read_cart(cart=cart) if cart is not None else None
    if contents is None or not contents.lines:
        messages.info(request, "Your cart is empty: add something before checking out.")
        return redirect("storefront:cart")

    addresses = addresses_for_user(user=request.user) if request.user.is_authenticated else ()
    saved = {str(address.pk): address for address in addresses}
    data = request.POST if request.method == "POST" else None
    placing = data is not None and "place" in data
    default_choice = next(iter(saved), NEW_ADDRESS)
    shipping_choice = data.get("shipping_choice", default_choice) if data else default_choice
    billing_choice = data.get("billing_choice", SAME_AS_SHIPPING) if data else SAME_AS_SHIPPING
    estimate = request.session.get(ESTIMATE_KEY) or {}
    from_estimate = {"country_code": estimate.get("country_code"), "state": estimate.get("state")}
    shipping_form = _address_form(
        data, "shipping", needed=shipping_choice == NEW_ADDRESS, initial=from_estimate if estimate else None
    )
    billing_form = _address_form(data, "billing", needed=placing and billing_choice == NEW_ADDRESS)
    shipping_address = _resolve_address(shipping_choice, saved, shipping_form)
    destination = _destination(shipping_address, shipping_choice, data, estimate)

    quotes = shipping_quotes(**destination, subtotal=contents.subtotal) if destination else []
    quoted = {str(quote.method.pk) for quote in quotes}
    kept = estimate.get("method") if estimate.get("method") in quoted else None
    initial = {
        "email": request.user.email if request.user.is_authenticated else "",
        "shipping_choice": default_choice,
        "billing_choice": SAME_AS_SHIPPING,
        "shipping_method": kept or (str(quotes[0].method.pk) if quotes else None),
    }
    form_kwargs = {"saved_addresses": saved.values(), "quotes": quotes}
    if placing:
        form = CheckoutForm(data, initial=initial, **form_kwargs)
    elif data is not None:
        posted = {key: value for key, value in _posted_initial(data, CheckoutForm).items() if value}
        form = CheckoutForm(initial={**initial, **posted}, **form_kwargs)
    else:
        form = CheckoutForm(initial=initial, **form_kwargs)
    card_form = _card_form(request, data if placing else None)

    refusal, refusal_status = None, 400
    if placing:
        ready = all([form.is_valid(), shipping_form.is_valid() or shipping_choice != NEW_ADDRESS, card_form.is_valid()])
        ready = ready and (billing_choice != NEW_ADDRESS or billing_form.is_valid())
        if form.is_valid() and not form.cleaned_data["shipping_method"]:
            form.add_error(
                "shipping_method",
                "Choose a shipping method." if quotes else "We do not deliver to this address yet.",
            )
            ready = False
        if ready:
            try:
                order = _place(request, cart, form, shipping_address, billing_form, saved, card_form)
            except (CheckoutError, RateLimited) as error:
                # A page answers 400 for any refusal, 429 when the shopper must wait.
                refusal, refusal_status = error.message, 429 if isinstance(error, RateLimited) else 400
                card_form = _card_form(request, None)  # the card is never echoed back
            else:
                request.session[PLACED_ORDERS_KEY] = [*request.session.get(PLACED_ORDERS_KEY, []), order.order_number]
                return redirect("storefront:checkout_done", order_number=order.order_number)

    method_id = form["shipping_method"].value()
    chosen_method = next((quote.method for quote in quotes if str(quote.method.pk) == method_id), None)
    return render(
        request,
        "storefront/checkout.html",
        {
            "form": form,
            "shipping_form": shipping_form,
            "billing_form": billing_form,
            "card_form": card_form,
            "contents": contents,
            "quotes": quotes,
            "chosen_method": chosen_method,
            "breakdown": price_cart(contents=contents, user=request.user, shipping_method=chosen_method, **destination),
            "refusal": refusal,
            "has_saved": bool(saved),
            "shipping_choice": shipping_choice,
            "billing_choice": billing_choice,
        },
        status=refusal_status if placing else 200,  # a placed order redirected above: this one was refused
    )


def _destination(shipping_address, shipping_choice, data, estimate):
    """Where the order goes as far as known, for quotes and tax before the address is complete:
    the chosen or typed address, else the country and state typed so far, else the cart's estimate."""
    if shipping_address is not None:
        return {"country_code": shipping_address.country_code, "state": shipping_address.state}
    if data is not None and shipping_choice == NEW_ADDRESS and data.get("shipping-country_code"):
        return {"country_code": data["shipping-country_code"][:2], "state": data.get("shipping-state", "")[:100]}
    if estimate.get("country_code"):
        return {"country_code": estimate["country_code"], "state": estimate.get("state", "")}
    return {}


def _card_form(request, data):
    """The payment part: a signed-in shopper may pick a saved card or save the new one."""
    signed_in = request.user.is_authenticated
    saved_cards = payment_methods_for_user(request.user) if signed_in else ()
    return CardForm(data, prefix=CARD_PREFIX, saved_cards=saved_cards, can_save=signed_in)


def _payment(card_form):
    """place_order's payment arguments: a saved card's id, or the typed card (and whether to save it)."""
    saved_card_id = card_form.saved_card_id()
    if saved_card_id is not None:
        return {"payment_method_id": saved_card_id}
    card = card_form.cleaned_data
    return {
        "card": Card(number=card["number"], exp_month=card["exp_month"], exp_year=card["exp_year"], cvc=card["cvc"]),
        "save_card": card.get("save", False),
    }


def _place(request, cart, form, shipping_address, billing_form, saved, card_form):
    billing_choice = form.cleaned_data["billing_choice"]
    if billing_choice == SAME_AS_SHIPPING:
        billing_address = None
    else:
        billing_address = _resolve_address(billing_choice, saved, billing_form)
    payment = _payment(card_form)
    with checkout_attempt(request, payment.get("card")):
        return place_order(
            cart=cart,
            customer_email=form.cleaned_data["email"],
            shipping_address=shipping_address,
            billing_address=billing_address,
            shipping_method_id=form.cleaned_data["shipping_method"],
            user=request.user,
            **payment,
            idempotency_key=form.cleaned_data["idempotency_key"],
        )


def checkout_done(request, order_number):
    """The confirmation: only for the browser that placed the order, or the order's owner."""
    order = order_by_number(order_number)
    placed_here = order_number in request.session.get(PLACED_ORDERS_KEY, [])
    owner = order is not None and request.user.is_authenticated and order.user_id == request.user.pk
    if order is None or not (placed_here or owner):
        raise Http404("No such order.")
    return render(request, "storefront/checkout_done.html", {"order": order})
