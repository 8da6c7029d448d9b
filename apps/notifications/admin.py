from django.contrib import admin

from apps.core.admin import TIMESTAMPS, InternalReadOnlyAdmin, ReadOnlyAdmin
from apps.notifications.models import DeliveryLog, EmailTemplate, Notification, NotificationPreference


@admin.register(EmailTemplate)
class EmailTemplateAdmin(admin.ModelAdmin):
    list_display = ("key", "subject", "is_active", "updated_at")
    list_filter = ("is_active",)
    search_fields = ("key", "subject")
    readonly_fields = TIMESTAMPS


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("user", "kind", "channel", "title", "read_at", "created_at")
    list_filter = ("channel", "kind")
    search_fields = ("user__email", "title")
    list_select_related = ("user",)


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(ReadOnlyAdmin):
    list_display = ("user", "kind", "channel", "enabled")
    list_filter = ("channel", "enabled")
    search_fields = ("user__email", "kind")
    list_select_related = ("user",)


@admin.register(DeliveryLog)
class DeliveryLogAdmin(InternalReadOnlyAdmin):
    list_display = ("recipient", "channel", "subject", "status", "attempts", "sent_at", "created_at")
    list_filter = ("status", "channel")
    search_fields = ("recipient", "subject")
