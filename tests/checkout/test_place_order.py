"""place_order: one transaction from cart to confirmed order, or nothing at all."""

from decimal import Decimal

import pytest
from django.core import mail

from apps.cart.models import CartItem
from apps.cart.services import get_or_create_guest_cart
from apps.checkout.addresses import CheckoutAddress, address_from_saved
from apps.checkout.exceptions import (
    CartChanged,
    CheckoutError,
    CouponRejected,
    EmptyCart,
    InvalidAddress,
    InvalidEmail,
    OutOfStock,
    PaymentDeclined,
    ShippingUnavailable,
)
from apps.inventory.models import StockLevel, StockReservation
from apps.notifications.models import DeliveryLog
from apps.orders.models import Order
from apps.payments.models import Payment
from apps.promotions.models import Coupon, CouponUsage
from tests.checkout.factories import (
    ADDRESS,
    DECLINED_CARD,
    INSUFFICIENT_FUNDS_CARD,
    checkout,
    create_filled_cart,
    create_illinois_tax,
    create_stocked_product,
)
from tests.factories import create_address, create_coupon, create_image, create_shipping_method, create_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def product():
    product = create_stocked_product(on_hand=10, price="25.00", name="Brass Telescope")
    create_image(product, url="/static/img/telescope.jpg", is_primary=True)
    return product


@pytest.fixture
def method():
    return create_shipping_method(name="Standard", price="5.00")


@pytest.fixture
def coupon():
    return create_coupon(code="TENOFF", value="10")


@pytest.fixture
def cart(product, coupon):
    create_illinois_tax("0.0800")
    return create_filled_cart(product, 2, coupon=coupon)


def state(cart, product, coupon):
    """What a failed checkout must leave exactly as it was."""
    coupon.refresh_from_db()
    product.refresh_from_db()
    return {
        "orders": Order.objects.count(),
        "payments": Payment.objects.count(),
        "reservations": StockReservation.objects.count(),
        "reserved": sum(StockLevel.objects.filter(product=product).values_list("quantity_reserved", flat=True)),
        "stock_quantity": product.stock_quantity,
        "coupon_times_used": coupon.times_used,
        "coupon_usages": CouponUsage.objects.count(),
        "cart": list(CartItem.objects.filter(cart=cart).values_list("product_id", "quantity")),
        "cart_coupon": type(cart).objects.get(pk=cart.pk).coupon_id,
    }


# The happy path ---------------------------------------------------------------------------------


def test_a_guest_checkout_places_a_confirmed_order_with_exact_totals(cart, method, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        order = checkout(cart, method=method)

    order = Order.objects.get(pk=order.pk)
    # 2 × 25.00 = 50.00; 10 % off = 5.00; shipping 5.00; tax 8 % of 45.00 = 3.60.
    assert (order.subtotal, order.discount, order.shipping, order.tax, order.total) == (
        Decimal("50.00"),
        Decimal("5.00"),
        Decimal("5.00"),
        Decimal("3.60"),
        Decimal("53.60"),
    )
    assert order.order_number.startswith("SF-")
    assert (order.status, order.currency, order.user) == ("confirmed", "USD", None)
    assert order.customer_email == "ada@example.com"
    assert (order.coupon_code, order.shipping_method, order.shipping_method_name) == ("TENOFF", method, "Standard")
    assert order.customer_phone == "+1 217 555 0100"
    assert [message.to for message in mail.outbox] == [["ada@example.com"]]


def test_the_order_keeps_snapshots_of_its_lines_and_addresses(cart, product, method):
    order = checkout(cart, method=method)

    item = order.items.get()
    assert (item.product, item.variant, item.product_name, item.sku) == (product, None, "Brass Telescope", product.sku)
    assert (item.quantity, item.unit_price, item.subtotal) == (2, Decimal("25.00"), Decimal("50.00"))
    assert item.image_url == "/static/img/telescope.jpg"
    addresses = {address.address_type: address for address in order.addresses.all()}
    assert set(addresses) == {"shipping", "billing"}
    for address in addresses.values():
        assert (address.first_name, address.address_line_1, address.city, address.state) == (
            "Ada",
            "12 Analytical Row",
            "Springfield",
            "IL",
        )
        assert (address.postal_code, address.country_code) == ("62701", "US")


def test_a_separate_billing_address_is_kept_apart_from_the_shipping_one(cart, method):
    billing = {**ADDRESS, "first_name": "Charles", "city": "Chicago", "country_code": "us"}
    order = checkout(cart, method=method, billing_address=billing)

    billing_snapshot = order.addresses.get(address_type="billing")
    assert (billing_snapshot.first_name, billing_snapshot.city, billing_snapshot.country_code) == (
        "Charles",
        "Chicago",
        "US",
    )
    assert order.addresses.get(address_type="shipping").first_name == "Ada"


def test_a_saved_address_of_the_address_book_can_be_used(product, method):
    user = create_user(email="grace@example.com")
    saved = create_address(user, first_name="Grace", last_name="Hopper", city="Arlington", state="VA")
    cart = create_filled_cart(product, 1, user=user)

    order = checkout(cart, method=method, user=user, shipping_address=address_from_saved(saved))

    assert address_from_saved(saved) == CheckoutAddress(
        first_name="Grace",
        last_name="Hopper",
        address_line_1="12 Analytical Row",
        city="Arlington",
        state="VA",
        postal_code="62701",
        country_code="US",
    )
    assert (order.user, order.addresses.get(address_type="shipping").city) == (user, "Arlington")


def test_the_status_history_starts_pending_then_confirmed_by_the_authorised_payment(cart, method):
    order = checkout(cart, method=method)

    history = list(order.status_history.values_list("previous_status", "status", "notes", "created_by"))
    assert history == [("", "pending", "Order placed", None), ("pending", "confirmed", "Payment authorised", None)]


def test_checkout_reserves_the_stock_and_the_product_shows_what_is_left(cart, product, method):
    order = checkout(cart, method=method)

    level = StockLevel.objects.get(product=product)
    product.refresh_from_db()
    assert (level.quantity_on_hand, level.quantity_reserved, product.stock_quantity) == (10, 2, 8)
    reservation = StockReservation.objects.get(order=order)
    assert (reservation.quantity, reservation.status, reservation.stock_level) == (2, "active", level)


def test_checkout_redeems_the_coupon_and_empties_the_cart(cart, coupon, method):
    order = checkout(cart, method=method)

    coupon.refresh_from_db()
    usage = CouponUsage.objects.get()
    assert (coupon.times_used, usage.order_id, usage.discount_amount) == (1, order.pk, Decimal("5.00"))
    cart.refresh_from_db()
    assert (cart.items.count(), cart.coupon_id) == (0, None)


def test_the_card_is_authorised_and_only_its_brand_and_last_four_digits_are_kept(cart, method):
    order = checkout(cart, method=method)

    payment = order.payments.get()
    assert (payment.status, payment.amount, payment.card_brand, payment.card_last_four) == (
        "authorized",
        Decimal("53.60"),
        "visa",
        "4242",
    )
    assert "4242424242424242" not in str(Payment.objects.filter(pk=payment.pk).values().get())


def test_with_capture_on_checkout_the_money_is_taken_at_once(cart, method, settings):
    settings.PAYMENT_CAPTURE_ON_CHECKOUT = True

    order = checkout(cart, method=method)

    payment = order.payments.get()
    assert (payment.status, payment.amount_captured) == ("captured", Decimal("53.60"))
    assert order.status_history.last().notes == "Payment captured"


def test_the_confirmation_email_is_sent_after_commit(cart, method, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        order = checkout(cart, method=method)
    assert mail.outbox == []

    for callback in callbacks:
        callback()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert (message.subject, message.to) == (f"Your ShopFlow order {order.order_number}", ["ada@example.com"])
    assert "2 × Brass Telescope: 50.00 USD" in message.body
    assert "Total: 53.60 USD" in message.body
    assert list(DeliveryLog.objects.values_list("kind", "recipient", "status", "attempts")) == [
        ("order_placed", "ada@example.com", "sent", 1)
    ]


def test_an_order_that_costs_nothing_is_confirmed_without_a_payment(product):
    free_shipping = create_shipping_method(name="Pick-up", price="0.00")
    cart = create_filled_cart(product, 1, coupon=create_coupon(code="ONUS", value="100"))

    order = checkout(cart, method=free_shipping)

    assert (order.total, order.status, order.payments.count()) == (Decimal("0.00"), "confirmed", 0)
    assert order.status_history.last().notes == "Nothing to pay"


def test_a_signed_in_shopper_cannot_check_out_someone_elses_cart(product, method):
    owner_cart = create_filled_cart(product, 1, user=create_user())

    with pytest.raises(CheckoutError) as refusal:
        checkout(owner_cart, method=method, user=create_user())

    assert (refusal.value.code, refusal.value.message) == ("cart_not_yours", "This cart belongs to another account.")
    assert Order.objects.count() == 0


# Validation: each refusal writes nothing --------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "error", "fields"),
    [
        ({"customer_email": "ada@"}, InvalidEmail, {"customer_email": "Enter a valid email address."}),
        (
            {"shipping_address": {**ADDRESS, "city": "  "}},
            InvalidAddress,
            {"shipping_address.city": "This field is required."},
        ),
        (
            {"shipping_address": {**ADDRESS, "country_code": "USA"}},
            InvalidAddress,
            {"shipping_address.country_code": "Use the two-letter country code, e.g. US."},
        ),
        (
            {"billing_address": {**ADDRESS, "postal_code": ""}},
            InvalidAddress,
            {"billing_address.postal_code": "This field is required."},
        ),
    ],
)
def test_bad_details_are_refused_naming_the_field_and_nothing_changes(
    cart, product, coupon, method, overrides, error, fields
):
    before = state(cart, product, coupon)

    with pytest.raises(error) as refusal:
        checkout(cart, method=method, **overrides)

    assert refusal.value.fields == fields
    assert state(cart, product, coupon) == before


def test_a_shipping_method_that_does_not_serve_the_address_is_refused(cart, product, coupon):
    before = state(cart, product, coupon)
    canada_only = create_shipping_method(name="Maple Post", countries=("CA",))

    with pytest.raises(ShippingUnavailable) as refusal:
        checkout(cart, method=canada_only)

    assert refusal.value.message == "This shipping method does not deliver to the chosen address."
    assert refusal.value.fields == {"shipping_method_id": str(canada_only.pk)}
    assert state(cart, product, coupon) == before


def test_an_empty_cart_is_refused(method):
    with pytest.raises(EmptyCart) as refusal:
        checkout(get_or_create_guest_cart(), method=method)

    assert refusal.value.message == "Your cart is empty."
    assert Order.objects.count() == 0


def test_a_coupon_that_ran_out_since_it_was_applied_is_refused(cart, product, coupon, method):
    Coupon.objects.filter(pk=coupon.pk).update(usage_limit=3, times_used=3)
    before = state(cart, product, coupon)

    with pytest.raises(CouponRejected) as refusal:
        checkout(cart, method=method)

    assert refusal.value.message == 'The code "TENOFF" has reached its usage limit.'
    assert (refusal.value.code, refusal.value.fields) == ("coupon_limit_reached", {"coupon_code": "TENOFF"})
    assert state(cart, product, coupon) == before


def test_a_price_change_since_the_item_was_added_is_refused_until_the_shopper_reviews(cart, product, coupon, method):
    type(product).objects.filter(pk=product.pk).update(price=Decimal("27.50"))
    before = state(cart, product, coupon)

    with pytest.raises(CartChanged) as refusal:
        checkout(cart, method=method)

    assert refusal.value.message == (
        "The price of Brass Telescope has risen from $25.00 to $27.50. "
        "Please review your cart before placing the order."
    )
    assert state(cart, product, coupon) == before


def test_a_line_short_of_stock_is_refused_naming_the_product(cart, product, coupon, method):
    StockLevel.objects.filter(product=product).update(quantity_on_hand=1)
    before = state(cart, product, coupon)

    with pytest.raises(OutOfStock) as refusal:
        checkout(cart, method=method)

    assert refusal.value.message == "Only 1 of “Brass Telescope” available; 2 requested."
    assert refusal.value.fields == {"products": [str(product.pk)]}
    assert state(cart, product, coupon) == before


def test_stock_gone_between_the_cart_check_and_the_reservation_rolls_everything_back(cart, product, coupon, method):
    # The product's stock_quantity still says 10 (what the cart sees), but the warehouse row
    # has only 1 available: the reservation under lock is what decides.
    StockLevel.objects.filter(product=product).update(quantity_reserved=9)
    type(product).objects.filter(pk=product.pk).update(stock_quantity=10)
    before = state(cart, product, coupon)

    with pytest.raises(OutOfStock) as refusal:
        checkout(cart, method=method)

    assert refusal.value.message == "Only 1 of “Brass Telescope” available; 2 requested."
    assert state(cart, product, coupon) == before


# Payment refused --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "code", "message"),
    [
        (DECLINED_CARD, "card_declined", "Your card was declined."),
        (INSUFFICIENT_FUNDS_CARD, "insufficient_funds", "Your card has insufficient funds."),
        ("4242424242424241", "invalid_number", "Your card number is incorrect."),
    ],
)
def test_a_refused_card_leaves_no_order_no_held_stock_no_used_coupon_and_the_cart_intact(
    cart, product, coupon, method, number, code, message
):
    before = state(cart, product, coupon)

    with pytest.raises(PaymentDeclined) as refusal:
        checkout(cart, method=method, card_number=number)

    assert (refusal.value.message, refusal.value.code, refusal.value.fields) == (message, code, {"card": code})
    assert state(cart, product, coupon) == before
    assert before["cart"] == [(product.pk, 2)] and before["cart_coupon"] == coupon.pk


def test_a_shopper_whose_card_was_refused_can_pay_with_another(cart, method):
    with pytest.raises(PaymentDeclined):
        checkout(cart, method=method, card_number=DECLINED_CARD, idempotency_key="attempt-1")

    order = checkout(cart, method=method, idempotency_key="attempt-1")

    assert (order.status, Order.objects.count()) == ("confirmed", 1)


# Idempotency ------------------------------------------------------------------------------------


def test_the_same_idempotency_key_twice_returns_the_same_order_and_pays_once(cart, product, method):
    first = checkout(cart, method=method, idempotency_key="key-123")
    cart_again = create_filled_cart(product, 1)  # even another request body gets the first order

    second = checkout(cart, method=method, idempotency_key="key-123")
    third_cart = checkout(cart_again, method=method, idempotency_key="key-123")

    assert second.pk == first.pk
    assert third_cart.pk != first.pk  # another guest (another cart) owns its own keys
    assert Payment.objects.filter(order=first).count() == 1
    assert Order.objects.count() == 2


def test_a_signed_in_shoppers_key_never_returns_another_shoppers_order(product, method):
    ada, grace = create_user(), create_user()
    ada_order = checkout(create_filled_cart(product, 1, user=ada), method=method, user=ada, idempotency_key="k")

    grace_order = checkout(create_filled_cart(product, 1, user=grace), method=method, user=grace, idempotency_key="k")

    assert grace_order.pk != ada_order.pk
    assert (ada_order.user, grace_order.user) == (ada, grace)
