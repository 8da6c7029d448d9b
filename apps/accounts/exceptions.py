from apps.core.exceptions import DomainError


class AccountError(DomainError):
    code = "account"


class EmailTaken(AccountError):
    code = "email_taken"


class WeakPassword(AccountError):
    """The password validators refused it; fields name the input that carried it."""

    code = "weak_password"


class WrongPassword(AccountError):
    code = "wrong_password"


class InvalidCredentials(AccountError):
    code = "invalid_credentials"
    http_status = 401


class InvalidToken(AccountError):
    """An emailed link's token is unknown, used or expired."""

    code = "invalid_token"


class InvalidRefreshToken(AccountError):
    """The refresh token is unknown, expired or revoked: the client must sign in again."""

    code = "invalid_refresh_token"
    http_status = 401


class InvalidAddress(AccountError):
    code = "invalid_address"


class AddressNotFound(AccountError):
    code = "not_found"
    http_status = 404
