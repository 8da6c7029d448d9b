from apps.core.exceptions import DomainError


class ReturnError(DomainError):
    code = "return"


class ReturnNotAllowed(ReturnError):
    """The order cannot be returned (not delivered, not the customer's, window closed)."""

    code = "return_not_allowed"


class IllegalReturnTransition(ReturnError):
    code = "illegal_return_transition"
    http_status = 409

    def __init__(self, *, return_request, to_status):
        super().__init__(
            f"Return {return_request.rma_number} is {return_request.get_status_display().lower()}; "
            f"it cannot become {to_status.label.lower()}.",
            fields={"status": to_status.value},
        )
