"""Reads of the notifications app: templates in use, preferences, a person's in-shop notifications."""

from .events import Event, switchable_events
from .models import Channel, EmailTemplate, Notification, NotificationPreference
from .rendering import TemplateSource, file_source


def template_source(key) -> TemplateSource:
    """The event's active database template, else its file template."""
    template = EmailTemplate.objects.filter(key=key, is_active=True).only("subject", "body_text", "body_html").first()
    if template is None:
        return file_source(key)
    return TemplateSource(template.subject, template.body_text, template.body_html)


def disabled_channels(*, user, event) -> set[str]:
    """The channels on which the user switched this event off (always empty for transactional mail)."""
    return set(
        NotificationPreference.objects.filter(user=user, kind=Event(event), enabled=False).values_list(
            "channel", flat=True
        )
    )


def preferences_for_user(*, user) -> list[dict]:
    """Every switchable event with the user's choice per channel (on unless switched off): one query."""
    off = set(NotificationPreference.objects.filter(user=user, enabled=False).values_list("kind", "channel"))
    return [
        {
            "event": event.value,
            "label": event.label,
            "email": (event.value, Channel.EMAIL) not in off,
            "in_app": (event.value, Channel.IN_APP) not in off,
        }
        for event in switchable_events()
    ]


def notifications_for_user(*, user):
    """The person's in-shop notifications, newest first."""
    return Notification.objects.filter(user=user, channel=Channel.IN_APP).order_by("-created_at")


def unread_count(*, user) -> int:
    return Notification.objects.filter(user=user, channel=Channel.IN_APP, read_at__isnull=True).count()
