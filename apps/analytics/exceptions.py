from apps.core.exceptions import DomainError


class UnknownView(DomainError):
    code = "unknown_view"


class ViewRefreshFailed(DomainError):
    code = "view_refresh_failed"
