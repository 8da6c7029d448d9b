"""Input and output of the staff stock endpoints."""

from rest_framework import serializers

from apps.catalog.models import Product, ProductVariant
from apps.core.api.serializers import units_field
from apps.inventory.models import MovementType, StockLevel, StockMovement, Supplier, Transfer, Warehouse


class ItemInput(serializers.Serializer):
    """One stocked item: a product, or one variant of it."""

    product = serializers.PrimaryKeyRelatedField(queryset=Product.objects.all())
    variant = serializers.PrimaryKeyRelatedField(
        queryset=ProductVariant.objects.all(), required=False, default=None, allow_null=True
    )

    def validate(self, attrs):
        variant = attrs["variant"]
        if variant is not None and variant.product_id != attrs["product"].pk:
            raise serializers.ValidationError({"variant": ["This variant belongs to another product."]})
        return attrs


def _warehouse_field(**kwargs):
    return serializers.PrimaryKeyRelatedField(queryset=Warehouse.objects.all(), **kwargs)


class AdjustmentInput(ItemInput):
    warehouse = _warehouse_field()
    delta = units_field(signed=True, help_text="Signed change of on hand units, e.g. -2 for breakage.")
    reason = serializers.CharField(max_length=255)


class TransferInput(ItemInput):
    source = _warehouse_field()
    destination = _warehouse_field()
    quantity = units_field()


class ReceiptInput(ItemInput):
    warehouse = _warehouse_field()
    quantity = units_field()
    supplier = serializers.PrimaryKeyRelatedField(
        queryset=Supplier.objects.all(), required=False, default=None, allow_null=True
    )
    reference = serializers.CharField(max_length=100, required=False, default="", allow_blank=True)


class StockFilter(serializers.Serializer):
    product = serializers.UUIDField(required=False, default=None)
    warehouse = serializers.UUIDField(required=False, default=None)
    low = serializers.BooleanField(required=False, default=False, help_text="Only at or below the reorder point.")


class MovementFilter(serializers.Serializer):
    product = serializers.UUIDField(required=False, default=None)
    warehouse = serializers.UUIDField(required=False, default=None)
    movement_type = serializers.ChoiceField(choices=MovementType.choices, required=False, default=None)
    created_from = serializers.DateTimeField(required=False, default=None)
    created_to = serializers.DateTimeField(required=False, default=None)


class WarehouseOutput(serializers.Serializer):
    id = serializers.UUIDField()
    code = serializers.CharField()
    name = serializers.CharField()


class ItemOutput(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    sku = serializers.CharField()


class StockLevelOutput(serializers.ModelSerializer):
    warehouse = WarehouseOutput(read_only=True)
    product = ItemOutput(read_only=True)
    variant = ItemOutput(read_only=True, allow_null=True)
    quantity_available = serializers.IntegerField(read_only=True)

    class Meta:
        model = StockLevel
        fields = [
            "id",
            "warehouse",
            "product",
            "variant",
            "quantity_on_hand",
            "quantity_reserved",
            "quantity_available",
            "reorder_point",
            "reorder_quantity",
            "updated_at",
        ]
        read_only_fields = fields


class TransferOutput(serializers.Serializer):
    source = StockLevelOutput()
    destination = StockLevelOutput()


class MovementOutput(serializers.ModelSerializer):
    warehouse = WarehouseOutput(read_only=True)
    product = ItemOutput(read_only=True)
    variant = ItemOutput(read_only=True, allow_null=True)
    supplier = serializers.CharField(source="supplier.name", read_only=True, allow_null=True, default=None)
    order_number = serializers.CharField(source="order.order_number", read_only=True, allow_null=True, default=None)
    created_by = serializers.EmailField(source="created_by.email", read_only=True, allow_null=True, default=None)

    class Meta:
        model = StockMovement
        fields = [
            "id",
            "warehouse",
            "product",
            "variant",
            "movement_type",
            "quantity",
            "on_hand_delta",
            "reserved_delta",
            "reason",
            "reference",
            "supplier",
            "order_number",
            "created_by",
            "created_at",
        ]
        read_only_fields = fields


class TransferFilter(serializers.Serializer):
    status = serializers.ChoiceField(choices=Transfer.Status.choices, required=False, default=None)


class TransferRequestOutput(serializers.Serializer):
    id = serializers.UUIDField()
    reference = serializers.CharField()
    status = serializers.CharField(help_text="requested, shipped (in transit), received or cancelled")
    product = ItemOutput()
    variant = ItemOutput(allow_null=True)
    source = WarehouseOutput()
    destination = WarehouseOutput()
    quantity = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    shipped_at = serializers.DateTimeField(allow_null=True)
    received_at = serializers.DateTimeField(allow_null=True)
    cancelled_at = serializers.DateTimeField(allow_null=True)
