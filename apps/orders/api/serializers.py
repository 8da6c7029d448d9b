from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.core.models import ADDRESS_FIELDS, AddressType
from apps.orders.models import Order, OrderAddress, OrderItem, OrderShipment, OrderStatus, OrderStatusHistory
from apps.orders.selectors import customer_visible_notes


class OrderListOutput(serializers.ModelSerializer):
    item_count = serializers.IntegerField(allow_null=True, help_text="Units ordered.")

    class Meta:
        model = Order
        fields = ["id", "order_number", "status", "currency", "total", "item_count", "placed_at"]
        read_only_fields = fields


class StaffOrderFilterInput(serializers.Serializer):
    """Staff's filters of the order list (shoppers' lists ignore them)."""

    status = serializers.ChoiceField(choices=OrderStatus.choices, required=False)
    search = serializers.CharField(required=False, max_length=100, help_text="Order number or customer email.")
    placed_from = serializers.DateTimeField(required=False)
    placed_to = serializers.DateTimeField(required=False)


class OrderItemOutput(serializers.ModelSerializer):
    class Meta:
        model = OrderItem
        fields = [
            "id",
            "product",
            "variant",
            "product_name",
            "variant_name",
            "sku",
            "image_url",
            "quantity",
            "unit_price",
            "subtotal",
            "quantity_returned",
        ]
        read_only_fields = fields


class OrderAddressOutput(serializers.ModelSerializer):
    class Meta:
        model = OrderAddress
        fields = [
            *ADDRESS_FIELDS,
        ]
        read_only_fields = fields


class ShipmentTrackingEventOutput(serializers.Serializer):
    """What the carrier reported, newest first."""

    status = serializers.CharField()
    description = serializers.CharField()
    location = serializers.CharField()
    occurred_at = serializers.DateTimeField()


class OrderShipmentOutput(serializers.ModelSerializer):
    tracking_events = ShipmentTrackingEventOutput(many=True)

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


class OrderRefundOutput(serializers.Serializer):
    """Money given back on a payment, and why."""

    amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    reason = serializers.CharField()
    status = serializers.CharField()
    created_at = serializers.DateTimeField()


class OrderPaymentOutput(serializers.Serializer):
    """A payment of the order (payments sit above orders, hence no ModelSerializer here)."""

    id = serializers.UUIDField()
    status = serializers.CharField()
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    amount_refunded = serializers.DecimalField(max_digits=12, decimal_places=2)
    currency = serializers.CharField()
    card_brand = serializers.CharField()
    card_last_four = serializers.CharField()
    refunds = OrderRefundOutput(many=True)


class OrderStatusOutput(serializers.ModelSerializer):
    # Declared so the schema says it: the first entry has no previous status ("").
    previous_status = serializers.ChoiceField(choices=OrderStatus.choices, allow_blank=True, read_only=True)

    class Meta:
        model = OrderStatusHistory
        fields = ["status", "previous_status", "notes", "created_at"]
        read_only_fields = fields


class CustomerNoteOutput(serializers.Serializer):
    """A message staff left on the order for the customer."""

    body = serializers.CharField()
    created_at = serializers.DateTimeField()


def _address(order, address_type):
    # The addresses come prefetched with the order (order_detail): picked in Python, not queried.
    return next((address for address in order.addresses.all() if address.address_type == address_type), None)


class OrderDetailOutput(serializers.ModelSerializer):
    items = OrderItemOutput(many=True)
    shipping_address = serializers.SerializerMethodField()
    billing_address = serializers.SerializerMethodField()
    shipments = OrderShipmentOutput(many=True)
    payments = OrderPaymentOutput(many=True)
    status_history = OrderStatusOutput(many=True)
    customer_notes = serializers.SerializerMethodField()

    class Meta:
        model = Order
        fields = [
            "id",
            "order_number",
            "status",
            "currency",
            "subtotal",
            "discount",
            "shipping",
            "tax",
            "total",
            "customer_email",
            "coupon_code",
            "shipping_method_name",
            "placed_at",
            "cancelled_at",
            "items",
            "shipping_address",
            "billing_address",
            "shipments",
            "payments",
            "status_history",
            "customer_notes",
        ]
        read_only_fields = fields

    @extend_schema_field(CustomerNoteOutput(many=True))
    def get_customer_notes(self, order):
        return CustomerNoteOutput(customer_visible_notes(order), many=True).data

    @extend_schema_field(OrderAddressOutput(allow_null=True))
    def get_shipping_address(self, order):
        address = _address(order, AddressType.SHIPPING)
        return OrderAddressOutput(address).data if address else None

    @extend_schema_field(OrderAddressOutput(allow_null=True))
    def get_billing_address(self, order):
        address = _address(order, AddressType.BILLING)
        return OrderAddressOutput(address).data if address else None
