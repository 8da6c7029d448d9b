"""Writes of the notifications app. Domain services call these explicitly (never through signals)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction

from .events import Event
from .models import Channel, Notification


def notify(*, event: Event, user=None, email=None, context=None):
    """Tell one person about an event: in the shop when they have an account, and by email.

    `user` or `email` (a guest's) names the person; `context` feeds the event's template. The email
    leaves only once the caller's transaction commits. This is the one door every domain service
    uses to reach a shopper.
    """
    context = context or {}
    recipient = email or (user.email if user else None)
    title = context.get("title") or Event(event).label
    body = context.get("body", "")
    notification = None
    if user is not None:
        notification = Notification.objects.create(
            user=user, kind=event, channel=Channel.IN_APP, title=title, body=body, data=context.get("data", {})
        )
    if recipient:
        transaction.on_commit(
            lambda: send_mail(title, body, settings.DEFAULT_FROM_EMAIL, [recipient], fail_silently=False)
        )
    return notification


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
