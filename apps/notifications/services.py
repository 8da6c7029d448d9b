"""Writes of the notifications app. Domain services call these explicitly (never through signals)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction

from .models import Channel, Notification


def notify_staff(*, kind, title, body, data=None):
    """Tell every active staff member: an in-shop notification each, and one email to all of them.

    The email goes out only once the caller's transaction commits, so a rolled-back change never
    alerts anyone. Returns the notifications created.
    """
    staff = list(get_user_model().objects.filter(is_staff=True, is_active=True).only("id", "email"))
    notifications = Notification.objects.bulk_create(
        Notification(user=user, kind=kind, channel=Channel.IN_APP, title=title, body=body, data=data or {})
        for user in staff
    )
    recipients = sorted({user.email for user in staff if user.email})
    if recipients:
        transaction.on_commit(
            lambda: send_mail(title, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=False)
        )
    return notifications
