"""Invoices and credit notes: issued when money is taken or given back, numbered without gaps,
readable PDFs that never change, and only their customer (or staff) gets them."""

import hashlib
import re
from decimal import Decimal
from io import BytesIO

import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader
from rest_framework.test import APIClient

from apps.backoffice.services import sync_roles
from apps.fulfilment import services as fulfilment
from apps.fulfilment.services import Line
from apps.fulfilment.tracking import advance_simulated_shipment
from apps.invoicing.models import BillingDocument
from apps.invoicing.services import issue_credit_note, issue_invoice
from apps.orders.services import add_order_note
from tests.factories import create_staff, create_user
from tests.fulfilment.factories import create_carrier, placed_order, stocked_product

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


@pytest.fixture
def ada():
    return create_user(email="ada@example.com", first_name="Ada", last_name="Lovelace")


@pytest.fixture
def mug():
    return stocked_product("25.00", on_hand=10, name="Mug", sku="MUG-1")


@pytest.fixture
def plate():
    return stocked_product("10.00", on_hand=10, name="Plate", sku="PLATE-1")


def processing_order(user, lines):
    return fulfilment.start_processing(order=placed_order(lines, user=user))


@pytest.fixture
def order(ada, mug, plate):
    """2 mugs (50.00), a plate (10.00), 5.00 shipping: 65.00."""
    return processing_order(ada, [(mug, 2), (plate, 1)])


def pdf_text(data):
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages)


def stored(document):
    with document.file.open("rb") as f:
        return f.read()


def test_the_first_parcel_issues_the_invoice_of_the_whole_order(order, mug):
    assert not BillingDocument.objects.exists()
    [mug_line] = [item for item in order.items.all() if item.product_id == mug.pk]
    fulfilment.ship(order=order, carrier=create_carrier(), tracking_number="P1", lines=[Line(mug_line, 1)])
    fulfilment.ship(order=order, carrier=create_carrier(), tracking_number="P2")

    [invoice] = BillingDocument.objects.all()
    assert (invoice.kind, invoice.number, invoice.total, invoice.currency) == (
        "invoice",
        f"INV-{YEAR}-000001",
        Decimal("65.00"),
        "USD",
    )
    text = pdf_text(stored(invoice))
    assert f"Invoice INV-{YEAR}-000001" in text
    assert f"Order {order.order_number}" in text
    assert "ShopFlow Inc." in text and "Ada Lovelace" in text
    assert re.search(r"Mug · MUG-1\s+2\s+25\.00 USD\s+50\.00 USD", text)
    assert re.search(r"Plate · PLATE-1\s+1\s+10\.00 USD\s+10\.00 USD", text)
    assert re.search(r"Subtotal\s+60\.00 USD", text)
    assert re.search(r"Shipping Standard\s+5\.00 USD", text)
    assert re.search(rf"Tax\s+{order.tax} USD", text)
    assert re.search(r"Total\s+65\.00 USD", text)


def test_issuing_again_gives_the_same_document(order):
    fulfilment.ship(order=order, carrier=create_carrier())
    first = BillingDocument.objects.get()
    again = issue_invoice(order=order)
    assert (again.pk, again.number, again.sha256) == (first.pk, first.number, first.sha256)
    assert hashlib.sha256(stored(again)).hexdigest() == first.sha256
    assert BillingDocument.objects.count() == 1


def test_numbers_follow_each_other_per_kind(ada, mug):
    orders = [processing_order(ada, [(mug, 1)]) for _ in range(3)]
    for each in orders:
        fulfilment.ship(order=each, carrier=create_carrier())
    assert [issue_invoice(order=each).number for each in orders] == [
        f"INV-{YEAR}-000001",
        f"INV-{YEAR}-000002",
        f"INV-{YEAR}-000003",
    ]


def test_an_issued_document_cannot_change(order):
    fulfilment.ship(order=order, carrier=create_carrier())
    with pytest.raises(IntegrityError, match="is issued and cannot change"), transaction.atomic():
        BillingDocument.objects.update(total=Decimal("1.00"))
    with pytest.raises(IntegrityError), transaction.atomic():
        BillingDocument.objects.all().delete()


def test_a_partial_refund_issues_a_credit_note_with_its_amount_and_reason(order):
    fulfilment.ship(order=order, carrier=create_carrier())
    [refund] = fulfilment.refund(order=order, amount="12.50", reason="Scratched mug")

    note = BillingDocument.objects.get(kind="credit_note")
    assert (note.number, note.total, note.refund) == (f"CN-{YEAR}-000001", Decimal("12.50"), refund)
    assert issue_credit_note(refund=refund) == note
    text = pdf_text(stored(note))
    assert f"Credit note CN-{YEAR}-000001" in text
    assert re.search(r"Refund: Scratched mug\s+1\s+12\.50 USD\s+12\.50 USD", text)
    assert re.search(r"Total credited\s+12\.50 USD", text)
    assert f"Credits invoice INV-{YEAR}-000001." in text


# Downloads -----------------------------------------------------------------------------------


@pytest.fixture
def invoiced(order):
    fulfilment.ship(order=order, carrier=create_carrier())
    fulfilment.refund(order=order, amount="12.50", reason="Scratched mug")
    return order


def test_the_shopper_downloads_their_invoice_and_credit_note(client, ada, invoiced):
    client.force_login(ada)
    response = client.get(reverse("storefront:account_order_invoice", args=[invoiced.order_number]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="INV-{YEAR}-000001.pdf"'
    assert f"INV-{YEAR}-000001" in pdf_text(b"".join(response.streaming_content))

    page = client.get(reverse("storefront:account_order", args=[invoiced.order_number])).content.decode()
    assert f"Invoice INV-{YEAR}-000001" in page and f"Credit note CN-{YEAR}-000001" in page
    credit = client.get(reverse("storefront:account_order_document", args=[invoiced.order_number, f"CN-{YEAR}-000001"]))
    assert f"CN-{YEAR}-000001" in pdf_text(b"".join(credit.streaming_content))


def test_another_shoppers_invoice_is_a_404(client, invoiced):
    client.force_login(create_user(email="mallory@example.com"))
    for url in (
        reverse("storefront:account_order_invoice", args=[invoiced.order_number]),
        reverse("storefront:account_order_document", args=[invoiced.order_number, f"INV-{YEAR}-000001"]),
        reverse("storefront:account_order_document", args=[invoiced.order_number, f"CN-{YEAR}-000001"]),
    ):
        assert client.get(url).status_code == 404


def test_an_order_not_yet_paid_has_no_invoice(client, ada, order):
    client.force_login(ada)
    assert client.get(reverse("storefront:account_order_invoice", args=[order.order_number])).status_code == 404


def test_the_api_lists_and_serves_the_documents_to_their_customer_only(ada, invoiced):
    api = APIClient()
    api.force_authenticate(ada)
    listing = api.get(reverse("v1:invoicing:order-document-list", args=[invoiced.pk])).json()
    assert [(d["number"], d["kind"], d["total"]) for d in listing] == [
        (f"INV-{YEAR}-000001", "invoice", "65.00"),
        (f"CN-{YEAR}-000001", "credit_note", "12.50"),
    ]
    pdf = api.get(listing[0]["download_url"])
    assert hashlib.sha256(b"".join(pdf.streaming_content)).hexdigest() == listing[0]["sha256"]

    api.force_authenticate(create_user(email="mallory@example.com"))
    answer = api.get(reverse("v1:invoicing:order-document", args=[invoiced.pk, f"INV-{YEAR}-000001"]))
    assert answer.status_code == 404
    assert answer.json()["error"]["code"] == "not_found"
    assert api.get(reverse("v1:invoicing:order-document-list", args=[invoiced.pk])).status_code == 404


def test_support_staff_download_any_invoice_in_the_admin(client, invoiced):
    sync_roles()  # a transactional test elsewhere may have emptied the groups the migrations made
    staff = create_staff()
    staff.groups.add(Group.objects.get(name="Support"))
    client.force_login(staff)
    document = BillingDocument.objects.get(kind="invoice")
    changelist = client.get(reverse("admin:invoicing_billingdocument_changelist")).content.decode()
    assert f"Download INV-{YEAR}-000001.pdf" in changelist
    response = client.get(reverse("admin:invoicing_billingdocument_download", args=[document.pk]))
    assert b"".join(response.streaming_content) == stored(document)


# What the customer sees of notes and refunds ---------------------------------------------------


def test_the_order_page_and_api_show_customer_notes_and_refunds_with_their_reason(client, ada, invoiced):
    staff = create_staff()
    add_order_note(order=invoiced, author=staff, body="Your replacement mug ships on Monday.", is_customer_visible=True)
    add_order_note(order=invoiced, author=staff, body="Customer was rude on the phone.")

    client.force_login(ada)
    page = client.get(reverse("storefront:account_order", args=[invoiced.order_number])).content.decode()
    assert "Your replacement mug ships on Monday." in page
    assert "rude" not in page
    assert re.search(r"<strong>\$12\.50</strong> on .*Scratched mug", page)

    api = APIClient()
    api.force_authenticate(ada)
    detail = api.get(reverse("v1:orders:order-detail", args=[invoiced.pk])).json()
    assert [note["body"] for note in detail["customer_notes"]] == ["Your replacement mug ships on Monday."]
    assert [(r["amount"], r["reason"], r["status"]) for r in detail["payments"][0]["refunds"]] == [
        ("12.50", "Scratched mug", "succeeded")
    ]


def test_the_api_shows_each_parcel_with_its_tracking_events(ada, order):
    carrier = create_carrier(code="parcelco", name="ParcelCo", webhook_secret="k")
    fulfilment.ship(order=order, carrier=carrier, tracking_number="PC-1")
    advance_simulated_shipment(order.shipments.get())
    api = APIClient()
    api.force_authenticate(ada)
    [shipment] = api.get(reverse("v1:orders:order-detail", args=[order.pk])).json()["shipments"]
    assert (shipment["carrier"], shipment["tracking_number"], shipment["status"]) == (
        "ParcelCo",
        "PC-1",
        "out_for_delivery",
    )
    assert [(e["status"], e["location"]) for e in shipment["tracking_events"]] == [("out_for_delivery", "Local depot")]
