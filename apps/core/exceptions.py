class DomainError(Exception):
    """A business rule refused the operation; message is for people, code for programs."""

    code = "invalid"

    def __init__(self, message, *, code=None, fields=None):
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.fields = fields or {}
