from rest_framework import serializers

from apps.core.api.serializers import MAX_FREE_TEXT, MAX_LINES, units_field
from apps.orders.models import Order, OrderItem
from apps.returns.models import ReturnItem, ReturnRequest, ReturnStatusHistory


class _OwnOrderItemField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return OrderItem.objects.filter(order__user=self.context["user"])


class _OwnOrderField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return Order.objects.for_user(self.context["user"])


class ReturnItemInput(serializers.Serializer):
    order_item = _OwnOrderItemField(pk_field=serializers.UUIDField())
    quantity = units_field()
    reason = serializers.CharField(max_length=255, required=False, default="", allow_blank=True)


class ReturnInput(serializers.Serializer):
    order = _OwnOrderField(pk_field=serializers.UUIDField(), help_text="One of one's own delivered orders.")
    items = ReturnItemInput(many=True, allow_empty=False, max_length=MAX_LINES)
    reason = serializers.CharField(max_length=255)
    customer_notes = serializers.CharField(required=False, default="", allow_blank=True, max_length=MAX_FREE_TEXT)


class ReturnOrderOutput(serializers.ModelSerializer):
    class Meta:
        model = Order
        fields = ["id", "order_number"]
        read_only_fields = fields


class ReturnItemOutput(serializers.ModelSerializer):
    product_name = serializers.CharField(source="order_item.product_name")
    variant_name = serializers.CharField(source="order_item.variant_name")

    class Meta:
        model = ReturnItem
        fields = ["id", "order_item", "product_name", "variant_name", "quantity", "reason"]
        read_only_fields = fields


class ReturnStatusOutput(serializers.ModelSerializer):
    class Meta:
        model = ReturnStatusHistory
        fields = ["status", "notes", "created_at"]
        read_only_fields = fields


class ReturnListOutput(serializers.ModelSerializer):
    order = ReturnOrderOutput()
    items = ReturnItemOutput(many=True)

    class Meta:
        model = ReturnRequest
        fields = ["id", "rma_number", "order", "status", "reason", "refund_amount", "items", "created_at"]
        read_only_fields = fields


class ReturnDetailOutput(ReturnListOutput):
    status_history = ReturnStatusOutput(many=True)

    class Meta(ReturnListOutput.Meta):
        fields = [*ReturnListOutput.Meta.fields, "customer_notes", "status_history"]
        read_only_fields = fields
