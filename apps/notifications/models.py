from django.db import models
from django.db.models import Q

from apps.core.models import BaseModel

from .events import switchable_events


class Channel(models.TextChoices):
    EMAIL = "email", "Email"
    IN_APP = "in_app", "In the shop"


class EmailTemplate(BaseModel):
    """Subject and bodies of one kind of email, rendered with Django's template language."""

    key = models.CharField(max_length=60, db_comment="e.g. order_confirmation, low_stock_alert")
    subject = models.CharField(max_length=200)
    body_text = models.TextField()
    body_html = models.TextField(blank=True, default="")
    is_active = models.BooleanField(default=True, db_default=True)

    class Meta:
        db_table = "email_templates"
        db_table_comment = "Email templates by key"
        ordering = ["key"]
        constraints = [models.UniqueConstraint(fields=["key"], name="email_templates_key_key")]

    def __str__(self):
        return self.key


class Notification(BaseModel):
    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=60, db_comment="Template key / event name")
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.IN_APP)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True, default="")
    data = models.JSONField(default=dict, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "notifications"
        db_table_comment = "Messages to users, in the shop or by email"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(channel__in=Channel.values), name="notifications_channel_check")
        ]
        indexes = [
            models.Index(
                fields=["user", "-created_at"], name="idx_notifications_unread", condition=Q(read_at__isnull=True)
            ),
        ]

    def __str__(self):
        return self.title


class NotificationPreference(BaseModel):
    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="notification_preferences")
    kind = models.CharField(max_length=60)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    enabled = models.BooleanField(default=True)

    class Meta:
        db_table = "notification_preferences"
        db_table_comment = "Which notifications a user wants, by channel"
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "channel"], name="notification_preferences_key"),
            # Transactional and staff mail cannot be switched off: only switchable events may be disabled.
            models.CheckConstraint(
                condition=Q(enabled=True) | Q(kind__in=[event.value for event in switchable_events()]),
                name="notification_preferences_only_switchable_off",
            ),
        ]

    def __str__(self):
        return f"{self.kind}/{self.channel}: {'on' if self.enabled else 'off'}"


class DeliveryLog(BaseModel):
    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, null=True, blank=True, related_name="deliveries"
    )
    kind = models.CharField(max_length=60, blank=True, default="", db_comment="Event / template key")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    recipient = models.CharField(max_length=255)
    subject = models.CharField(max_length=200, blank=True, default="")
    body_text = models.TextField(
        blank=True, default="", db_comment="The rendered mail; erased once sent when it carries a one-time link"
    )
    body_html = models.TextField(blank=True, default="")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True, default="", db_comment="The last attempt's error")
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "notification_logs"
        db_table_comment = "Delivery attempts of notifications"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["queued", "sent", "failed"]), name="notification_logs_status_check"
            )
        ]

    def __str__(self):
        return f"{self.channel} to {self.recipient}: {self.status}"
