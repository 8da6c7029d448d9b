from apps.core.exceptions import DomainError


class PlanningError(DomainError):
    code = "planning"


class PurchaseOrderRefused(PlanningError):
    """Input a purchase order cannot take: negative or excess quantities, unknown lines."""

    code = "purchase_order_refused"


class PurchaseOrderStateError(PlanningError):
    """A step the purchase order's current status does not allow (receiving a closed order, ...)."""

    code = "purchase_order_state"
    http_status = 409
