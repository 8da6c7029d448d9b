from django.contrib import admin

from apps.core.admin import TIMESTAMPS, ReadOnlyAdmin, ReadOnlyTabularInline
from apps.inventory.models import StockLevel, StockMovement, StockReservation, Supplier, Warehouse

# Quantities change only through the inventory services, which write the ledger with them.
QUANTITIES = ("quantity_on_hand", "quantity_reserved")


class StockLevelInline(ReadOnlyTabularInline):
    model = StockLevel
    fields = ("product", "variant", *QUANTITIES, "reorder_point", "low_stock_alerted_at")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("product", "variant__product")


@admin.register(Warehouse)
class WarehouseAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "city", "country_code", "priority", "is_active")
    list_filter = ("is_active", "country_code")
    search_fields = ("code", "name", "city")
    readonly_fields = TIMESTAMPS
    inlines = [StockLevelInline]


@admin.register(Supplier)
class SupplierAdmin(admin.ModelAdmin):
    list_display = ("name", "email", "phone", "lead_time_days", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "email")
    readonly_fields = TIMESTAMPS


@admin.register(StockLevel)
class StockLevelAdmin(admin.ModelAdmin):
    """Reorder settings are edited here; stock itself moves only through services."""

    list_display = ("product", "variant", "warehouse", *QUANTITIES, "reorder_point", "low_stock_alerted_at")
    list_filter = ("warehouse",)
    search_fields = ("product__name", "product__sku", "variant__sku")
    list_select_related = ("product", "variant__product", "warehouse")
    raw_id_fields = ("product", "variant")
    readonly_fields = (*TIMESTAMPS, "warehouse", "product", "variant", *QUANTITIES, "low_stock_alerted_at")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(StockMovement)
class StockMovementAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "movement_type", "product", "variant", "warehouse", "on_hand_delta", "reference")
    list_filter = ("movement_type", "warehouse")
    search_fields = ("product__sku", "reference", "reason")
    list_select_related = ("product", "variant__product", "warehouse")
    date_hierarchy = "created_at"


@admin.register(StockReservation)
class StockReservationAdmin(ReadOnlyAdmin):
    list_display = ("order", "stock_level", "quantity", "status", "created_at")
    list_filter = ("status",)
    search_fields = ("order__order_number",)
    list_select_related = ("order", "stock_level")
