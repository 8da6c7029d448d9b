from apps.core.exceptions import DomainError


class CheckoutError(DomainError):
    """The cart cannot become an order as it is; nothing was written."""

    code = "checkout"


class EmptyCart(CheckoutError):
    code = "empty_cart"


class CartChanged(CheckoutError):
    """Prices changed or lines went away since the shopper last saw the cart: they review it first."""

    code = "cart_changed"


class OutOfStock(CheckoutError):
    code = "out_of_stock"
    http_status = 409


class InvalidEmail(CheckoutError):
    code = "invalid_email"


class InvalidAddress(CheckoutError):
    code = "invalid_address"


class ShippingUnavailable(CheckoutError):
    code = "shipping_unavailable"


class CouponRejected(CheckoutError):
    """The cart's coupon cannot be used (any more); `code` is the coupon's own refusal code."""

    code = "coupon_rejected"


class PaymentDeclined(CheckoutError):
    """The card was refused; `code` is the gateway's failure code (card_declined, insufficient_funds...)."""

    code = "payment_declined"
    http_status = 402


class InvalidIdempotencyKey(CheckoutError):
    code = "invalid_idempotency_key"


class IdempotencyKeyReused(CheckoutError):
    """The key already placed an order from a different request (IETF idempotency-key draft: 422)."""

    code = "idempotency_key_reused"
    http_status = 422


class SavedCardNotFound(CheckoutError):
    """The saved card to pay with is not one of the shopper's (another shopper's is not found either)."""

    code = "not_found"
    http_status = 404
