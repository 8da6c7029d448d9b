from django.db import models
from django.db.models import F, Q

from apps.core.models import BaseModel


class Warehouse(BaseModel):
    code = models.CharField(max_length=20, db_comment="Short code people use, e.g. 'EU-1'")
    name = models.CharField(max_length=120)
    address_line_1 = models.CharField(max_length=255, blank=True, default="")
    city = models.CharField(max_length=100, blank=True, default="")
    state = models.CharField(max_length=100, blank=True, default="")
    postal_code = models.CharField(max_length=20, blank=True, default="")
    country_code = models.CharField(max_length=2, default="US")
    is_active = models.BooleanField(default=True, db_default=True)
    priority = models.IntegerField(default=0, db_default=0, db_comment="Lower ships first when stock is split")

    class Meta:
        db_table = "warehouses"
        db_table_comment = "Places that hold stock"
        ordering = ["priority", "code"]
        constraints = [models.UniqueConstraint(fields=["code"], name="warehouses_code_key")]

    def __str__(self):
        return f"{self.code} – {self.name}"


class Supplier(BaseModel):
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True, default="")
    phone = models.CharField(max_length=30, blank=True, default="")
    lead_time_days = models.PositiveIntegerField(default=7, db_comment="Usual days from purchase order to receipt")
    is_active = models.BooleanField(default=True, db_default=True)

    class Meta:
        db_table = "suppliers"
        db_table_comment = "Companies the shop buys stock from"
        ordering = ["name"]

    def __str__(self):
        return self.name


class StockLevel(BaseModel):
    """Stock of one product (or variant) in one warehouse. Available = on hand − reserved."""

    warehouse = models.ForeignKey(Warehouse, on_delete=models.PROTECT, related_name="stock_levels")
    product = models.ForeignKey("catalog.Product", on_delete=models.CASCADE, related_name="stock_levels")
    variant = models.ForeignKey(
        "catalog.ProductVariant", on_delete=models.CASCADE, null=True, blank=True, related_name="stock_levels"
    )
    quantity_on_hand = models.IntegerField(default=0, db_default=0, db_comment="Units physically in the warehouse")
    quantity_reserved = models.IntegerField(default=0, db_default=0, db_comment="Units promised to unshipped orders")
    reorder_point = models.IntegerField(default=0, db_default=0, db_comment="Alert when available falls to this")
    reorder_quantity = models.IntegerField(default=0, db_default=0, db_comment="Suggested units to buy")
    reorder_point_manual = models.BooleanField(
        default=False,
        db_default=False,
        help_text="Set by hand: the nightly planning run leaves this point and quantity alone.",
        db_comment="True when staff set the reorder point by hand (planning does not overwrite it)",
    )
    low_stock_alerted_at = models.DateTimeField(
        null=True, blank=True, db_comment="Set when an alert went out; cleared when stock is back above the point"
    )

    class Meta:
        db_table = "warehouse_stock"
        db_table_comment = "Per-warehouse stock of products and variants"
        constraints = [
            models.UniqueConstraint(
                fields=["warehouse", "product", "variant"], nulls_distinct=False, name="warehouse_stock_item_key"
            ),
            models.CheckConstraint(condition=Q(quantity_on_hand__gte=0), name="warehouse_stock_on_hand_non_negative"),
            models.CheckConstraint(condition=Q(quantity_reserved__gte=0), name="warehouse_stock_reserved_non_negative"),
            models.CheckConstraint(
                condition=Q(quantity_reserved__lte=F("quantity_on_hand")),
                name="warehouse_stock_reserved_within_on_hand",
            ),
            models.CheckConstraint(
                condition=Q(reorder_point__gte=0), name="warehouse_stock_reorder_point_non_negative"
            ),
        ]
        indexes = [models.Index(fields=["product", "variant"], name="idx_warehouse_stock_item")]

    def __str__(self):
        return f"{self.variant or self.product} @ {self.warehouse.code}"

    @property
    def quantity_available(self):
        return self.quantity_on_hand - self.quantity_reserved


class MovementType(models.TextChoices):
    RECEIPT = "receipt", "Received from supplier"
    ADJUSTMENT = "adjustment", "Adjustment"
    TRANSFER_OUT = "transfer_out", "Transfer out"
    TRANSFER_IN = "transfer_in", "Transfer in"
    RESERVATION = "reservation", "Reserved for an order"
    RELEASE = "release", "Reservation released"
    SHIPMENT = "shipment", "Shipped"
    RETURN = "return", "Returned by customer"


class StockMovement(BaseModel):
    """One line of the stock ledger; the sum of a stock level's on-hand deltas is its on-hand."""

    warehouse = models.ForeignKey(Warehouse, on_delete=models.PROTECT, related_name="movements")
    product = models.ForeignKey("catalog.Product", on_delete=models.CASCADE, related_name="stock_movements")
    variant = models.ForeignKey(
        "catalog.ProductVariant", on_delete=models.CASCADE, null=True, blank=True, related_name="stock_movements"
    )
    movement_type = models.CharField(max_length=20, choices=MovementType.choices)
    quantity = models.IntegerField(db_comment="Units moved (always positive; the type says which way)")
    on_hand_delta = models.IntegerField(db_comment="Change to quantity_on_hand (signed)")
    reserved_delta = models.IntegerField(db_comment="Change to quantity_reserved (signed)")
    reason = models.CharField(max_length=255, blank=True, default="")
    reference = models.CharField(max_length=100, blank=True, default="", db_comment="Order number, PO, transfer id")
    supplier = models.ForeignKey(Supplier, on_delete=models.SET_NULL, null=True, blank=True, related_name="movements")
    order = models.ForeignKey(
        "orders.Order", on_delete=models.SET_NULL, null=True, blank=True, related_name="stock_movements"
    )
    created_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        db_table = "stock_movements"
        db_table_comment = "Append-only ledger of every stock change"
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="stock_movements_quantity_positive"),
            models.CheckConstraint(
                condition=Q(movement_type__in=MovementType.values), name="stock_movements_type_check"
            ),
        ]
        indexes = [
            models.Index(fields=["product", "variant", "-created_at"], name="idx_stock_movements_item"),
            models.Index(fields=["warehouse", "-created_at"], name="idx_stock_movements_warehouse"),
        ]

    def __str__(self):
        return f"{self.get_movement_type_display()} {self.quantity} of {self.product}"


class StockReservation(BaseModel):
    """Units of one order line held in one warehouse between checkout and shipment or cancellation."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        RELEASED = "released", "Released"
        CONSUMED = "consumed", "Shipped"

    order = models.ForeignKey("orders.Order", on_delete=models.CASCADE, related_name="reservations")
    stock_level = models.ForeignKey(StockLevel, on_delete=models.PROTECT, related_name="reservations")
    quantity = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)

    class Meta:
        db_table = "stock_reservations"
        db_table_comment = "Stock held for orders until they ship or are cancelled"
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="stock_reservations_quantity_positive"),
            models.CheckConstraint(
                condition=Q(status__in=["active", "released", "consumed"]), name="stock_reservations_status_check"
            ),
        ]
        indexes = [models.Index(fields=["order"], name="idx_stock_reservations_order", condition=Q(status="active"))]

    def __str__(self):
        return f"{self.quantity} for order {self.order} ({self.status})"


class Transfer(BaseModel):
    """Units of one item on their way between two warehouses.

    Requested: nothing has moved. Shipped: the units left the source (a transfer-out in the ledger)
    and are in transit. Received: they arrived (a transfer-in). Cancelled: before shipping nothing
    moves; after shipping the units go back on the source's shelf (a transfer-in there).
    """

    class Status(models.TextChoices):
        REQUESTED = "requested", "Requested"
        SHIPPED = "shipped", "In transit"
        RECEIVED = "received", "Received"
        CANCELLED = "cancelled", "Cancelled"

    reference = models.CharField(max_length=30, db_comment="TR-…, written on the ledger lines it causes")
    product = models.ForeignKey("catalog.Product", on_delete=models.PROTECT, related_name="transfers")
    variant = models.ForeignKey(
        "catalog.ProductVariant", on_delete=models.PROTECT, null=True, blank=True, related_name="transfers"
    )
    source = models.ForeignKey(Warehouse, on_delete=models.PROTECT, related_name="transfers_out")
    destination = models.ForeignKey(Warehouse, on_delete=models.PROTECT, related_name="transfers_in")
    quantity = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.REQUESTED)
    requested_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    shipped_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "stock_transfers"
        db_table_comment = "Stock moving between warehouses, with its in-transit state"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["reference"], name="stock_transfers_reference_key"),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="stock_transfers_quantity_positive"),
            models.CheckConstraint(condition=~Q(source=F("destination")), name="stock_transfers_distinct_warehouses"),
            models.CheckConstraint(
                condition=Q(status__in=["requested", "shipped", "received", "cancelled"]),
                name="stock_transfers_status_check",
            ),
        ]
        indexes = [
            models.Index(
                fields=["status", "-created_at"],
                name="idx_stock_transfers_open",
                condition=Q(status__in=["requested", "shipped"]),
            ),
        ]

    def __str__(self):
        return f"{self.reference} ({self.get_status_display()})"
