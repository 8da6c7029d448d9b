from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.defaultfilters import filesizeformat
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from apps.core.admin import ReadOnlyAdmin
from apps.ops.models import Backup, HealthCheck, MaintenanceReport, RestoreDrill
from apps.ops.services.drills import request_restore_drill


def seconds(value: float) -> str:
    return f"{value:.1f} s" if value < 120 else f"{value / 60:.0f} min"


@admin.register(Backup)
class BackupAdmin(ReadOnlyAdmin):
    """Backups are taken by the scheduled ops tasks (or `manage.py backup`) and verified by restore drills."""

    list_display = ("started_at", "kind", "status", "size", "took", "sha256_short", "verified_at", "expires_at")
    list_filter = ("status", "kind")
    search_fields = ("file_path", "sha256")
    list_select_related = ("created_by",)
    readonly_fields = (*ReadOnlyAdmin.readonly_fields, "row_count_table")

    @admin.display(description="size", ordering="size_bytes")
    def size(self, backup):
        return filesizeformat(backup.size_bytes) if backup.size_bytes is not None else "—"

    @admin.display(description="duration")
    def took(self, backup):
        return seconds(backup.duration.total_seconds()) if backup.duration else "—"

    @admin.display(description="SHA-256")
    def sha256_short(self, backup):
        return backup.sha256[:12]

    @admin.display(description="rows at backup time")
    def row_count_table(self, backup):
        rows = format_html_join("", "<tr><td>{}</td><td>{}</td></tr>", sorted(backup.row_counts.items()))
        return format_html("<table><tr><th>table</th><th>rows</th></tr>{}</table>", rows)

    def get_urls(self):
        drill = self.admin_site.admin_view(self.request_drill_view)
        return [path("drill/", drill, name="ops_backup_drill"), *super().get_urls()]

    def request_drill_view(self, request):
        """The console's "Run a restore drill" button: queue a drill of the latest backup."""
        if request.method != "POST" or not self.has_view_permission(request):
            raise PermissionDenied
        request_restore_drill(user=request.user)
        self.message_user(
            request, "A restore drill of the latest backup is queued; its result appears below.", messages.SUCCESS
        )
        return HttpResponseRedirect(reverse("admin:ops_restoredrill_changelist"))


@admin.register(RestoreDrill)
class RestoreDrillAdmin(ReadOnlyAdmin):
    list_display = (
        "started_at", "status", "backup", "restore_time", "within_rto", "checksum_ok", "migrations_ok",
        "problem_count", "requested_by",
    )  # fmt: skip
    list_filter = ("status",)
    list_select_related = ("backup", "requested_by")

    @admin.display(description="restore time", ordering="restore_seconds")
    def restore_time(self, drill):
        return seconds(drill.restore_seconds) if drill.restore_seconds is not None else "—"

    @admin.display(boolean=True, description="within RTO")
    def within_rto(self, drill):
        return drill.within_rto

    @admin.display(description="problems")
    def problem_count(self, drill):
        return len(drill.problems)


def metric_text(metric: dict) -> str:
    value = "—" if metric["value"] is None else f"{metric['value']:g} {metric['unit']}"
    return f"{metric['label']}: {value} ({metric['state']})"


@admin.register(HealthCheck)
class HealthCheckAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "state", "summary")
    list_filter = ("state",)
    date_hierarchy = "created_at"

    @admin.display(description="metrics")
    def summary(self, check):
        return " · ".join(metric_text(metric) for metric in check.metrics)


@admin.register(MaintenanceReport)
class MaintenanceReportAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "kind", "summary")
    list_filter = ("kind",)
    readonly_fields = (*ReadOnlyAdmin.readonly_fields, "report")
    exclude = ("data",)

    @admin.display(description="report")
    def report(self, report):
        """The report's lists as tables: one per key that holds rows."""
        parts = []
        for key, rows in report.data.items():
            if isinstance(rows, list) and rows and isinstance(rows[0], dict):
                head = format_html_join("", "<th>{}</th>", ((column,) for column in rows[0]))
                body = format_html_join(
                    "",
                    "<tr>{}</tr>",
                    ((format_html_join("", "<td>{}</td>", ((v,) for v in row.values())),) for row in rows),
                )
                parts.append(format_html("<h3>{}</h3><table><tr>{}</tr>{}</table>", key, head, body))
            else:
                parts.append(format_html("<h3>{}</h3><p>{}</p>", key, rows))
        return format_html_join("", "{}", ((part,) for part in parts))
