"""Reads of payments."""

from .models import Refund


def refunds_for_payment(payment):
    """A payment's refunds, newest first, with who made them."""
    return Refund.objects.filter(payment=payment).select_related("created_by").order_by("-created_at")
