from apps.core.exceptions import DomainError


class InventoryError(DomainError):
    code = "inventory"


class OutOfStock(InventoryError):
    """Not enough available units of one item across the warehouses that may ship it."""

    code = "out_of_stock"
    http_status = 409

    def __init__(self, *, product, variant=None, requested, available):
        name = f"{product.name} ({variant.name})" if variant else product.name
        super().__init__(
            f"Only {available} of “{name}” available; {requested} requested.",
            fields={"product": str(product.pk), "variant": str(variant.pk) if variant else None},
        )
        self.product = product
        self.variant = variant
        self.requested = requested
        self.available = available


class StockChangeRefused(InventoryError):
    """A receipt, adjustment or transfer that would leave a warehouse with impossible numbers."""

    code = "stock_change_refused"


class TransferRefused(InventoryError):
    """A transfer step that its current state does not allow (shipping a received one, ...)."""

    code = "transfer_refused"
    http_status = 409
