"""Every constraint of the invoicing tables refuses a row written past Django's validation."""

from decimal import Decimal

import pytest

from apps.invoicing.models import BillingDocument, DocumentCounter
from tests.factories import create_product
from tests.model_factories import create_payment, create_refund, refused_by
from tests.orders.factories import create_order

pytestmark = pytest.mark.django_db
SHA = "0" * 64


def document(**fields):
    fields.setdefault("order", create_order(lines=[(create_product(), 1)]))
    values = {
        "kind": "invoice",
        "number": f"INV-2026-{BillingDocument.objects.count() + 1:06d}",
        "currency": "USD",
        "tax": Decimal("0"),
        "total": Decimal("10"),
        "file": "billing/x.pdf",
        "sha256": SHA,
        "issued_at": "2026-01-01T00:00Z",
        **fields,
    }
    return BillingDocument.objects.create(**values)


def two_invoices_of_one_order():
    first = document()
    document(order=first.order)


def credit_note(**fields):
    order = create_order(lines=[(create_product(), 1)])
    refund = create_refund(create_payment(order, amount_captured=Decimal("20.00")))
    return document(order=order, kind="credit_note", number="CN-2026-000001", refund=refund, **fields)


VIOLATIONS = {
    "billing_document_counters_kind_year_key": lambda: [
        DocumentCounter.objects.create(kind="invoice", year=2026) for _ in range(2)
    ],
    "billing_document_counters_kind_check": lambda: DocumentCounter.objects.create(kind="receipt", year=2026),
    "billing_documents_number_key": lambda: (document(number="INV-2026-000009"), document(number="INV-2026-000009")),
    "billing_documents_one_invoice_per_order": two_invoices_of_one_order,
    "billing_documents_credit_note_has_refund": lambda: document(kind="credit_note"),
    "billing_documents_amounts": lambda: credit_note(total=Decimal("-1")),
    "billing_documents_sha256": lambda: document(sha256="not a checksum"),
}


@pytest.mark.parametrize("constraint", VIOLATIONS)
def test_the_database_refuses_a_row_that_breaks(constraint):
    with refused_by(constraint):
        VIOLATIONS[constraint]()
