from django.contrib import admin, messages

from apps.analytics import models, services
from apps.core.admin import ReadOnlyAdmin


@admin.register(models.MaterializedViewRefresh)
class MaterializedViewRefreshAdmin(ReadOnlyAdmin):
    list_display = ("view_name", "started_at", "duration_ms", "row_count", "concurrently", "succeeded")
    list_filter = ("view_name", "concurrently")
    date_hierarchy = "started_at"
    actions = ["refresh_all_views"]

    @admin.display(boolean=True)
    def succeeded(self, obj):
        return obj.succeeded

    @admin.action(description="Refresh every materialized view now")
    def refresh_all_views(self, request, queryset):
        refreshes = services.refresh_all()
        failed = [refresh.view_name for refresh in refreshes if not refresh.succeeded]
        if failed:
            self.message_user(request, f"Refresh failed for {', '.join(failed)}.", messages.ERROR)
        else:
            self.message_user(request, f"Refreshed {len(refreshes)} views.", messages.SUCCESS)


class MaterializedViewAdmin(ReadOnlyAdmin):
    """A read-only page over one materialized view: every column, as the last refresh left it."""

    readonly_fields = ()  # views have no timestamps; get_readonly_fields names every column

    def get_list_display(self, request):
        return [field.name for field in self.model._meta.fields]

    def get_list_select_related(self, request):
        return [field.name for field in self.model._meta.fields if field.is_relation]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]


@admin.register(models.InventoryStatus)
class InventoryStatusAdmin(MaterializedViewAdmin):
    list_filter = ("status", "warehouse_code")
    search_fields = ("product_name",)

    def get_list_select_related(self, request):
        # A variant names itself with its product's name.
        return [
            "stock_level__product", "stock_level__variant__product", "stock_level__warehouse",
            "product", "variant__product", "warehouse",
        ]  # fmt: skip


for view_model in (
    models.CustomerAnalytics,
    models.ProductPerformance,
    models.DailySales,
    models.CategoryPerformance,
    models.CustomerSegment,
    models.MonthlyRevenue,
):
    admin.site.register(view_model, MaterializedViewAdmin)
