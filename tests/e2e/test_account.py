"""The account in a real browser: sign up, sign in, follow an order, ask for a return."""

import pytest

from apps.accounts.models import User
from apps.fulfilment import services as fulfilment
from tests.checkout.factories import checkout, create_filled_cart, create_stocked_product
from tests.factories import create_shipping_method, create_staff, create_user
from tests.fulfilment.factories import create_carrier

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def deliver_an_order(user):
    """Two lamps bought, shipped with a tracking number and delivered, all through the real services."""
    lamp = create_stocked_product(name="Desk Lamp", price="25.00")
    cart = create_filled_cart(lamp, 2, user=user)
    order = checkout(cart, method=create_shipping_method(price="5.00"), user=user, customer_email=user.email)
    staff = create_staff()
    fulfilment.start_processing(order=order, user=staff)
    ups = create_carrier(tracking_url_template="https://ups.example/track?n={tracking_number}")
    fulfilment.ship(order=order, carrier=ups, tracking_number="1Z999AA10123456784", user=staff)
    fulfilment.deliver(order=order, user=staff)
    return order


def test_a_shopper_signs_up_follows_an_order_and_asks_for_a_return(page, screenshot):
    page.goto("/accounts/signup/")
    page.get_by_label("First name").fill("Ada")
    page.get_by_label("Last name").fill("Lovelace")
    page.get_by_label("Email").fill("ada@example.com")
    page.get_by_label("Password").fill("an unusual passphrase")
    page.get_by_role("button", name="Create account").click()
    assert "Check your email (ada@example.com) to verify your address." in page.content()

    page.get_by_role("button", name="Sign out").click()
    order = deliver_an_order(User.objects.get(email="ada@example.com"))
    page.goto("/account/orders/")
    page.get_by_label("Email").fill("ada@example.com")
    page.get_by_label("Password").fill("an unusual passphrase")
    page.get_by_role("button", name="Sign in").click()

    page.get_by_role("link", name=order.order_number).click()
    timeline = page.locator(".status-timeline li strong").all_inner_texts()
    assert timeline == ["Pending", "Confirmed", "Processing", "Shipped", "Delivered"]
    assert page.get_by_role("link", name="1Z999AA10123456784").is_visible()
    screenshot(page, "account-order")

    page.get_by_role("link", name="Request a return").click()
    page.get_by_label("Desk Lamp").fill("1")
    page.get_by_label("Why are you returning these items?").fill("Too bright")
    page.get_by_role("button", name="Request the return").click()

    assert "was requested" in page.locator(".messages").inner_text()
    assert page.locator(".status-return-requested").inner_text() == "Requested"
    screenshot(page, "account-returns")


def test_a_locked_out_shopper_sees_why_and_where_to_reset(page, screenshot):
    create_user(email="ada@example.com", password="correct horse battery")
    for _ in range(5):
        page.goto("/accounts/login/")
        page.get_by_label("Email").fill("ada@example.com")
        page.get_by_label("Password").fill("a wrong guess")
        page.get_by_role("button", name="Sign in").click()

    assert page.get_by_role("heading", name="Sign-in paused").is_visible()
    assert page.get_by_role("alert").inner_text().startswith("Too many failed sign-in attempts.")
    screenshot(page, "locked-out")
