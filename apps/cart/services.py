"""Writes to carts: creating them, changing their lines, merging a guest's cart, coupons.

Every change to a cart's lines locks the cart row first, so two requests on one cart (two
tabs, a double click) run one after the other: no duplicate line, no lost increment.
"""

import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.cart.exceptions import CartItemNotFound, InvalidQuantity, OutOfStock, ProductUnavailable, VariantRequired
from apps.cart.models import Cart, CartItem
from apps.cart.selectors import (
    CartContents,
    available_stock,
    get_cart_by_token,
    get_cart_contents,
    is_sellable,
    live_unit_price,
)
from apps.catalog.models import Product, ProductVariant
from apps.promotions.models import Coupon
from apps.promotions.services import validate_coupon


def _lock(cart: Cart) -> Cart:
    return Cart.objects.select_for_update().get(pk=cart.pk)


def get_or_create_user_cart(*, user) -> Cart:
    """The user's one cart (idx_carts_user_id), created on first use."""
    cart, _ = Cart.objects.get_or_create(user=user)
    return cart


def get_or_create_guest_cart(*, token: str | None = None) -> Cart:
    """The guest cart for `token`, or a new one under a fresh unguessable token (its session_id)."""
    cart = get_cart_by_token(token=token)
    if cart is not None:
        return cart
    while True:
        try:
            with transaction.atomic():
                return Cart.objects.create(session_id=secrets.token_urlsafe(32))
        except IntegrityError:
            # A token collision is astronomically unlikely; drawing again is the whole remedy.
            continue


def _fresh_product(product: Product, variant: ProductVariant | None):
    """Today's product and variant rows, refused if they cannot be bought."""
    product = Product.all_objects.filter(pk=product.pk).first()
    variant = ProductVariant.objects.filter(pk=variant.pk).first() if variant is not None else None
    if product is None or not is_sellable(product, variant):
        raise ProductUnavailable("This product is no longer available.")
    if variant is None and ProductVariant.objects.filter(product=product, is_active=True).exists():
        raise VariantRequired(f"Choose an option of {product.name}.")
    return product, variant


def _check_stock(product: Product, variant: ProductVariant | None, quantity: int) -> None:
    available = available_stock(product, variant)
    if available is not None and quantity > available:
        name = f"{product.name} ({variant.name})" if variant else product.name
        raise OutOfStock(
            f"Only {available} of {name} in stock." if available else f"{name} is out of stock.",
            fields={"quantity": available},
        )


def _check_quantity(quantity: int) -> None:
    if quantity <= 0:
        raise InvalidQuantity("Quantity must be at least 1.")


@transaction.atomic
def add_item(*, cart: Cart, product: Product, variant: ProductVariant | None = None, quantity: int = 1) -> CartItem:
    """Add `quantity` of the product (variant) to the cart; an existing line grows instead.

    The line's unit_price is set to today's price: the shopper has just been shown it.
    """
    _check_quantity(quantity)
    _lock(cart)
    product, variant = _fresh_product(product, variant)
    item = CartItem.objects.filter(cart=cart, product=product, variant=variant).first()
    wanted = quantity + (item.quantity if item else 0)
    _check_stock(product, variant, wanted)
    price = live_unit_price(product, variant)
    if item is None:
        return CartItem.objects.create(cart=cart, product=product, variant=variant, quantity=wanted, unit_price=price)
    item.quantity, item.unit_price = wanted, price
    item.save(update_fields=["quantity", "unit_price", "updated_at"])
    return item


def read_cart(*, cart: Cart) -> CartContents:
    """The cart as the shopper sees it: lines that can no longer be bought are removed here, where the
    shopper is shown the cart, and CartContents.messages says what went."""
    contents = get_cart_contents(cart=cart)
    if contents.unavailable:
        CartItem.objects.filter(pk__in=[item.pk for item in contents.unavailable]).delete()
    return contents


def _locked_item(cart: Cart, item_id) -> CartItem:
    _lock(cart)
    item = CartItem.objects.filter(cart=cart, pk=item_id).select_related("product", "variant").first()
    if item is None:
        raise CartItemNotFound("This item is not in your cart any more.")
    return item


@transaction.atomic
def set_item_quantity(*, cart: Cart, item_id, quantity: int) -> CartItem | None:
    """Set a line's quantity; 0 removes the line (and returns None)."""
    if quantity < 0:
        raise InvalidQuantity("Quantity cannot be negative.")
    item = _locked_item(cart, item_id)
    if quantity == 0:
        item.delete()
        return None
    _check_stock(item.product, item.variant, quantity)
    item.quantity = quantity
    item.save(update_fields=["quantity", "updated_at"])
    return item


@transaction.atomic
def remove_item(*, cart: Cart, item_id) -> None:
    _locked_item(cart, item_id).delete()


@transaction.atomic(savepoint=False)
def clear_cart(*, cart: Cart) -> None:
    """Empty the cart and drop its coupon (after an order is placed from it).

    The cart's row is updated first, which locks it as _lock would (the order every cart service
    takes its locks in), in one statement fewer; inside checkout's transaction no savepoint either.
    """
    cart.coupon = None
    cart.updated_at = timezone.now()
    Cart.objects.filter(pk=cart.pk).update(coupon=None, updated_at=cart.updated_at)
    CartItem.objects.filter(cart=cart).delete()


@transaction.atomic
def merge_guest_cart(*, user, token: str) -> Cart:
    """Move the guest cart of `token` into `user`'s cart on sign-in and delete the guest cart.

    Quantities of the same product add up, capped at what is in stock; lines that can no longer
    be bought are left behind. The guest's coupon comes along if the user's cart has none.
    """
    cart = _lock(get_or_create_user_cart(user=user))
    guest = Cart.objects.select_for_update().filter(session_id=token, user__isnull=True).first()
    if guest is None:
        return cart
    existing = {(item.product_id, item.variant_id): item for item in cart.items.all()}
    for guest_item in guest.items.select_related("product", "variant"):
        product, variant = guest_item.product, guest_item.variant
        if not is_sellable(product, variant):
            continue
        item = existing.get((product.pk, variant.pk if variant else None))
        wanted = guest_item.quantity + (item.quantity if item else 0)
        available = available_stock(product, variant)
        quantity = wanted if available is None else min(wanted, available)
        if quantity <= 0:
            continue
        if item is None:
            CartItem.objects.create(
                cart=cart, product=product, variant=variant, quantity=quantity, unit_price=guest_item.unit_price
            )
        else:
            item.quantity = quantity
            item.save(update_fields=["quantity", "updated_at"])
    if cart.coupon_id is None and guest.coupon_id is not None:
        cart.coupon_id = guest.coupon_id
        cart.save(update_fields=["coupon", "updated_at"])
    guest.delete()
    return cart


@transaction.atomic
def apply_coupon_to_cart(*, cart: Cart, code: str, user=None) -> Coupon:
    """Validate `code` against the cart's subtotal and attach it; raises the coupon's refusal."""
    _lock(cart)
    coupon = validate_coupon(code=code, subtotal=get_cart_contents(cart=cart).subtotal, user=user)
    cart.coupon = coupon
    cart.save(update_fields=["coupon", "updated_at"])
    return coupon


@transaction.atomic
def remove_coupon_from_cart(*, cart: Cart) -> None:
    _lock(cart)
    cart.coupon = None
    cart.save(update_fields=["coupon", "updated_at"])
