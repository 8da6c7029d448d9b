from django.contrib import admin

from apps.core.admin import ReadOnlyAdmin
from apps.ops.models import Backup


@admin.register(Backup)
class BackupAdmin(ReadOnlyAdmin):
    """Backups are taken and verified by the ops tasks; this is their record."""

    list_display = ("started_at", "kind", "status", "size_bytes", "finished_at", "verified_at", "created_by")
    list_filter = ("status", "kind")
    search_fields = ("file_path", "sha256")
    list_select_related = ("created_by",)
