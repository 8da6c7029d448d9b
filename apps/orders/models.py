from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Now
from django.utils import timezone

from apps.core.fields import MoneyField
from apps.core.models import AddressType, BaseModel, PostalAddress


class OrderStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    CONFIRMED = "confirmed", "Confirmed"
    PROCESSING = "processing", "Processing"
    SHIPPED = "shipped", "Shipped"
    DELIVERED = "delivered", "Delivered"
    CANCELLED = "cancelled", "Cancelled"
    REFUNDED = "refunded", "Refunded"


class OrderQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)

    def open(self):
        """Orders still on their way to the customer."""
        return self.filter(
            status__in=[OrderStatus.PENDING, OrderStatus.CONFIRMED, OrderStatus.PROCESSING, OrderStatus.SHIPPED]
        )


class Order(BaseModel):
    """A placed order. Prices, names and addresses are snapshots: later catalog changes leave it as it was."""

    user = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="orders", db_index=False
    )
    order_number = models.CharField(max_length=32, db_comment="Human number, SF-YYYY-NNNNNN")
    status = models.CharField(
        max_length=20, choices=OrderStatus.choices, default=OrderStatus.PENDING, db_default="pending"
    )
    currency = models.CharField(max_length=3, default="USD", db_default="USD")
    subtotal = MoneyField(db_comment="Sum of item subtotals")
    discount = MoneyField(default=0, db_default=0)
    tax = MoneyField(default=0, db_default=0)
    shipping = MoneyField(default=0, db_default=0)
    total = MoneyField(db_comment="subtotal - discount + tax + shipping")
    customer_email = models.EmailField(max_length=255, db_comment="Where order mail goes (guests have no user)")
    customer_phone = models.CharField(max_length=30, blank=True, default="")
    coupon_code = models.CharField(max_length=40, blank=True, default="")
    shipping_method = models.ForeignKey(
        "shipping.ShippingMethod", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    shipping_method_name = models.CharField(max_length=120, blank=True, default="", db_comment="Snapshot")
    customer_notes = models.TextField(blank=True, default="")
    idempotency_key = models.CharField(
        max_length=100, null=True, blank=True, db_comment="Client key of the checkout that created it"
    )
    idempotency_fingerprint = models.CharField(
        max_length=64,
        blank=True,
        default="",
        db_default="",
        db_comment="Keyed hash of the checkout request that used the key: the same key with another request is refused",
    )
    placed_at = models.DateTimeField(default=timezone.now, db_default=Now())
    cancelled_at = models.DateTimeField(null=True, blank=True)

    objects = OrderQuerySet.as_manager()

    class Meta:
        db_table = "orders"
        db_table_comment = "Customer orders"
        ordering = ["-placed_at"]
        constraints = [
            models.UniqueConstraint(fields=["order_number"], name="idx_orders_order_number"),
            models.UniqueConstraint(fields=["idempotency_key"], name="orders_idempotency_key_key"),
            models.CheckConstraint(condition=Q(status__in=OrderStatus.values), name="orders_status_check"),
            models.CheckConstraint(
                condition=Q(subtotal__gte=0, discount__gte=0, tax__gte=0, shipping__gte=0, total__gte=0),
                name="orders_amounts_non_negative",
            ),
            models.CheckConstraint(
                condition=Q(total=F("subtotal") - F("discount") + F("tax") + F("shipping")), name="orders_total_check"
            ),
            models.CheckConstraint(
                condition=Q(discount__lte=F("subtotal") + F("shipping")), name="orders_discount_within_amount"
            ),
        ]
        indexes = [
            models.Index(fields=["user"], name="idx_orders_user_id"),
            models.Index(fields=["status"], name="idx_orders_status"),
            models.Index(fields=["placed_at"], name="idx_orders_placed_at"),
            models.Index(F("user"), F("status"), F("placed_at").desc(), name="idx_orders_user_status_date"),
        ]

    def __str__(self):
        return self.order_number


class OrderItem(BaseModel):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="items", db_index=False)
    product = models.ForeignKey("catalog.Product", on_delete=models.PROTECT, related_name="order_items")
    variant = models.ForeignKey(
        "catalog.ProductVariant", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    product_name = models.CharField(max_length=255)
    variant_name = models.CharField(max_length=255, blank=True, default="")
    sku = models.CharField(max_length=64)
    image_url = models.CharField(max_length=500, blank=True, default="")
    quantity = models.PositiveIntegerField()
    unit_price = MoneyField()
    subtotal = MoneyField(db_comment="quantity × unit_price")
    quantity_returned = models.PositiveIntegerField(default=0, db_default=0)

    class Meta:
        db_table = "order_items"
        db_table_comment = "Order lines with product snapshots"
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="order_items_quantity_positive"),
            models.CheckConstraint(condition=Q(unit_price__gte=0), name="order_items_unit_price_non_negative"),
            models.CheckConstraint(
                condition=Q(subtotal=F("quantity") * F("unit_price")), name="order_items_subtotal_check"
            ),
            models.CheckConstraint(
                condition=Q(quantity_returned__lte=F("quantity")), name="order_items_returned_within_quantity"
            ),
        ]
        indexes = [models.Index(fields=["order"], name="idx_order_items_order_id")]

    def __str__(self):
        return f"{self.quantity} × {self.product_name}"


class OrderAddress(BaseModel, PostalAddress):
    """The shipping or billing address as it was when the order was placed."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="addresses")
    address_type = models.CharField(max_length=10, choices=AddressType.choices)

    class Meta:
        db_table = "order_addresses"
        verbose_name_plural = "order addresses"
        db_table_comment = "Address snapshots of orders (one shipping, one billing)"
        constraints = [
            models.UniqueConstraint(fields=["order", "address_type"], name="order_addresses_one_per_type"),
            models.CheckConstraint(
                condition=Q(address_type__in=["shipping", "billing"]), name="order_addresses_type_check"
            ),
        ]

    def __str__(self):
        return f"{self.first_name} {self.last_name}, {self.city} ({self.address_type})"


class OrderShipment(BaseModel):
    class Status(models.TextChoices):
        PENDING = "pending", "Label created"
        IN_TRANSIT = "in_transit", "In transit"
        OUT_FOR_DELIVERY = "out_for_delivery", "Out for delivery"
        DELIVERED = "delivered", "Delivered"
        EXCEPTION = "exception", "Delivery problem"
        RETURNED = "returned", "Returned to sender"

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="shipments")
    carrier = models.CharField(max_length=120, db_comment="Carrier name (snapshot)")
    shipping_carrier = models.ForeignKey(
        "shipping.Carrier", on_delete=models.PROTECT, null=True, blank=True, related_name="shipments"
    )
    tracking_number = models.CharField(max_length=100, blank=True, default="")
    tracking_url = models.CharField(max_length=500, blank=True, default="")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    shipped_at = models.DateTimeField(null=True, blank=True)
    estimated_delivery = models.DateField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "order_shipments"
        db_table_comment = "Shipments of orders with carrier tracking"
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    status__in=["pending", "in_transit", "out_for_delivery", "delivered", "exception", "returned"]
                ),
                name="order_shipments_status_check",
            ),
        ]
        indexes = [models.Index(fields=["shipping_carrier", "tracking_number"], name="idx_order_shipments_tracking")]

    def __str__(self):
        return f"{self.carrier} {self.tracking_number}".strip()


class OrderShipmentItem(BaseModel):
    """Units of one order line in one shipment: an order may leave in several parcels."""

    shipment = models.ForeignKey(OrderShipment, on_delete=models.CASCADE, related_name="items")
    order_item = models.ForeignKey(OrderItem, on_delete=models.CASCADE, related_name="shipment_items")
    quantity = models.PositiveIntegerField(db_comment="Units of the line in this parcel")

    class Meta:
        db_table = "order_shipment_items"
        db_table_comment = "Which order lines, and how many units of each, left in each shipment"
        constraints = [
            models.UniqueConstraint(fields=["shipment", "order_item"], name="order_shipment_items_line_once"),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="order_shipment_items_quantity_positive"),
        ]
        indexes = [models.Index(fields=["order_item"], name="idx_order_shipment_items_item")]

    def __str__(self):
        return f"{self.quantity} × {self.order_item_id}"


class OrderStatusHistory(BaseModel):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="status_history")
    status = models.CharField(max_length=20, choices=OrderStatus.choices)
    previous_status = models.CharField(max_length=20, choices=OrderStatus.choices, blank=True, default="")
    notes = models.TextField(blank=True, default="")
    created_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        db_table = "order_status_history"
        db_table_comment = "Every status change of every order: who, when, why"
        ordering = ["created_at"]
        verbose_name_plural = "order status history"
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=OrderStatus.values), name="order_status_history_status_check"
            ),
        ]
        indexes = [models.Index(fields=["order", "created_at"], name="idx_order_status_history_order")]

    def __str__(self):
        return f"{self.previous_status or '∅'} → {self.status}"


class OrderNote(BaseModel):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    body = models.TextField()
    is_customer_visible = models.BooleanField(default=False, db_default=False)

    class Meta:
        db_table = "order_notes"
        db_table_comment = "Staff notes and customer-visible messages on orders"
        ordering = ["created_at"]

    def __str__(self):
        return self.body[:60]
