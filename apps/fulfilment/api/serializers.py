"""Input and output of the order operations' endpoints."""

from decimal import Decimal

from rest_framework import serializers

from apps.core.api.serializers import MAX_LINES, units_field
from apps.fulfilment.services import Line
from apps.orders.api.staff_serializers import StaffOrderOutput
from apps.orders.models import OrderItem
from apps.payments.api.serializers import RefundOutput
from apps.shipping.models import Carrier

NOTES = {"required": False, "default": "", "allow_blank": True, "max_length": 2000}


class NotesInput(serializers.Serializer):
    notes = serializers.CharField(**NOTES)


class LineInput(serializers.Serializer):
    order_item = serializers.PrimaryKeyRelatedField(queryset=OrderItem.objects.select_related("product", "variant"))
    quantity = units_field()

    def validate(self, attrs):
        return Line(**attrs)


class ShipInput(serializers.Serializer):
    carrier = serializers.SlugRelatedField(
        slug_field="code", queryset=Carrier.objects.filter(is_active=True), help_text="A carrier's code, e.g. ups."
    )
    tracking_number = serializers.CharField(max_length=100, required=False, default="", allow_blank=True)
    estimated_delivery = serializers.DateField(required=False, default=None, allow_null=True)
    lines = LineInput(
        many=True,
        required=False,
        default=None,
        max_length=MAX_LINES,
        help_text="Part of the order; all that is left if absent.",
    )


class CancelInput(serializers.Serializer):
    reason = serializers.CharField(max_length=255, required=False, default="Cancelled by the shop")


class RefundInput(serializers.Serializer):
    amount = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0.01"),
        required=False,
        default=None,
        help_text="Left out: the lines' value, or with no lines everything not yet refunded.",
    )
    reason = serializers.CharField(max_length=255)
    lines = LineInput(many=True, required=False, default=None, max_length=MAX_LINES, help_text="Refund these items.")
    restock_items = serializers.BooleanField(
        required=False, default=False, help_text="Put the lines' units back on the shelf they shipped from."
    )


class RefundResultOutput(serializers.Serializer):
    order = StaffOrderOutput()
    refunds = RefundOutput(many=True)
