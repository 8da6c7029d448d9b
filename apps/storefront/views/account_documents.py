"""The shopper's invoices and credit notes: PDFs of their own orders only (others' are a 404)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404

from apps.invoicing.responses import pdf_download
from apps.invoicing.selectors import document_of_order, invoice_of_order
from apps.orders.selectors import order_of_user


def _order(user, order_number):
    order = order_of_user(order_number, user=user)
    if order is None:
        raise Http404("No such order.")
    return order


@login_required
def order_invoice(request, order_number):
    invoice = invoice_of_order(_order(request.user, order_number))
    if invoice is None:
        raise Http404("This order has no invoice yet.")
    return pdf_download(invoice)


@login_required
def order_document(request, order_number, number):
    document = document_of_order(_order(request.user, order_number), number)
    if document is None:
        raise Http404("No such document.")
    return pdf_download(document)
