"""A shopper follows a partly shipped order in a real browser: parcels and their tracking events
as the carrier reports them through its signed webhook, the shop's messages, a refund with its
reason, and the invoice downloaded as a PDF."""

import re

import pytest
from pypdf import PdfReader

from apps.fulfilment import services as fulfilment
from apps.fulfilment.services import Line
from apps.orders.services import add_order_note
from apps.shipping.carriers import SIGNATURE_HEADER, SimulatedCarrier
from tests.checkout.factories import create_illinois_tax
from tests.factories import create_staff, create_user
from tests.fulfilment.factories import create_carrier, placed_order, stocked_product

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "an unusual passphrase"


def report(page, carrier, tracking_number, status):
    """The carrier calls the shop's webhook over HTTP, signed with its secret."""
    body, signature = SimulatedCarrier(carrier).event(tracking_number=tracking_number, status=status)
    response = page.request.post(
        f"/api/v1/carriers/{carrier.code}/events/",
        data=body,
        headers={SIGNATURE_HEADER: signature, "Content-Type": "application/json"},
    )
    assert response.ok, response.text()


def test_a_shopper_follows_a_partial_shipment_and_downloads_the_invoice(page, screenshot):
    create_illinois_tax()
    ada = create_user(email="ada@example.com", password=PASSWORD, first_name="Ada", last_name="Lovelace")
    lamp = stocked_product("25.00", name="Desk Lamp", sku="LAMP-1")
    shade = stocked_product("12.00", name="Lamp Shade", sku="SHADE-1")
    order = placed_order([(lamp, 2), (shade, 1)], user=ada)
    staff = create_staff()
    fulfilment.start_processing(order=order, user=staff)
    carrier = create_carrier(code="parcelco", name="ParcelCo", webhook_secret="parcelco-secret")
    [lamp_line] = [item for item in order.items.all() if item.product_id == lamp.pk]
    fulfilment.ship(order=order, carrier=carrier, tracking_number="PC100001", lines=[Line(lamp_line, 2)], user=staff)
    add_order_note(
        order=order, author=staff, body="The lamp shade comes from our other warehouse, in a second parcel.",
        is_customer_visible=True,
    )  # fmt: skip
    add_order_note(order=order, author=staff, body="Internal: check the shade supplier.")
    report(page, carrier, "PC100001", "out_for_delivery")

    page.goto(f"/account/orders/{order.order_number}/")
    page.get_by_label("Email").fill("ada@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    first = page.get_by_role("region", name="Shipment 1")
    assert "Out for delivery" in first.locator("h2").inner_text()
    assert first.locator(".tracking li strong").all_inner_texts() == ["Out for delivery"]
    assert first.get_by_text("2 × Desk Lamp").is_visible()
    assert page.locator(".status").first.inner_text() == "Processing"
    assert "in a second parcel" in page.get_by_role("region", name="Messages from the shop").inner_text()
    assert "Internal" not in page.content()
    screenshot(page, "order-partly-shipped")

    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile(r"Invoice INV-\d{4}-000001")).click()
    download = download_info.value
    assert re.fullmatch(r"INV-\d{4}-000001\.pdf", download.suggested_filename)
    text = "\n".join(p.extract_text() for p in PdfReader(download.path()).pages)
    assert "Desk Lamp · LAMP-1" in text and "Lamp Shade · SHADE-1" in text
    order.refresh_from_db()
    assert re.search(rf"Total\s+{order.total} USD", text)

    # The rest leaves, both parcels arrive, the shop refunds a scratch on the shade.
    fulfilment.ship(order=order, carrier=carrier, tracking_number="PC100002", user=staff)
    report(page, carrier, "PC100001", "delivered")
    report(page, carrier, "PC100002", "in_transit")
    report(page, carrier, "PC100002", "delivered")
    fulfilment.refund(order=order, amount="5.00", reason="Scratch on the lamp shade", user=staff)
    page.reload()

    assert page.locator("h1 .status").inner_text() == "Delivered"
    assert page.get_by_role("region", name="Shipment 2").locator(".tracking li strong").all_inner_texts() == [
        "Delivered",
        "In transit",
    ]
    assert page.locator(".refunded").inner_text() == "$5.00 refunded"
    refunds = page.get_by_role("list", name="Refunds").inner_text()
    assert "$5.00 on" in refunds and "Scratch on the lamp shade" in refunds
    assert page.get_by_role("region", name="Shipment 2").get_by_text("1 × Lamp Shade").is_visible()
    assert page.get_by_role("link", name=re.compile(r"Credit note CN-\d{4}-000001")).is_visible()
    screenshot(page, "order-delivered-refunded")
