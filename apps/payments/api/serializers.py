"""Input and output of the staff payment endpoints (capture, refunds)."""

from decimal import Decimal

from rest_framework import serializers

from apps.core.api.serializers import units_field
from apps.inventory.models import Warehouse
from apps.orders.models import OrderItem
from apps.payments.models import Payment, Refund
from apps.payments.services import RestockLine

MONEY = {"max_digits": 12, "decimal_places": 2, "min_value": Decimal("0.01")}


class CaptureInput(serializers.Serializer):
    amount = serializers.DecimalField(**MONEY, required=False, help_text="Less than authorised; all of it if left out.")


class RestockLineInput(serializers.Serializer):
    order_item = serializers.PrimaryKeyRelatedField(queryset=OrderItem.objects.select_related("product", "variant"))
    quantity = units_field()
    warehouse = serializers.PrimaryKeyRelatedField(queryset=Warehouse.objects.all())

    def validate(self, attrs):
        return RestockLine(**attrs)


class RefundInput(serializers.Serializer):
    amount = serializers.DecimalField(**MONEY)
    reason = serializers.CharField(max_length=255)
    restock = RestockLineInput(many=True, required=False, default=list, help_text="Returned goods to put back.")


class PaymentOutput(serializers.ModelSerializer):
    order_number = serializers.CharField(source="order.order_number", read_only=True)

    class Meta:
        model = Payment
        fields = [
            "id",
            "order",
            "order_number",
            "status",
            "currency",
            "amount",
            "amount_captured",
            "amount_refunded",
            "authorized_at",
            "captured_at",
        ]
        read_only_fields = fields


class RefundOutput(serializers.ModelSerializer):
    created_by = serializers.EmailField(source="created_by.email", read_only=True, allow_null=True, default=None)

    class Meta:
        model = Refund
        fields = ["id", "payment", "amount", "status", "reason", "created_by", "created_at"]
        read_only_fields = fields
