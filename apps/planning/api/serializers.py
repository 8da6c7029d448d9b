"""Input and output of the staff planning endpoints."""

from decimal import Decimal

from rest_framework import serializers

from apps.catalog.models import Product, ProductVariant
from apps.core.api.serializers import MAX_FREE_TEXT, MAX_LINES, MAX_UNITS, units_field
from apps.inventory.api.serializers import ItemOutput, WarehouseOutput
from apps.inventory.models import Supplier, Warehouse
from apps.planning.models import PurchaseOrder


class SuggestionFilter(serializers.Serializer):
    warehouse = serializers.PrimaryKeyRelatedField(queryset=Warehouse.objects.all(), required=False, default=None)
    supplier = serializers.PrimaryKeyRelatedField(queryset=Supplier.objects.all(), required=False, default=None)
    all = serializers.BooleanField(
        required=False, default=False, help_text="Every item, not only those with something to order."
    )


class SupplierOutput(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()


class SuggestionOutput(serializers.Serializer):
    id = serializers.UUIDField()
    stock_level = serializers.UUIDField(source="stock_level_id")
    warehouse = WarehouseOutput(source="stock_level.warehouse")
    product = ItemOutput(source="stock_level.product")
    variant = ItemOutput(source="stock_level.variant", allow_null=True)
    supplier = SupplierOutput(source="supplier_product.supplier", allow_null=True, default=None)
    available = serializers.IntegerField()
    on_order = serializers.IntegerField()
    daily_demand = serializers.FloatField()
    lead_time_days = serializers.IntegerField()
    lead_time_demand = serializers.FloatField()
    safety_stock = serializers.IntegerField()
    reorder_point = serializers.IntegerField()
    reorder_point_used = serializers.IntegerField(source="stock_level.reorder_point")
    reorder_point_set_by_hand = serializers.BooleanField(source="stock_level.reorder_point_manual")
    order_quantity = serializers.IntegerField()
    days_of_cover = serializers.FloatField(allow_null=True)
    service_level = serializers.DecimalField(max_digits=4, decimal_places=3)
    target_cover_days = serializers.IntegerField()


class ForecastOutput(serializers.Serializer):
    labels = serializers.ListField(child=serializers.DateField())
    history = serializers.ListField(child=serializers.FloatField(allow_null=True))
    forecast = serializers.ListField(child=serializers.FloatField(allow_null=True))
    lower = serializers.ListField(child=serializers.FloatField(allow_null=True))
    upper = serializers.ListField(child=serializers.FloatField(allow_null=True))
    method = serializers.CharField()


class DraftInput(serializers.Serializer):
    suggestions = serializers.ListField(
        child=serializers.UUIDField(),
        required=False,
        default=None,
        max_length=MAX_LINES,
        help_text="Default: every suggestion.",
    )
    supplier = serializers.PrimaryKeyRelatedField(
        queryset=Supplier.objects.all(), required=False, default=None, help_text="Only this supplier's items."
    )


class PurchaseOrderLineInput(serializers.Serializer):
    product = serializers.PrimaryKeyRelatedField(queryset=Product.objects.all())
    variant = serializers.PrimaryKeyRelatedField(
        queryset=ProductVariant.objects.all(), required=False, default=None, allow_null=True
    )
    quantity = units_field()
    unit_cost = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=Decimal("0"))


class PurchaseOrderInput(serializers.Serializer):
    supplier = serializers.PrimaryKeyRelatedField(queryset=Supplier.objects.all())
    warehouse = serializers.PrimaryKeyRelatedField(queryset=Warehouse.objects.all())
    lines = PurchaseOrderLineInput(many=True, max_length=MAX_LINES)
    notes = serializers.CharField(required=False, default="", allow_blank=True, max_length=MAX_FREE_TEXT)


class PurchaseOrderReceiptLineInput(serializers.Serializer):
    line = serializers.UUIDField()
    quantity = serializers.IntegerField(min_value=0, max_value=MAX_UNITS, help_text="Units arriving now.")


class PurchaseOrderReceiptInput(serializers.Serializer):
    lines = PurchaseOrderReceiptLineInput(many=True, allow_empty=False, max_length=MAX_LINES)


class PurchaseOrderFilter(serializers.Serializer):
    status = serializers.ChoiceField(choices=PurchaseOrder.Status.choices, required=False, default=None)
    supplier = serializers.PrimaryKeyRelatedField(queryset=Supplier.objects.all(), required=False, default=None)


class PurchaseOrderLineOutput(serializers.Serializer):
    id = serializers.UUIDField()
    product = ItemOutput()
    variant = ItemOutput(allow_null=True)
    quantity_ordered = serializers.IntegerField()
    quantity_received = serializers.IntegerField()
    unit_cost = serializers.DecimalField(max_digits=12, decimal_places=2)


class PurchaseOrderStatusOutput(serializers.Serializer):
    status = serializers.CharField()
    previous_status = serializers.CharField()
    note = serializers.CharField()
    created_at = serializers.DateTimeField()


class PurchaseOrderOutput(serializers.Serializer):
    id = serializers.UUIDField()
    number = serializers.CharField()
    status = serializers.CharField()
    supplier = SupplierOutput()
    warehouse = WarehouseOutput()
    allow_over_receipt = serializers.BooleanField()
    created_at = serializers.DateTimeField()


class PurchaseOrderDetailOutput(PurchaseOrderOutput):
    lines = PurchaseOrderLineOutput(many=True, source="lines.all")
    history = PurchaseOrderStatusOutput(many=True, source="history.all")


class ForecastErrorRow(serializers.Serializer):
    method = serializers.CharField()
    items = serializers.IntegerField()
    mase = serializers.FloatField()


class AnalyticsOutput(serializers.Serializer):
    run_at = serializers.DateTimeField(allow_null=True)
    forecast_error = ForecastErrorRow(many=True)
    running_out_first = SuggestionOutput(many=True)
