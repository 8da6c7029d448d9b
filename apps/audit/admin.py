import functools

from django.apps import apps
from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html, format_html_join

from apps.audit.models import AuditLogEntry


@functools.cache
def model_of_table(table_name):
    """The model whose table is `table_name`, or None."""
    for model in apps.get_models():
        if model._meta.db_table == table_name:
            return model
    return None


def _shown(value):
    return "—" if value is None else str(value)


@admin.register(AuditLogEntry)
class AuditLogEntryAdmin(admin.ModelAdmin):
    """Read-only (the database refuses changes to the log anyway), written for people: who did it,
    a link to the row, and what changed from what to what."""

    list_display = ("occurred_at", "operation", "table", "row", "actor_email", "changes")
    list_filter = ("table_name", "operation")
    search_fields = ("=row_id", "actor__email")
    list_select_related = ("actor",)
    date_hierarchy = "occurred_at"
    show_full_result_count = False
    fields = ("occurred_at", "operation", "table", "row", "actor_email", "diff")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="table", ordering="table_name")
    def table(self, entry):
        model = model_of_table(entry.table_name)
        return model._meta.verbose_name.capitalize() if model else entry.table_name

    @admin.display(description="row")
    def row(self, entry):
        """A link to the row's admin page while it exists there; its id otherwise."""
        model = model_of_table(entry.table_name)
        if model is None or entry.operation == AuditLogEntry.Operation.DELETE or not entry.row_id:
            return entry.row_id
        try:
            url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[entry.row_id])
        except NoReverseMatch:
            return entry.row_id
        return format_html('<a href="{}">{}</a>', url, entry.row_label)

    @admin.display(description="by", ordering="actor__email")
    def actor_email(self, entry):
        return entry.actor.email if entry.actor else "system"

    @admin.display(description="changed")
    def changes(self, entry):
        if entry.operation == AuditLogEntry.Operation.UPDATE:
            return ", ".join(entry.changed_fields or [])
        return ""

    @admin.display(description="changes")
    def diff(self, entry):
        """Before and after of each changed column (every column for an insert or a delete)."""
        before, after = entry.old_values or {}, entry.new_values or {}
        columns = entry.changed_fields if entry.operation == AuditLogEntry.Operation.UPDATE else sorted(before | after)
        rows = format_html_join(
            "",
            "<tr><th>{}</th><td>{}</td><td>{}</td></tr>",
            ((column, _shown(before.get(column)), _shown(after.get(column))) for column in columns or []),
        )
        return format_html(
            '<table class="audit-diff"><thead><tr><th>Field</th><th>Before</th><th>After</th></tr></thead>'
            "<tbody>{}</tbody></table>",
            rows,
        )
