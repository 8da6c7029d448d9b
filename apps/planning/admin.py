"""The planning console: the reorder list (with each item's forecast chart and the analytics panel),
purchase orders (send, receive, close), supplier terms, planning policies and forecast runs.

Suggestions, forecasts and purchase orders change only through the planning services.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from apps.core.admin import TIMESTAMPS, ReadOnlyAdmin, ReadOnlyTabularInline, apply_to_each_row
from apps.core.exceptions import DomainError

from . import selectors, services
from .models import (
    DemandDay,
    ForecastRun,
    ItemCost,
    ItemForecast,
    PlanningPolicy,
    PurchaseOrder,
    PurchaseOrderLine,
    PurchaseOrderStatusChange,
    ReorderSuggestion,
    SupplierProduct,
)


def _item(level_or_line):
    return level_or_line.variant or level_or_line.product


@admin.register(ReorderSuggestion)
class ReorderSuggestionAdmin(ReadOnlyAdmin):
    """The reorder list: soonest to run out first; the action drafts one purchase order per supplier."""

    change_list_template = "admin/planning/reordersuggestion/change_list.html"
    change_form_template = "admin/planning/reordersuggestion/change_form.html"
    list_display = (
        "item",
        "warehouse",
        "supplier",
        "available",
        "on_order",
        "point_source",
        "safety_stock",
        "order_quantity",
        "days_of_cover",
    )
    list_filter = ("stock_level__warehouse", "supplier_product__supplier")
    search_fields = ("stock_level__product__name", "stock_level__product__sku", "stock_level__variant__sku")
    list_select_related = (
        "stock_level__warehouse",
        "stock_level__product",
        "stock_level__variant__product",
        "supplier_product__supplier",
    )
    actions = ["draft_purchase_orders"]
    readonly_fields = (
        "item",
        "warehouse",
        "supplier",
        "lead_time_days",
        "service_level",
        "target_cover_days",
        "daily_demand",
        "lead_time_demand",
        "safety_stock",
        "reorder_point",
        "available",
        "on_order",
        "order_quantity",
        "days_of_cover",
    )
    fields = readonly_fields

    def get_queryset(self, request):
        # The list opens on what there is to order; ?all=1 shows every item.
        return selectors.reorder_list(only_to_order=False)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "forecast_error": selectors.forecast_error(),
            "running_out": selectors.running_out_first(),
        }
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        suggestion = get_object_or_404(ReorderSuggestion.objects.select_related("stock_level"), pk=object_id)
        extra_context = {**(extra_context or {}), "chart": selectors.forecast_chart(suggestion.stock_level)}
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description="item", ordering="stock_level__product__name")
    def item(self, obj):
        return _item(obj.stock_level)

    @admin.display(description="warehouse", ordering="stock_level__warehouse__code")
    def warehouse(self, obj):
        return obj.stock_level.warehouse.code

    @admin.display(description="supplier")
    def supplier(self, obj):
        return obj.supplier_product.supplier if obj.supplier_product else "— no supplier —"

    @admin.display(description="reorder point")
    def point_source(self, obj):
        level = obj.stock_level
        if level.reorder_point_manual:
            return format_html("<strong>{} (set by hand)</strong>", level.reorder_point)
        return f"{level.reorder_point} (computed)"

    @admin.action(description="Draft purchase orders (one per supplier and warehouse)")
    def draft_purchase_orders(self, request, queryset):
        orders = services.draft_from_suggestions(suggestions=list(queryset), user=request.user)
        if orders:
            self.message_user(
                request,
                f"Drafted {', '.join(order.number for order in orders)}.",
                messages.SUCCESS,
            )
        else:
            self.message_user(
                request, "Nothing to order: no selected item has a quantity to order and a supplier.", messages.WARNING
            )


class LineInline(ReadOnlyTabularInline):
    model = PurchaseOrderLine
    fields = ("product", "variant", "quantity_ordered", "quantity_received", "unit_cost")
    show_change_link = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("product", "variant__product")


class HistoryInline(ReadOnlyTabularInline):
    model = PurchaseOrderStatusChange
    fields = ("created_at", "previous_status", "status", "note", "user")
    show_change_link = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")


class ReceiptForm(forms.Form):
    """One field per open line: units arriving now (the service refuses negatives and excess)."""

    def __init__(self, *args, lines, **kwargs):
        super().__init__(*args, **kwargs)
        for line in lines:
            self.fields[str(line.pk)] = forms.IntegerField(
                label=f"{_item(line)} (ordered {line.quantity_ordered}, received {line.quantity_received})",
                initial=0,
                required=False,
            )


@admin.register(PurchaseOrder)
class PurchaseOrderAdmin(admin.ModelAdmin):
    list_display = ("number", "supplier", "warehouse", "status", "units_ordered", "units_received", "created_at")
    list_filter = ("status", "supplier", "warehouse")
    search_fields = ("number", "supplier__name")
    readonly_fields = ("number", "supplier", "warehouse", "status", "created_by", *TIMESTAMPS)
    fields = ("number", "supplier", "warehouse", "status", "allow_over_receipt", "expected_at", "notes", "created_by")
    inlines = [LineInline, HistoryInline]
    actions = ["send", "close"]
    change_form_template = "admin/planning/purchaseorder/change_form.html"

    def get_queryset(self, request):
        return selectors.purchase_orders()

    def has_add_permission(self, request):
        return False  # drafted from the reorder list (or by the API)

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="units ordered")
    def units_ordered(self, obj):
        return obj.units_ordered

    @admin.display(description="units received")
    def units_received(self, obj):
        return obj.units_received

    def _each(self, request, queryset, step, done):
        apply_to_each_row(
            self,
            request,
            queryset,
            lambda order: step(order=order, user=request.user),
            label=lambda order: order.number,
            done=done,
        )

    @admin.action(description="Send to the supplier")
    def send(self, request, queryset):
        self._each(request, queryset, services.send_purchase_order, "sent to the supplier.")

    @admin.action(description="Close (nothing more expected)")
    def close(self, request, queryset):
        self._each(request, queryset, services.close_purchase_order, "closed.")

    def get_urls(self):
        receive = self.admin_site.admin_view(self.receive_view)
        return [path("<uuid:pk>/receive/", receive, name="planning_purchaseorder_receive"), *super().get_urls()]

    def receive_view(self, request, pk):
        order = selectors.purchase_order_detail(pk)
        if not self.has_change_permission(request, order):
            raise PermissionDenied
        lines = list(order.lines.all())
        form = ReceiptForm(request.POST or None, lines=lines)
        if request.method == "POST" and form.is_valid():
            quantities = {line_id: units or 0 for line_id, units in form.cleaned_data.items()}
            try:
                services.receive_purchase_order(order=order, quantities=quantities, user=request.user)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                self.message_user(request, f"Received against {order.number}.", messages.SUCCESS)
                return redirect(reverse("admin:planning_purchaseorder_change", args=[order.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": f"Receive {order.number}",
            "order": order,
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/planning/purchaseorder/receive.html", context)


@admin.register(SupplierProduct)
class SupplierProductAdmin(admin.ModelAdmin):
    list_display = ("supplier", "product", "variant", "cost", "pack_size", "minimum_order", "lead_time_days")
    list_filter = ("supplier", "is_preferred")
    search_fields = ("product__name", "product__sku", "supplier_sku", "supplier__name")
    list_select_related = ("supplier", "product", "variant__product")
    raw_id_fields = ("product", "variant")
    readonly_fields = TIMESTAMPS


@admin.register(PlanningPolicy)
class PlanningPolicyAdmin(admin.ModelAdmin):
    list_display = ("__str__", "category", "service_level", "target_cover_days")
    list_select_related = ("category",)
    readonly_fields = TIMESTAMPS


@admin.register(ForecastRun)
class ForecastRunAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "status", "history_until", "items", "duration_ms", "methods", "error", "message")
    list_filter = ("status",)


@admin.register(ItemCost)
class ItemCostAdmin(ReadOnlyAdmin):
    list_display = ("product", "variant", "average_cost", "units_received", "updated_at")
    search_fields = ("product__name", "product__sku")
    list_select_related = ("product", "variant__product")


@admin.register(DemandDay)
class DemandDayAdmin(ReadOnlyAdmin):
    list_display = ("day", "product", "variant", "warehouse", "units", "orders")
    list_filter = ("warehouse",)
    search_fields = ("product__name", "product__sku")
    list_select_related = ("product", "variant__product", "warehouse")
    date_hierarchy = "day"
    readonly_fields = ()


@admin.register(ItemForecast)
class ItemForecastAdmin(ReadOnlyAdmin):
    list_display = ("product", "variant", "warehouse", "method", "first_week", "sigma", "mase")
    list_filter = ("method", "warehouse")
    search_fields = ("product__name", "product__sku")
    list_select_related = ("product", "variant__product", "warehouse")


@admin.register(PurchaseOrderLine)
class PurchaseOrderLineAdmin(ReadOnlyAdmin):
    list_display = ("purchase_order", "product", "variant", "quantity_ordered", "quantity_received", "unit_cost")
    search_fields = ("purchase_order__number", "product__name", "product__sku")
    list_select_related = ("purchase_order", "product", "variant__product")


@admin.register(PurchaseOrderStatusChange)
class PurchaseOrderStatusChangeAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "purchase_order", "previous_status", "status", "note", "user")
    list_filter = ("status",)
    search_fields = ("purchase_order__number",)
    list_select_related = ("purchase_order", "user")
