from apps.core.exceptions import DomainError


class NotificationError(DomainError):
    code = "notification"


class NotSwitchable(NotificationError):
    """Transactional and staff mail cannot be switched off."""

    code = "not_switchable"


class DeliveryFailed(Exception):
    """The mail server refused or could not be reached; the sending task retries."""
