"""Sign-in lockouts by django-axes: whose attempt it was, what a locked-out client is told, and the
security event each lockout leaves (settings AXES_*)."""

from axes.signals import user_locked_out
from django.conf import settings
from django.dispatch import receiver
from django.http import JsonResponse
from django.shortcuts import render

from apps.core.errors import error_body

from .services import record_lockout

LOCKED_MESSAGE = "Too many failed sign-in attempts. Wait {minutes} minutes, or reset your password."


def attempted_email(request, credentials):
    """AXES_USERNAME_CALLABLE: the address tried, in one letter case (the shop's logins ignore case).

    The storefront and the API authenticate with `email`, the admin's form with `username`.
    """
    source = credentials if credentials is not None else request.POST
    value = source.get("email") or source.get("username") or ""
    return str(value).strip().lower()


def _message():
    return LOCKED_MESSAGE.format(minutes=int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: 429 in the API's error format under /api/, a page elsewhere."""
    message = _message()
    if request.path.startswith("/api/"):
        return JsonResponse(error_body(code="locked_out", message=message), status=429)
    template = "admin/locked_out.html" if request.path.startswith("/admin/") else "storefront/account/locked_out.html"
    return render(request, template, {"message": message, "title": "Sign-in paused"}, status=429)


@receiver(user_locked_out, dispatch_uid="accounts.record_lockout")
def _record_lockout(sender, request, username, ip_address, **kwargs):
    """One security event per lockout: axes also sends this signal for each attempt refused while
    locked, and only the attempt that crossed the limit has counted its failures."""
    if getattr(request, "axes_failures_since_start", None) is None:
        return
    record_lockout(
        email=username or "",
        ip=ip_address,
        user_agent=request.META.get("HTTP_USER_AGENT", ""),
        path=request.path,
        failures=request.axes_failures_since_start,
    )
