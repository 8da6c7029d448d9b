from apps.core.exceptions import DomainError


class PaymentError(DomainError):
    code = "payment"


class PaymentStateError(PaymentError):
    """The payment is not in a state that allows the operation (capturing a failed payment...)."""

    code = "payment_state"
    http_status = 409


class RefundExceedsCaptured(PaymentError):
    code = "refund_exceeds_captured"
    http_status = 409


class RefundAboveLimit(PaymentError):
    """The member of staff may not refund this much (settings.SUPPORT_REFUND_LIMIT)."""

    code = "refund_above_limit"
    http_status = 403


class GatewayDeclined(PaymentError):
    """The gateway refused a capture, void or refund; the attempt is recorded as a transaction."""

    code = "gateway_declined"


class PaymentMethodNotFound(PaymentError):
    """No saved card with that id among the shopper's own (someone else's is not found either)."""

    code = "not_found"
    http_status = 404
