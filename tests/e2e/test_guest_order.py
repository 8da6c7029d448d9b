"""A guest in a real browser: looks their order up, opens the mailed link, follows it, asks for a return."""

import re

import pytest
from django.core import mail

from tests.checkout.factories import create_stocked_product
from tests.returns.factories import create_delivered_order

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_guest_finds_their_order_through_the_lookup_and_the_mailed_link(page, screenshot):
    lamp = create_stocked_product(name="Desk Lamp", price="25.00")
    order = create_delivered_order(None, lamp, 2, email="grace@example.com")
    mail.outbox.clear()

    page.goto("/")
    page.get_by_role("link", name="Find an order").click()
    page.get_by_label("Order number").fill(order.order_number)
    page.get_by_label("Email used for the order").fill("grace@example.com")
    screenshot(page, "guest-lookup")
    page.get_by_role("button", name="Email me the link").click()

    assert "If an order with that number was placed with that email address" in page.locator(".messages").inner_text()
    screenshot(page, "guest-lookup-sent")
    (message,) = mail.outbox
    assert message.to == ["grace@example.com"]
    link = re.search(r"https?://[^/\s]+(/orders/track/\S+/)", message.body).group(1)

    page.goto(link)
    assert page.get_by_role("heading", level=1).inner_text().startswith(f"Order {order.order_number}")
    assert page.locator(".status-timeline li strong").all_inner_texts()[-1] == "Delivered"
    assert "Desk Lamp" in page.locator("#items-heading + table").inner_text()
    screenshot(page, "guest-order")

    page.get_by_role("link", name="Request a return").click()
    page.get_by_label("Desk Lamp").fill("1")
    page.get_by_label("Why are you returning these items?").fill("Too bright")
    screenshot(page, "guest-return")
    page.get_by_role("button", name="Request the return").click()

    assert "was requested" in page.locator(".messages").inner_text()
    assert page.get_by_role("heading", level=1).inner_text().startswith(f"Order {order.order_number}")
