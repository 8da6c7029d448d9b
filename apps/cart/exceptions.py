from apps.core.exceptions import DomainError


class OutOfStock(DomainError):
    code = "out_of_stock"
    http_status = 409


class ProductUnavailable(DomainError):
    code = "product_unavailable"


class VariantRequired(DomainError):
    code = "variant_required"


class InvalidQuantity(DomainError):
    code = "invalid_quantity"


class CartItemNotFound(DomainError):
    code = "cart_item_not_found"
