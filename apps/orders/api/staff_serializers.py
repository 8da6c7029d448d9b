"""Input and output of the staff order endpoints (notes), and the order and shipment outputs the
operations (apps.fulfilment.api) answer with."""

from rest_framework import serializers

from apps.orders.models import Order, OrderNote, OrderShipment


class NoteInput(serializers.Serializer):
    body = serializers.CharField(max_length=5000)
    is_customer_visible = serializers.BooleanField(required=False, default=False)


class StaffOrderOutput(serializers.ModelSerializer):
    class Meta:
        model = Order
        fields = ["id", "order_number", "status", "currency", "total", "placed_at", "cancelled_at", "updated_at"]
        read_only_fields = fields


class TrackingEventOutput(serializers.Serializer):
    status = serializers.CharField()
    description = serializers.CharField()
    location = serializers.CharField()
    occurred_at = serializers.DateTimeField()


class ShipmentOutput(serializers.ModelSerializer):
    tracking_events = TrackingEventOutput(many=True, read_only=True)

    class Meta:
        model = OrderShipment
        fields = [
            "id",
            "carrier",
            "tracking_number",
            "tracking_url",
            "status",
            "shipped_at",
            "estimated_delivery",
            "delivered_at",
            "tracking_events",
        ]
        read_only_fields = fields


class NoteOutput(serializers.ModelSerializer):
    author = serializers.EmailField(source="author.email", read_only=True, allow_null=True, default=None)

    class Meta:
        model = OrderNote
        fields = ["id", "body", "is_customer_visible", "author", "created_at"]
        read_only_fields = fields
