"""Staff run one order through the admin console in a real browser (confirm, start processing, ship
with tracking, deliver, partial refund), then its shopper sees every step on the order page."""

import pytest
from django.db import transaction
from playwright.sync_api import expect

from apps.inventory.services import reserve_stock
from apps.orders.models import OrderStatus, OrderStatusHistory
from apps.payments.services import authorize_payment
from tests.factories import create_staff, create_user
from tests.fulfilment.factories import create_carrier, stocked_product
from tests.orders.factories import create_order
from tests.payments.conftest import card

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "an unusual passphrase"


def order_awaiting_confirmation(shopper):
    """Two 25.00 lamps and 5.00 shipping for `shopper`, authorised and held, waiting for staff."""
    lamp = stocked_product("25.00", on_hand=10, name="Desk Lamp")
    with transaction.atomic():
        order = create_order(user=shopper, lines=[(lamp, 2)], status=OrderStatus.PENDING, shipping="5.00")
        OrderStatusHistory.objects.create(order=order, status=OrderStatus.PENDING, notes="Order placed by phone")
        reserve_stock(order=order, lines=[(lamp, None, 2)])
        authorize_payment(order=order, card=card())
    return order


def run_action(page, order, action):
    page.goto("/admin/orders/order/")
    page.locator(f'input[name="_selected_action"][value="{order.pk}"]').check()
    page.locator('select[name="action"]').select_option(action)
    page.get_by_role("button", name="Go").click()


def assert_said(page, *messages):
    """The admin's messages once the action's page has loaded (expect waits for them)."""
    expect(page.locator("ul.messagelist li")).to_have_text(list(messages))


def test_staff_take_an_order_through_the_console_and_the_shopper_sees_each_step(page, screenshot):
    shopper = create_user("ada@example.com", password=PASSWORD, first_name="Ada")
    create_staff("ops@example.com", password=PASSWORD, is_superuser=True)
    create_carrier(code="ups", name="UPS", tracking_url_template="https://ups.example/track/{tracking_number}")
    order = order_awaiting_confirmation(shopper)
    number = order.order_number

    page.goto("/admin/login/")
    page.locator("#id_username").fill("ops@example.com")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    run_action(page, order, "confirm_orders")
    assert_said(page, f"{number}: confirmed.")
    run_action(page, order, "process_orders")
    assert_said(page, f"{number}: processing.")

    run_action(page, order, "ship_order")
    assert page.get_by_role("heading", name=f"Ship {number}").is_visible()
    page.get_by_label("Carrier").select_option(label="UPS")
    page.get_by_label("Tracking number").fill("1Z999AA10123456784")
    assert page.get_by_label("Desk Lamp · ").input_value() == "2"
    screenshot(page, "console-ship-form")
    page.get_by_role("button", name="Ship").click()
    assert_said(page, f"{number}: shipped with UPS 1Z999AA10123456784.")

    run_action(page, order, "deliver_orders")
    assert_said(page, f"{number}: delivered.")

    run_action(page, order, "refund_order")
    page.get_by_label("Amount").fill("12.50")
    page.get_by_label("Reason").fill("Shade arrived chipped")
    screenshot(page, "console-refund-form")
    page.get_by_role("button", name="Refund").click()
    assert_said(page, f"{number}: refunded 12.50 USD.")
    screenshot(page, "console-orders-after")

    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill("ada@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"/account/orders/{number}/")

    timeline = page.locator(".status-timeline li strong").all_inner_texts()
    assert timeline == ["Pending", "Confirmed", "Processing", "Shipped", "Delivered", "Delivered"]
    notes = page.locator(".status-timeline li").all_inner_texts()
    assert "1 item(s)" not in notes[3] and "2 item(s) shipped with UPS, tracking 1Z999AA10123456784" in notes[3]
    assert "Refunded 12.50 USD: Shade arrived chipped" in notes[5]
    assert page.get_by_role("link", name="1Z999AA10123456784").get_attribute("href") == (
        "https://ups.example/track/1Z999AA10123456784"
    )
    assert page.locator(".refunded").inner_text() == "$12.50 refunded"
    screenshot(page, "console-shopper-order")
