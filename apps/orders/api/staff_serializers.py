"""Input and output of the staff order endpoints (notes), and the order output the operations
(apps.fulfilment.api) answer with. Shipments are shown to staff as to their shopper
(serializers.OrderShipmentOutput)."""

from rest_framework import serializers

from apps.orders.models import Order, OrderNote


class NoteInput(serializers.Serializer):
    body = serializers.CharField(max_length=5000)
    is_customer_visible = serializers.BooleanField(required=False, default=False)


class StaffOrderOutput(serializers.ModelSerializer):
    class Meta:
        model = Order
        fields = ["id", "order_number", "status", "currency", "total", "placed_at", "cancelled_at", "updated_at"]
        read_only_fields = fields


class NoteOutput(serializers.ModelSerializer):
    author = serializers.EmailField(source="author.email", read_only=True, allow_null=True, default=None)

    class Meta:
        model = OrderNote
        fields = ["id", "body", "is_customer_visible", "author", "created_at"]
        read_only_fields = fields
