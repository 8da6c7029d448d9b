"""Output of the staff payment endpoints."""

from rest_framework import serializers

from apps.payments.models import Payment, Refund


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
