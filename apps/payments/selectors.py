"""Reads of payments."""

from .exceptions import PaymentMethodNotFound
from .models import PaymentMethod, Refund


def refunds_for_payment(payment):
    """A payment's refunds, newest first, with who made them."""
    return Refund.objects.filter(payment=payment).select_related("created_by").order_by("-created_at")


def payment_methods_for_user(user):
    """A shopper's saved cards, the default first, then the newest."""
    return PaymentMethod.objects.filter(user=user).order_by("-is_default", "-created_at")


def own_payment_method(*, user, payment_method_id):
    """The user's saved card with that id; PaymentMethodNotFound (404) for anyone else's or none."""
    method = PaymentMethod.objects.filter(user=user, pk=payment_method_id).first()
    if method is None:
        raise PaymentMethodNotFound("No such saved card.", fields={"payment_method": str(payment_method_id)})
    return method
