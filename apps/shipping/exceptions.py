from apps.core.exceptions import DomainError


class ShippingMethodUnavailable(DomainError):
    code = "shipping_method_unavailable"
