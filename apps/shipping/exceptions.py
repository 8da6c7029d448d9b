from apps.core.exceptions import DomainError


class ShippingMethodUnavailable(DomainError):
    code = "shipping_method_unavailable"


class UnknownCarrier(DomainError):
    code = "unknown_carrier"
    http_status = 404


class InvalidCarrierSignature(DomainError):
    """A webhook call not signed by the carrier it claims to come from, or signed too long ago."""

    code = "invalid_signature"
    http_status = 403


class InvalidCarrierEvent(DomainError):
    code = "invalid_event"
    http_status = 400


class UnknownShipment(DomainError):
    code = "unknown_shipment"
    http_status = 404
