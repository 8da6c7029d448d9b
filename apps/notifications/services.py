"""Writes of the notifications app. Domain services call these explicitly (never through signals)."""

import logging
import smtplib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone

from apps.core.outbox import enqueue

from .events import SECRET_EVENTS, Event, is_switchable
from .exceptions import DeliveryFailed, NotSwitchable
from .models import Channel, DeliveryLog, Notification, NotificationPreference
from .rendering import RENDER_ERRORS, file_source, render
from .selectors import disabled_channels, template_source
from .tasks import send_email

logger = logging.getLogger(__name__)

# What a mail backend raises when the server refuses or cannot be reached (socket errors are OSError).
SEND_ERRORS = (smtplib.SMTPException, OSError)


def notify(*, event: Event, user=None, email=None, context=None):
    """Tell one person about an event: in the shop when they have an account, and by email.

    `user` or `email` (a guest's, or an address other than the account's) names the person;
    `context` feeds the event's template (see events.py for its keys). Channels the user switched
    off are skipped; transactional events cannot be switched off. The mail is rendered now, logged
    as queued in notification_logs, and handed to the sending task only once the caller's
    transaction commits, so a rolled-back change sends nothing. Returns the in-shop Notification
    (None for a guest, or when switched off).
    """
    event = Event(event)
    context = {"user": user, **(context or {})}
    off = disabled_channels(user=user, event=event) if user is not None and is_switchable(event) else set()
    title = context.get("title") or event.label
    notification = None
    if user is not None and Channel.IN_APP not in off and event not in SECRET_EVENTS:
        notification = Notification.objects.create(
            user=user,
            kind=event,
            channel=Channel.IN_APP,
            title=title[:200],
            body=context.get("body", ""),
            data=context.get("data", {}),
        )
    recipient = email or (user.email if user is not None else None)
    if recipient and Channel.EMAIL not in off:
        _queue_email(event=event, recipient=recipient, context=context, notification=notification)
    return notification


def _queue_email(*, event, recipient, context, notification):
    try:
        mail = render(template_source(event), context)
    except RENDER_ERRORS:
        # A database template that breaks on this context must not break the order or the return
        # that sends it: the file template takes over, and the error is logged for staff to fix.
        logger.exception("The database template %s failed to render; the file template is used", event)
        mail = render(file_source(event), context)
    log = DeliveryLog.objects.create(
        kind=event,
        channel=Channel.EMAIL,
        recipient=recipient,
        subject=mail.subject,
        body_text=mail.text,
        body_html=mail.html,
        notification=notification,
    )
    _send_after_commit(log.pk)
    return log


def _send_after_commit(log_id):
    # robust: the caller's change stands even if the broker is down; the log row stays queued.
    # (A lambda, not a partial: Django names a robust callback by its __qualname__ when it fails.)
    log_id = str(log_id)
    # Kept in the outbox while the broker is down, so no mail is lost (apps.core.outbox).
    enqueue(send_email, log_id)


@transaction.atomic
def resend_failed(*, log_ids) -> int:
    """Queue mails that failed for a fresh round of attempts (staff, once the mail server is back).
    Mails already sent are never sent again. Returns how many were queued."""
    failed = list(
        DeliveryLog.objects.select_for_update()
        .filter(pk__in=log_ids, status=DeliveryLog.Status.FAILED)
        .values_list("pk", flat=True)
    )
    DeliveryLog.objects.filter(pk__in=failed).update(status=DeliveryLog.Status.QUEUED, updated_at=timezone.now())
    for log_id in failed:
        _send_after_commit(log_id)
    return len(failed)


def notify_staff(*, kind, title, body, data=None):
    """Tell every active staff member about an operations event (low stock, failed backup...).

    Each gets an in-shop notification and a mail of their own, sent and logged like any other.
    Returns the notifications created.
    """
    staff = get_user_model().objects.filter(is_staff=True, is_active=True).order_by("email")
    context = {"title": title, "body": body, "data": data or {}}
    return [notify(event=kind, user=member, context=context) for member in staff]


def deliver_email(*, log_id, final_attempt=True):
    """Send one logged mail, at most once, and record the attempt.

    The log row is locked for the send, so a duplicated or retried task waits, then finds it sent
    and does nothing. A failure counts the attempt and keeps the error; on the final attempt the
    row is marked failed. The attempt is committed before DeliveryFailed is raised for the task to
    retry. Returns the log row, or None when it no longer exists.
    """
    failure = None
    with transaction.atomic():
        log = DeliveryLog.objects.select_for_update().filter(pk=log_id).first()
        if log is None or log.status != DeliveryLog.Status.QUEUED:
            return log
        log.attempts += 1
        try:
            _send(log)
        except SEND_ERRORS as error:
            failure = error
            log.error = f"{type(error).__name__}: {error}"
            if final_attempt:
                log.status = DeliveryLog.Status.FAILED
        else:
            log.status = DeliveryLog.Status.SENT
            log.sent_at = timezone.now()
            if log.kind in SECRET_EVENTS:
                log.body_text = log.body_html = ""
        log.save(update_fields=["attempts", "error", "status", "sent_at", "body_text", "body_html", "updated_at"])
    if failure is not None:
        raise DeliveryFailed(log.error) from failure
    return log


def _send(log):
    message = EmailMultiAlternatives(log.subject, log.body_text, settings.DEFAULT_FROM_EMAIL, [log.recipient])
    if log.body_html:
        message.attach_alternative(log.body_html, "text/html")
    message.send(fail_silently=False)


@transaction.atomic
def set_preference(*, user, event, channel, enabled: bool) -> NotificationPreference:
    """Switch one event on or off on one channel for the user; NotSwitchable for transactional mail."""
    event, channel = Event(event), Channel(channel)
    if not is_switchable(event):
        raise NotSwitchable(
            f"“{event.label}” messages cannot be switched off.", fields={"event": ["Cannot be switched off."]}
        )
    preference, _ = NotificationPreference.objects.update_or_create(
        user=user, kind=event, channel=channel, defaults={"enabled": enabled}
    )
    return preference


@transaction.atomic
def set_preferences(*, user, choices) -> None:
    """Apply several choices at once, all or none: `choices` maps (event, channel) to on/off."""
    for (event, channel), enabled in choices.items():
        set_preference(user=user, event=event, channel=channel, enabled=enabled)


@transaction.atomic
def mark_read(*, user, notification_ids=None) -> int:
    """Mark the user's unread in-shop notifications read (only those ids when given); returns how many."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=notification_ids)
    return unread.update(read_at=timezone.now(), updated_at=timezone.now())


def site_url(path: str) -> str:
    """An absolute link into the shop for a message (`link` in a notify context)."""
    return f"{settings.SITE_URL.rstrip('/')}{path}"
