from apps.core.exceptions import DomainError


class OrderError(DomainError):
    code = "order"


class IllegalTransition(OrderError):
    """The order state machine has no arrow from the order's status to the one asked for."""

    code = "illegal_transition"
    http_status = 409

    def __init__(self, *, order, to_status):
        super().__init__(
            f"Cannot change order {order.order_number} from {order.status} to {to_status}.",
            fields={"status": to_status},
        )
        self.order = order
        self.to_status = to_status
