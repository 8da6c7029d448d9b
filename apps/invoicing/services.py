"""Issuing invoices and credit notes: numbered without gaps, drawn once, stored, never changed.

The order operations (apps.fulfilment: money captured as items ship, refunds) and returns call
these in their own transaction; issuing again what was issued returns the stored document.
"""

import hashlib

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone

from apps.core.db import retry_on_conflict
from apps.core.money import to_money
from apps.orders.models import Order

from . import pdf
from .models import NUMBER_PREFIX, BillingDocument, DocumentCounter, DocumentKind


def _next_number(kind, year):
    """The next number of `kind` in `year`. The counter row stays locked until the issuing
    transaction ends, so concurrent issues queue and a rolled-back one leaves no gap."""
    DocumentCounter.objects.bulk_create([DocumentCounter(kind=kind, year=year)], ignore_conflicts=True)
    counter = DocumentCounter.objects.select_for_update().get(kind=kind, year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"{NUMBER_PREFIX[kind]}-{year}-{counter.last_number:06d}"


def _seller():
    seller = settings.INVOICE_SELLER
    return [seller["name"], *seller["address"], f"Tax id {seller['tax_id']}"]


def _buyer(order):
    addresses = {address.address_type: address for address in order.addresses.all()}
    address = addresses.get("billing") or addresses.get("shipping")
    if address is None:
        return [order.customer_email]
    lines = [f"{address.first_name} {address.last_name}", address.company, address.address_line_1]
    lines += [address.address_line_2, f"{address.postal_code} {address.city} {address.state}".strip()]
    return [line for line in [*lines, address.country_code, order.customer_email] if line]


def _money(amount, currency):
    return f"{amount} {currency}"


def _invoice_content(order, number, issued_at):
    c = order.currency
    lines = [
        (
            item.product_name + (f" ({item.variant_name})" if item.variant_name else "") + f" · {item.sku}",
            str(item.quantity),
            _money(item.unit_price, c),
            _money(item.subtotal, c),
        )
        for item in order.items.order_by("created_at", "sku")
    ]
    totals = [("Subtotal", _money(order.subtotal, c))]
    if order.discount:
        totals.append((f"Discount {order.coupon_code}".strip(), _money(-order.discount, c)))
    totals += [
        (f"Shipping {order.shipping_method_name}".strip(), _money(order.shipping, c)),
        ("Tax", _money(order.tax, c)),
        ("Total", _money(order.total, c)),
    ]
    return pdf.DocumentContent(
        title="Invoice",
        number=number,
        issued_on=f"{timezone.localtime(issued_at):%d %b %Y}",
        order_number=order.order_number,
        seller=_seller(),
        buyer=_buyer(order),
        lines=lines,
        totals=totals,
    )


def credit_note_tax(order, amount):
    """The tax inside a refund of `amount`: the order's tax in proportion."""
    if not order.total:
        return to_money(0)
    return to_money(order.tax * amount / order.total)


def _credit_note_content(order, refund, number, issued_at, invoice):
    c = order.currency
    reason = refund.reason or "Refund"
    return pdf.DocumentContent(
        title="Credit note",
        number=number,
        issued_on=f"{timezone.localtime(issued_at):%d %b %Y}",
        order_number=order.order_number,
        seller=_seller(),
        buyer=_buyer(order),
        lines=[(f"Refund: {reason}", "1", _money(refund.amount, c), _money(refund.amount, c))],
        totals=[
            ("Tax included", _money(credit_note_tax(order, refund.amount), c)),
            ("Total credited", _money(refund.amount, c)),
        ],
        note=f"Credits invoice {invoice.number}." if invoice else "",
    )


def _store(*, kind, order, number, issued_at, body, tax, total, refund=None):
    document = BillingDocument(
        kind=kind,
        number=number,
        order=order,
        refund=refund,
        currency=order.currency,
        tax=tax,
        total=total,
        sha256=hashlib.sha256(body).hexdigest(),
        issued_at=issued_at,
    )
    document.file.save(f"{issued_at:%Y}/{number}.pdf", ContentFile(body), save=False)
    document.save()
    return document


@retry_on_conflict()
def issue_invoice(*, order):
    """The invoice of `order` (issued once its money is captured); the same one every time."""
    order = Order.objects.select_for_update().get(pk=order.pk)
    existing = order.billing_documents.filter(kind=DocumentKind.INVOICE).first()
    if existing is not None:
        return existing
    issued_at = timezone.now()
    number = _next_number(DocumentKind.INVOICE, timezone.localtime(issued_at).year)
    body = pdf.render(_invoice_content(order, number, issued_at))
    return _store(
        kind=DocumentKind.INVOICE,
        order=order,
        number=number,
        issued_at=issued_at,
        body=body,
        tax=order.tax,
        total=order.total,
    )


@retry_on_conflict()
def issue_credit_note(*, refund):
    """The credit note of a payments.Refund (of an order's payment); the same one every time."""
    existing = BillingDocument.objects.filter(refund_id=refund.pk).first()
    if existing is not None:
        return existing
    order = Order.objects.select_for_update().get(pk=refund.payment.order_id)
    issued_at = timezone.now()
    number = _next_number(DocumentKind.CREDIT_NOTE, timezone.localtime(issued_at).year)
    invoice = order.billing_documents.filter(kind=DocumentKind.INVOICE).first()
    body = pdf.render(_credit_note_content(order, refund, number, issued_at, invoice))
    return _store(
        kind=DocumentKind.CREDIT_NOTE,
        order=order,
        number=number,
        issued_at=issued_at,
        body=body,
        tax=credit_note_tax(order, refund.amount),
        total=refund.amount,
        refund=refund,
    )
