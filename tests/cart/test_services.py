"""Cart lines: adding, changing, removing, stock limits, guest carts and their merge on sign-in."""

from decimal import Decimal
from functools import partial

import pytest

from apps.cart.exceptions import CartItemNotFound, InvalidQuantity, OutOfStock, ProductUnavailable, VariantRequired
from apps.cart.models import Cart, CartItem
from apps.cart.services import (
    add_item,
    apply_coupon_to_cart,
    get_or_create_guest_cart,
    get_or_create_user_cart,
    merge_guest_cart,
    remove_coupon_from_cart,
    remove_item,
    set_item_quantity,
)
from apps.promotions.exceptions import CouponMinimumNotMet
from tests.concurrency import run_at_once
from tests.factories import create_coupon, create_product, create_user, create_variant

pytestmark = pytest.mark.django_db


def lines(cart):
    return [(item.product.name, item.quantity) for item in CartItem.objects.filter(cart=cart).order_by("created_at")]


def test_a_guest_gets_a_new_cart_under_an_unguessable_token_and_finds_it_again():
    cart = get_or_create_guest_cart()
    assert len(cart.session_id) >= 40
    assert get_or_create_guest_cart(token=cart.session_id) == cart
    assert get_or_create_guest_cart(token="forged") != cart


def test_a_user_has_one_cart():
    user = create_user()
    assert get_or_create_user_cart(user=user) == get_or_create_user_cart(user=user)
    assert Cart.objects.filter(user=user).count() == 1


def test_adding_a_product_snapshots_its_price_and_adding_again_grows_the_line():
    cart = get_or_create_guest_cart()
    mug = create_product("Mug", price="8.50", stock_quantity=10)
    add_item(cart=cart, product=mug, quantity=2)
    item = add_item(cart=cart, product=mug, quantity=3)
    assert lines(cart) == [("Mug", 5)]
    assert item.unit_price == Decimal("8.50")


def test_a_product_with_active_variants_needs_one_chosen():
    cart = get_or_create_guest_cart()
    shirt = create_product("Shirt", stock_quantity=10)
    large = create_variant(shirt, "Large", price="21.00", stock_quantity=4)
    with pytest.raises(VariantRequired, match=r"^Choose an option of Shirt\.$"):
        add_item(cart=cart, product=shirt)
    item = add_item(cart=cart, product=shirt, variant=large)
    assert (item.variant, item.unit_price) == (large, Decimal("21.00"))


def test_a_quantity_below_one_is_refused():
    cart = get_or_create_guest_cart()
    with pytest.raises(InvalidQuantity, match="at least 1"):
        add_item(cart=cart, product=create_product(stock_quantity=5), quantity=0)


def test_adding_more_than_in_stock_names_the_product_and_what_is_left():
    cart = get_or_create_guest_cart()
    lamp = create_product("Lamp", stock_quantity=3)
    add_item(cart=cart, product=lamp, quantity=2)
    with pytest.raises(OutOfStock) as refusal:
        add_item(cart=cart, product=lamp, quantity=2)
    assert refusal.value.message == "Only 3 of Lamp in stock."
    assert refusal.value.fields == {"quantity": 3}
    assert lines(cart) == [("Lamp", 2)]


def test_the_variant_stock_counts_when_a_variant_is_chosen():
    cart = get_or_create_guest_cart()
    shirt = create_product("Shirt", stock_quantity=50)
    small = create_variant(shirt, "Small", stock_quantity=0)
    with pytest.raises(OutOfStock, match=r"^Shirt \(Small\) is out of stock\.$"):
        add_item(cart=cart, product=shirt, variant=small)


def test_a_product_that_does_not_track_inventory_never_runs_out():
    cart = get_or_create_guest_cart()
    ebook = create_product("E-book", stock_quantity=0, track_inventory=False)
    add_item(cart=cart, product=ebook, quantity=500)
    assert lines(cart) == [("E-book", 500)]


def test_a_deleted_or_inactive_product_cannot_be_added():
    cart = get_or_create_guest_cart()
    hidden = create_product(is_active=False, stock_quantity=5)
    deleted = create_product(stock_quantity=5)
    deleted.mark_deleted()
    for product in (hidden, deleted):
        with pytest.raises(ProductUnavailable, match="no longer available"):
            add_item(cart=cart, product=product)


def test_setting_a_quantity_changes_the_line_and_zero_removes_it():
    cart = get_or_create_guest_cart()
    item = add_item(cart=cart, product=create_product("Cup", stock_quantity=9))
    set_item_quantity(cart=cart, item_id=item.pk, quantity=7)
    assert lines(cart) == [("Cup", 7)]
    with pytest.raises(OutOfStock, match=r"^Only 9 of Cup in stock\.$"):
        set_item_quantity(cart=cart, item_id=item.pk, quantity=10)
    assert set_item_quantity(cart=cart, item_id=item.pk, quantity=0) is None
    assert lines(cart) == []


def test_removing_a_line_of_another_cart_is_refused():
    mine, theirs = get_or_create_guest_cart(), get_or_create_guest_cart()
    item = add_item(cart=theirs, product=create_product(stock_quantity=2))
    with pytest.raises(CartItemNotFound):
        remove_item(cart=mine, item_id=item.pk)
    remove_item(cart=theirs, item_id=item.pk)
    assert lines(theirs) == []


def test_signing_in_merges_the_guest_cart_capping_at_stock_and_deletes_it():
    user = create_user()
    pen, pad, ink = (create_product(name, stock_quantity=5) for name in ("Pen", "Pad", "Ink"))
    own = get_or_create_user_cart(user=user)
    add_item(cart=own, product=pen, quantity=4)
    guest = get_or_create_guest_cart()
    add_item(cart=guest, product=pen, quantity=3)
    add_item(cart=guest, product=pad, quantity=2)
    add_item(cart=guest, product=ink, quantity=1)
    ink.mark_deleted()

    cart = merge_guest_cart(user=user, token=guest.session_id)

    assert cart == own
    assert lines(cart) == [("Pen", 5), ("Pad", 2)]
    assert not Cart.objects.filter(pk=guest.pk).exists()


def test_merging_carries_the_guest_coupon_only_when_the_user_cart_has_none():
    user, coupon = create_user(), create_coupon(code="WELCOME")
    guest = get_or_create_guest_cart()
    add_item(cart=guest, product=create_product(stock_quantity=5))
    apply_coupon_to_cart(cart=guest, code="welcome")
    assert merge_guest_cart(user=user, token=guest.session_id).coupon == coupon

    other_user, own_coupon = create_user(), create_coupon(code="MINE")
    own = get_or_create_user_cart(user=other_user)
    add_item(cart=own, product=create_product(stock_quantity=5))
    apply_coupon_to_cart(cart=own, code="MINE", user=other_user)
    guest = get_or_create_guest_cart()
    add_item(cart=guest, product=create_product(stock_quantity=5))
    apply_coupon_to_cart(cart=guest, code="WELCOME")
    assert merge_guest_cart(user=other_user, token=guest.session_id).coupon == own_coupon


def test_a_coupon_is_checked_against_the_cart_subtotal_and_can_be_removed():
    cart = get_or_create_guest_cart()
    add_item(cart=cart, product=create_product(price="20.00", stock_quantity=5))
    create_coupon(code="FIFTY", min_order_amount=Decimal("50.00"))
    with pytest.raises(CouponMinimumNotMet, match=r"Add \$30\.00 more"):
        apply_coupon_to_cart(cart=cart, code="FIFTY")
    coupon = create_coupon(code="FIVE")
    assert apply_coupon_to_cart(cart=cart, code="five") == coupon
    remove_coupon_from_cart(cart=cart)
    assert Cart.objects.get(pk=cart.pk).coupon is None


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_simultaneous_adds_of_one_product_make_one_line_with_every_unit():
    cart = get_or_create_guest_cart()
    mug = create_product("Mug", stock_quantity=100)

    outcomes = run_at_once([partial(add_item, cart=cart, product=mug, quantity=1)] * 12)

    assert [outcome.error for outcome in outcomes] == [None] * 12
    assert lines(cart) == [("Mug", 12)]
