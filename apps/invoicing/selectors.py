"""Reads of invoices and credit notes."""

from .models import BillingDocument, DocumentKind


def documents_of_order(order):
    """The order's invoice and credit notes, in the order they were issued."""
    return BillingDocument.objects.filter(order=order).order_by("issued_at", "number")


def document_of_order(order, number):
    """One document of `order` by its number; None when the order has no such document."""
    return BillingDocument.objects.filter(order=order, number=number).first()


def invoice_of_order(order):
    return BillingDocument.objects.filter(order=order, kind=DocumentKind.INVOICE).first()
