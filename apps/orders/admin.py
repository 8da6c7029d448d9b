from django.contrib import admin
from import_export import fields, resources

from apps.core.admin import CsvExportMixin, ReadOnlyAdmin, ReadOnlyTabularInline
from apps.orders import services
from apps.orders.models import (
    Order,
    OrderAddress,
    OrderItem,
    OrderNote,
    OrderShipment,
    OrderShipmentItem,
    OrderStatusHistory,
)


class OrderItemInline(ReadOnlyTabularInline):
    model = OrderItem
    fields = ("product_name", "variant_name", "sku", "quantity", "unit_price", "subtotal", "quantity_returned")


class OrderAddressInline(ReadOnlyTabularInline):
    model = OrderAddress
    fields = ("address_type", "first_name", "last_name", "address_line_1", "city", "postal_code", "country_code")


class OrderShipmentInline(ReadOnlyTabularInline):
    model = OrderShipment
    fields = ("carrier", "tracking_number", "status", "shipped_at", "delivered_at")


class OrderStatusHistoryInline(ReadOnlyTabularInline):
    model = OrderStatusHistory
    fields = ("created_at", "previous_status", "status", "notes", "created_by")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("created_by")


class OrderNoteInline(ReadOnlyTabularInline):
    model = OrderNote
    fields = ("created_at", "author", "body", "is_customer_visible")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")


class OrderResource(resources.ModelResource):
    status = fields.Field(attribute="get_status_display", column_name="status")

    class Meta:
        model = Order
        fields = (
            "order_number", "placed_at", "customer_email", "status", "subtotal", "discount", "tax", "shipping",
            "total", "currency",
        )  # fmt: skip
        export_order = fields


@admin.register(Order)
class OrderAdmin(CsvExportMixin, ReadOnlyAdmin):
    """Orders move through the order state machine (services), never by editing a field."""

    list_display = ("order_number", "customer_email", "status", "total", "currency", "placed_at")
    list_filter = ("status", "currency")
    search_fields = ("order_number", "customer_email", "user__email", "items__sku")
    date_hierarchy = "placed_at"
    resource_classes = [OrderResource]
    inlines = [OrderItemInline, OrderAddressInline, OrderShipmentInline, OrderStatusHistoryInline, OrderNoteInline]


@admin.register(OrderItem)
class OrderItemAdmin(ReadOnlyAdmin):
    list_display = ("order", "product_name", "sku", "quantity", "unit_price", "subtotal", "quantity_returned")
    search_fields = ("order__order_number", "sku", "product_name")
    list_select_related = ("order",)


@admin.register(OrderAddress)
class OrderAddressAdmin(ReadOnlyAdmin):
    list_display = ("order", "address_type", "first_name", "last_name", "city", "country_code")
    list_filter = ("address_type", "country_code")
    search_fields = ("order__order_number", "last_name", "postal_code")
    list_select_related = ("order",)


class OrderShipmentItemInline(ReadOnlyTabularInline):
    model = OrderShipmentItem
    fields = ("order_item", "quantity")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("order_item")


@admin.register(OrderShipment)
class OrderShipmentAdmin(ReadOnlyAdmin):
    list_display = ("order", "carrier", "tracking_number", "status", "shipped_at", "delivered_at")
    list_filter = ("status", "carrier")
    search_fields = ("order__order_number", "order__customer_email", "tracking_number")
    list_select_related = ("order",)
    inlines = [OrderShipmentItemInline]


@admin.register(OrderShipmentItem)
class OrderShipmentItemAdmin(ReadOnlyAdmin):
    list_display = ("shipment", "order_item", "quantity")
    search_fields = ("shipment__order__order_number", "shipment__tracking_number", "order_item__sku")
    list_select_related = ("shipment", "order_item")


@admin.register(OrderStatusHistory)
class OrderStatusHistoryAdmin(ReadOnlyAdmin):
    list_display = ("order", "previous_status", "status", "created_by", "created_at")
    list_filter = ("status",)
    search_fields = ("order__order_number",)
    list_select_related = ("order", "created_by")


@admin.register(OrderNote)
class OrderNoteAdmin(ReadOnlyAdmin):
    """Staff with orders.add_ordernote (Support among them) write notes here; once written a note stays."""

    list_display = ("order", "author", "body", "is_customer_visible", "created_at")
    list_filter = ("is_customer_visible",)
    search_fields = ("order__order_number", "body", "author__email")
    list_select_related = ("order", "author")
    date_hierarchy = "created_at"
    autocomplete_fields = ("order",)
    fields = ("order", "body", "is_customer_visible")

    def has_add_permission(self, request, obj=None):
        return request.user.has_perm("orders.add_ordernote")

    def save_model(self, request, obj, form, change):
        # The form only collects the note (it refuses a blank one); the orders service writes it, and the
        # admin carries on (history, redirect) with the saved row.
        note = services.add_order_note(
            order=obj.order, author=request.user, body=obj.body, is_customer_visible=obj.is_customer_visible
        )
        vars(obj).update(vars(note))
