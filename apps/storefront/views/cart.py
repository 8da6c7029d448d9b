"""The cart page: lines, quantities, the coupon, a shipping estimate and the totals."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from apps.cart.exceptions import CartItemNotFound, InvalidQuantity, OutOfStock
from apps.cart.pricing import price_cart
from apps.cart.services import apply_coupon_to_cart, read_cart, remove_coupon_from_cart, remove_item, set_item_quantity
from apps.promotions.exceptions import CouponError
from apps.shipping.selectors import shipping_quotes
from apps.storefront.carts import ESTIMATE_KEY, current_cart, current_or_new_cart
from apps.storefront.forms import CartQuantityForm, CouponForm, ShippingEstimateForm


def cart_detail(request):
    cart = current_cart(request)
    contents = read_cart(cart=cart) if cart is not None else None
    kept = request.session.get(ESTIMATE_KEY)
    if "country" in request.GET:
        estimate = ShippingEstimateForm(request.GET)
    elif kept:  # the estimate made before, shown again (and carried to checkout)
        estimate = ShippingEstimateForm(
            {"country": kept["country_code"], "state": kept["state"], "method": kept["method"]}
        )
    else:
        estimate = ShippingEstimateForm()
    quotes, destination, chosen = [], {}, None
    if contents is not None and contents.lines and estimate.is_valid():
        destination = {"country_code": estimate.cleaned_data["country"], "state": estimate.cleaned_data["state"]}
        quotes = shipping_quotes(**destination, subtotal=contents.subtotal)
        picked = estimate.cleaned_data["method"]
        chosen = next(
            (quote.method for quote in quotes if quote.method.pk == picked), quotes[0].method if quotes else None
        )
        request.session[ESTIMATE_KEY] = {**destination, "method": str(chosen.pk) if chosen else None}
    breakdown = None
    if contents is not None and contents.lines:
        breakdown = price_cart(contents=contents, user=request.user, shipping_method=chosen, **destination)
    return render(
        request,
        "storefront/cart.html",
        {
            "contents": contents,
            "breakdown": breakdown,
            "coupon_form": CouponForm(),
            "estimate_form": estimate,
            "quotes": quotes,
            "chosen_method": chosen,
            "estimated": estimate.is_bound and estimate.is_valid(),
        },
    )


@require_POST
def update_line(request, item_id):
    form = CartQuantityForm(request.POST)
    cart = current_cart(request)
    if not form.is_valid() or cart is None:
        messages.error(request, "Enter a quantity of 0 or more.")
        return redirect("storefront:cart")
    try:
        set_item_quantity(cart=cart, item_id=item_id, quantity=form.cleaned_data["quantity"])
    except (OutOfStock, InvalidQuantity, CartItemNotFound) as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, "Your cart was updated.")
    return redirect("storefront:cart")


@require_POST
def remove_line(request, item_id):
    cart = current_cart(request)
    if cart is not None:
        try:
            remove_item(cart=cart, item_id=item_id)
        except CartItemNotFound as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, "The item was removed from your cart.")
    return redirect("storefront:cart")


@require_POST
def apply_coupon(request):
    form = CouponForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Enter a coupon code.")
        return redirect("storefront:cart")
    try:
        coupon = apply_coupon_to_cart(
            cart=current_or_new_cart(request), code=form.cleaned_data["code"], user=request.user
        )
    except CouponError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, f'The code "{coupon.code}" was applied.')
    return redirect("storefront:cart")


@require_POST
def remove_coupon(request):
    cart = current_cart(request)
    if cart is not None:
        remove_coupon_from_cart(cart=cart)
        messages.success(request, "The coupon was removed.")
    return redirect("storefront:cart")
