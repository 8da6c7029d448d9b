"""Input and output of the staff return (RMA) transitions."""

from rest_framework import serializers

from apps.inventory.models import Warehouse
from apps.returns.models import ReturnRequest


class ApproveInput(serializers.Serializer):
    notes = serializers.CharField(required=False, default="", allow_blank=True, max_length=2000)


class RejectInput(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, help_text="Kept in the staff notes and the history.")


class ReceiveInput(serializers.Serializer):
    warehouse = serializers.PrimaryKeyRelatedField(
        queryset=Warehouse.objects.all(), help_text="Where the items marked for restock go back on the shelves."
    )


class StaffReturnOutput(serializers.ModelSerializer):
    order_number = serializers.CharField(source="order.order_number", read_only=True)

    class Meta:
        model = ReturnRequest
        fields = [
            "id",
            "rma_number",
            "order",
            "order_number",
            "status",
            "reason",
            "staff_notes",
            "refund_amount",
            "refund",
            "restock_warehouse",
            "updated_at",
        ]
        read_only_fields = fields
