from django import forms
from django.contrib import admin
from import_export import fields, resources

from apps.core.admin import (
    TIMESTAMPS,
    CsvExportMixin,
    ReadOnlyAdmin,
    ReadOnlyTabularInline,
    apply_to_each_row,
    form_action,
)
from apps.inventory import services
from apps.inventory.models import StockLevel, StockMovement, StockReservation, Supplier, Transfer, Warehouse


class ReceiveStockForm(forms.Form):
    quantity = forms.IntegerField(min_value=1)
    supplier = forms.ModelChoiceField(Supplier.objects.filter(is_active=True).order_by("name"), required=False)
    reference = forms.CharField(max_length=100, required=False, help_text="Delivery note or purchase order number.")


class AdjustStockForm(forms.Form):
    delta = forms.IntegerField(label="Change", help_text="Units to add (positive) or remove (negative).")
    reason = forms.CharField(max_length=255, help_text="A count, breakage, a find…")


class TransferStockForm(forms.Form):
    destination = forms.ModelChoiceField(Warehouse.objects.filter(is_active=True).order_by("priority", "code"))
    quantity = forms.IntegerField(min_value=1)


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


class StockLevelResource(resources.ModelResource):
    warehouse = fields.Field(attribute="warehouse__code", column_name="warehouse")
    sku = fields.Field(attribute="product__sku", column_name="product sku")
    product = fields.Field(attribute="product__name", column_name="product")
    variant = fields.Field(attribute="variant__sku", column_name="variant sku")
    available = fields.Field(attribute="quantity_available", column_name="available")

    class Meta:
        model = StockLevel
        fields = (
            "warehouse", "sku", "product", "variant", "quantity_on_hand", "quantity_reserved", "available",
            "reorder_point", "reorder_quantity",
        )  # fmt: skip
        export_order = fields


@admin.register(StockLevel)
class StockLevelAdmin(CsvExportMixin, admin.ModelAdmin):
    """Reorder settings are edited here; stock itself moves only through services.

    The nightly planning run computes reorder point and quantity; ticking "reorder point manual" keeps
    a hand-set point (the list shows which points are hand-set).
    """

    list_display = (
        "product",
        "variant",
        "warehouse",
        *QUANTITIES,
        "reorder_point",
        "reorder_point_manual",
    )  # when the last alert went out is on the row's page: the list fits 1366px
    list_filter = ("warehouse", "product__category", "reorder_point_manual")
    search_fields = ("product__name", "product__sku", "variant__sku")
    resource_classes = [StockLevelResource]
    list_select_related = ("product", "variant__product", "warehouse")
    raw_id_fields = ("product", "variant")
    readonly_fields = (*TIMESTAMPS, "warehouse", "product", "variant", *QUANTITIES, "low_stock_alerted_at")
    actions = ["receive", "adjust", "transfer"]

    def has_move_stock_permission(self, request):
        return request.user.has_perm("inventory.change_stocklevel")

    def _stock_action(self, request, queryset, form_class, title, operation, done):
        return form_action(
            self, request, queryset.select_related("warehouse", "product", "variant"),
            form_class=form_class, title=title, operation=operation, done=done,
        )  # fmt: skip

    @admin.action(description="Receive stock for the selected rows…", permissions=["move_stock"])
    def receive(self, request, queryset):
        def operation(level, quantity, supplier, reference):
            services.receive_stock(
                warehouse=level.warehouse, product=level.product, variant=level.variant, quantity=quantity,
                supplier=supplier, reference=reference, user=request.user,
            )  # fmt: skip

        return self._stock_action(
            request, queryset, ReceiveStockForm, "Receive stock", operation, lambda n: f"Received stock on {n} row(s)."
        )

    @admin.action(description="Adjust stock of the selected rows…", permissions=["move_stock"])
    def adjust(self, request, queryset):
        def operation(level, delta, reason):
            services.adjust_stock(
                warehouse=level.warehouse, product=level.product, variant=level.variant, delta=delta,
                reason=reason, user=request.user,
            )  # fmt: skip

        return self._stock_action(
            request, queryset, AdjustStockForm, "Adjust stock", operation, lambda n: f"Adjusted stock on {n} row(s)."
        )

    @admin.action(description="Transfer stock of the selected rows to another warehouse…", permissions=["move_stock"])
    def transfer(self, request, queryset):
        def operation(level, destination, quantity):
            services.transfer_stock(
                product=level.product, variant=level.variant, source=level.warehouse, destination=destination,
                quantity=quantity, user=request.user,
            )  # fmt: skip

        return self._stock_action(
            request,
            queryset,
            TransferStockForm,
            "Transfer stock",
            operation,
            lambda n: f"Transferred stock from {n} row(s).",
        )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        # A point typed by hand is kept by the nightly planning run until staff untick the box.
        if "reorder_point" in form.changed_data and "reorder_point_manual" not in form.changed_data:
            obj.reorder_point_manual = True
        super().save_model(request, obj, form, change)


@admin.register(StockMovement)
class StockMovementAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "movement_type", "product", "variant", "warehouse", "on_hand_delta", "reference")
    list_filter = ("movement_type", "warehouse")
    search_fields = ("product__sku", "variant__sku", "order__order_number", "reference", "reason")
    list_select_related = ("product", "variant__product", "warehouse")
    date_hierarchy = "created_at"


@admin.register(StockReservation)
class StockReservationAdmin(ReadOnlyAdmin):
    list_display = ("order", "stock_level", "quantity", "status", "created_at")
    list_filter = ("status",)
    search_fields = ("order__order_number", "stock_level__product__sku")
    list_select_related = ("order", "stock_level__product", "stock_level__variant__product", "stock_level__warehouse")


@admin.register(Transfer)
class TransferAdmin(admin.ModelAdmin):
    """Adding a transfer requests it; the actions ship it (stock leaves), receive it (stock arrives) or
    cancel it, each through the inventory services and the ledger."""

    list_display = ("reference", "product", "variant", "source", "destination", "quantity", "status", "created_at")
    list_filter = ("status", "source", "destination")
    search_fields = ("reference", "product__name", "product__sku")
    list_select_related = ("product", "variant__product", "source", "destination")
    raw_id_fields = ("product", "variant")
    fields = ("product", "variant", "source", "destination", "quantity")
    actions = ["ship", "receive", "cancel"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        return (*self.fields, "reference", "status", "requested_by", "shipped_at", "received_at", "cancelled_at")

    def get_fields(self, request, obj=None):
        return self.get_readonly_fields(request, obj) or self.fields

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if change:
            return
        created = services.request_transfer(
            product=obj.product,
            variant=obj.variant,
            source=obj.source,
            destination=obj.destination,
            quantity=obj.quantity,
            user=request.user,
        )
        obj.pk, obj.reference = created.pk, created.reference

    def _each(self, request, queryset, step, done):
        apply_to_each_row(
            self,
            request,
            queryset.order_by("created_at"),
            lambda transfer: step(transfer=transfer, user=request.user),
            label=lambda transfer: transfer.reference,
            done=done,
        )

    @admin.action(description="Ship (stock leaves the source, in transit)")
    def ship(self, request, queryset):
        self._each(request, queryset, services.ship_transfer, "shipped.")

    @admin.action(description="Receive (stock arrives at the destination)")
    def receive(self, request, queryset):
        self._each(request, queryset, services.receive_transfer, "received.")

    @admin.action(description="Cancel (units in transit go back to the source)")
    def cancel(self, request, queryset):
        self._each(request, queryset, services.cancel_transfer, "cancelled.")
