from apps.core.exceptions import DomainError


class FulfilmentError(DomainError):
    """An order operation refused because of what the order, its items or its money are now."""

    code = "fulfilment"
    http_status = 409


class InvalidShipment(FulfilmentError):
    """Items or quantities that this order cannot ship."""

    code = "invalid_shipment"
    http_status = 400


class InvalidRefund(FulfilmentError):
    code = "invalid_refund"
    http_status = 400
