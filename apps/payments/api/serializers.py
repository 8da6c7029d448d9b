"""Output of the staff payment endpoints."""

from rest_framework import serializers

from apps.payments.gateways import Card
from apps.payments.models import Payment, PaymentMethod, Refund


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


class PaymentMethodOutput(serializers.ModelSerializer):
    """What may be shown of a saved card: never its number, never its token."""

    brand = serializers.CharField(source="card_brand")
    last_four = serializers.CharField(source="card_last_four")

    class Meta:
        model = PaymentMethod
        fields = ["id", "brand", "last_four", "exp_month", "exp_year", "is_default", "created_at"]
        read_only_fields = fields


class CardInput(serializers.Serializer):
    card_number = serializers.CharField(max_length=30)
    exp_month = serializers.IntegerField(min_value=1, max_value=12)
    exp_year = serializers.IntegerField(min_value=2000, max_value=2100)
    cvc = serializers.RegexField(r"^\d{3,4}$", error_messages={"invalid": "Three or four digits."})

    def to_card(self):
        data = self.validated_data
        return Card(number=data["card_number"], exp_month=data["exp_month"], exp_year=data["exp_year"], cvc=data["cvc"])
