from django.contrib import admin

from apps.core.admin import ReadOnlyAdmin, ReadOnlyTabularInline
from apps.returns.models import ReturnItem, ReturnRequest, ReturnStatusHistory


class ReturnItemInline(ReadOnlyTabularInline):
    model = ReturnItem
    fields = ("order_item", "quantity", "reason", "condition", "restock")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("order_item")


class ReturnStatusHistoryInline(ReadOnlyTabularInline):
    model = ReturnStatusHistory
    fields = ("created_at", "status", "notes", "created_by")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("created_by")


@admin.register(ReturnRequest)
class ReturnRequestAdmin(ReadOnlyAdmin):
    """Returns are approved, received and refunded by the returns services."""

    list_display = ("rma_number", "order", "user", "status", "refund_amount", "created_at")
    list_filter = ("status",)
    search_fields = ("rma_number", "order__order_number", "user__email")
    list_select_related = ("order", "user")
    date_hierarchy = "created_at"
    inlines = [ReturnItemInline, ReturnStatusHistoryInline]


@admin.register(ReturnItem)
class ReturnItemAdmin(ReadOnlyAdmin):
    list_display = ("return_request", "order_item", "quantity", "condition", "restock")
    list_filter = ("condition", "restock")
    search_fields = ("return_request__rma_number", "order_item__sku")
    list_select_related = ("return_request", "order_item")


@admin.register(ReturnStatusHistory)
class ReturnStatusHistoryAdmin(ReadOnlyAdmin):
    list_display = ("return_request", "status", "created_by", "created_at")
    list_filter = ("status",)
    search_fields = ("return_request__rma_number",)
    list_select_related = ("return_request", "created_by")
