from django.contrib import admin

from apps.audit.models import AuditLogEntry


@admin.register(AuditLogEntry)
class AuditLogEntryAdmin(admin.ModelAdmin):
    """Read-only: the database refuses changes to the log anyway."""

    list_display = ("occurred_at", "table_name", "operation", "row_id", "changed_fields", "actor_id")
    list_filter = ("table_name", "operation")
    search_fields = ("=row_id",)
    date_hierarchy = "occurred_at"
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
