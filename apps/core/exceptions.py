class DomainError(Exception):
    """A business rule refused the operation; message is for people, code for programs."""

    code = "invalid"
    # The API answers with this status (apps/core/api/exceptions.py); conflicts with the current
    # state of the shop (stock, coupon limits) use 409.
    http_status = 400

    def __init__(self, message, *, code=None, fields=None):
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.fields = fields or {}
