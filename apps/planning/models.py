from decimal import Decimal

from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from apps.core.models import BaseModel


class PlanningPolicy(BaseModel):
    """How much stock to plan for: the shop default (no category) or one category's own."""

    category = models.OneToOneField(
        "catalog.Category", on_delete=models.CASCADE, null=True, blank=True, related_name="planning_policy"
    )
    service_level = models.DecimalField(
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.950"),
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("0.999"))],
        db_comment="Wanted probability of not running out during a lead time (0.5–0.999)",
    )
    target_cover_days = models.PositiveIntegerField(
        default=28, validators=[MinValueValidator(1)], db_comment="Days of demand an order should cover"
    )

    class Meta:
        db_table = "planning_policies"
        db_table_comment = "Service level and target cover, per category with a shop default (category NULL)"
        verbose_name_plural = "planning policies"
        constraints = [
            models.UniqueConstraint(fields=["category"], nulls_distinct=False, name="planning_policies_category_key"),
            models.CheckConstraint(
                condition=Q(service_level__gte=Decimal("0.5"), service_level__lte=Decimal("0.999")),
                name="planning_policies_service_level_range",
            ),
            models.CheckConstraint(condition=Q(target_cover_days__gte=1), name="planning_policies_cover_positive"),
        ]

    def __str__(self):
        return f"{self.category or 'Shop default'}: {self.service_level:.1%}, {self.target_cover_days} days"


class DemandDay(models.Model):
    """Units of one item sold from one warehouse on one day (UTC), filled from order items by a task."""

    id = models.BigAutoField(primary_key=True)
    day = models.DateField()
    product = models.ForeignKey("catalog.Product", on_delete=models.CASCADE, related_name="+")
    variant = models.ForeignKey(
        "catalog.ProductVariant", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    warehouse = models.ForeignKey("inventory.Warehouse", on_delete=models.CASCADE, related_name="+")
    units = models.PositiveIntegerField()
    orders = models.PositiveIntegerField(db_comment="Order lines behind the units")

    class Meta:
        db_table = "demand_daily"
        db_table_comment = "Daily units sold per product/variant/warehouse (from order items; not cancelled)"
        constraints = [
            models.UniqueConstraint(
                fields=["product", "variant", "warehouse", "day"], nulls_distinct=False, name="demand_daily_key"
            ),
            models.CheckConstraint(condition=Q(units__gt=0), name="demand_daily_units_positive"),
        ]
        indexes = [models.Index(fields=["day"], name="idx_demand_daily_day")]

    def __str__(self):
        return f"{self.day}: {self.units} of {self.variant_id or self.product_id}"


class ForecastRun(BaseModel):
    """One forecast of every item (the nightly task), with what it did and how long it took."""

    class Status(models.TextChoices):
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    history_until = models.DateField(db_comment="Last day of demand the run learnt from")
    finished_at = models.DateTimeField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    items = models.PositiveIntegerField(default=0)
    methods = models.JSONField(default=dict, blank=True, db_comment="Items per method")
    error = models.JSONField(default=dict, blank=True, db_comment="In-sample MASE per method (1 = seasonal naive)")
    message = models.TextField(blank=True, default="")

    class Meta:
        db_table = "forecast_runs"
        db_table_comment = "Each forecasting run: when, how long, how many items, which methods, their error"
        ordering = ["-created_at"]
        get_latest_by = "created_at"
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["running", "succeeded", "failed"]), name="forecast_runs_status_check"
            )
        ]

    def __str__(self):
        return f"Forecast run {self.created_at:%Y-%m-%d %H:%M} ({self.status})"


class Method(models.TextChoices):
    SEASONAL = "seasonal", "Exponential smoothing (trend + yearly season)"
    INTERMITTENT = "intermittent", "TSB (intermittent demand)"
    NEW = "new", "New item (mean since first sale)"


class ItemForecast(BaseModel):
    """The next 12 weeks of one item in one warehouse, from one run; weekly units and their spread."""

    run = models.ForeignKey(ForecastRun, on_delete=models.CASCADE, related_name="forecasts")
    product = models.ForeignKey("catalog.Product", on_delete=models.CASCADE, related_name="+")
    variant = models.ForeignKey(
        "catalog.ProductVariant", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    warehouse = models.ForeignKey("inventory.Warehouse", on_delete=models.CASCADE, related_name="+")
    method = models.CharField(max_length=12, choices=Method.choices)
    first_week = models.DateField(db_comment="Monday of the first forecast week")
    weekly = ArrayField(models.FloatField(), size=12, db_comment="Expected units per week, 12 weeks")
    sigma = models.FloatField(db_comment="Standard deviation of one week's demand around the forecast")
    mase = models.FloatField(null=True, blank=True, db_comment="In-sample MASE against seasonal naive")

    class Meta:
        db_table = "item_forecasts"
        db_table_comment = "Per item and warehouse: 12 weekly forecasts of the run that made them"
        constraints = [
            models.UniqueConstraint(
                fields=["run", "product", "variant", "warehouse"],
                nulls_distinct=False,
                name="item_forecasts_item_key",
            ),
            models.CheckConstraint(condition=Q(sigma__gte=0), name="item_forecasts_sigma_non_negative"),
            models.CheckConstraint(condition=Q(method__in=Method.values), name="item_forecasts_method_check"),
        ]

    def __str__(self):
        return f"{self.variant_id or self.product_id}: {sum(self.weekly):.0f} units in 12 weeks"


class SupplierProduct(BaseModel):
    """What one supplier sells of one item, at which cost, in which packs, how fast."""

    supplier = models.ForeignKey("inventory.Supplier", on_delete=models.CASCADE, related_name="products")
    product = models.ForeignKey("catalog.Product", on_delete=models.CASCADE, related_name="supplier_links")
    variant = models.ForeignKey(
        "catalog.ProductVariant", on_delete=models.CASCADE, null=True, blank=True, related_name="supplier_links"
    )
    supplier_sku = models.CharField(max_length=64, blank=True, default="")
    cost = models.DecimalField(max_digits=12, decimal_places=2, db_comment="Unit cost from this supplier")
    pack_size = models.PositiveIntegerField(default=1, db_comment="Orders are whole packs of this many units")
    minimum_order = models.PositiveIntegerField(default=1, db_comment="Fewest units per order")
    lead_time_days = models.PositiveIntegerField(
        null=True, blank=True, db_comment="Days from order to receipt; NULL: the supplier's usual lead time"
    )
    is_preferred = models.BooleanField(default=True, db_comment="The supplier suggestions order from")

    class Meta:
        db_table = "supplier_products"
        db_table_comment = "Supplier–item links: cost, pack size, minimum order, lead time"
        constraints = [
            models.UniqueConstraint(
                fields=["supplier", "product", "variant"], nulls_distinct=False, name="supplier_products_item_key"
            ),
            models.UniqueConstraint(
                fields=["product", "variant"],
                condition=Q(is_preferred=True),
                nulls_distinct=False,
                name="supplier_products_one_preferred",
            ),
            models.CheckConstraint(condition=Q(cost__gte=0), name="supplier_products_cost_non_negative"),
            models.CheckConstraint(condition=Q(pack_size__gte=1), name="supplier_products_pack_positive"),
            models.CheckConstraint(condition=Q(minimum_order__gte=1), name="supplier_products_minimum_positive"),
        ]

    def __str__(self):
        return f"{self.supplier} → {self.variant or self.product}"


class ReorderSuggestion(BaseModel):
    """What to buy for one stock level, computed from the latest forecast, lead time and policy."""

    stock_level = models.OneToOneField(
        "inventory.StockLevel", on_delete=models.CASCADE, related_name="reorder_suggestion"
    )
    forecast = models.ForeignKey(ItemForecast, on_delete=models.SET_NULL, null=True, related_name="+")
    supplier_product = models.ForeignKey(SupplierProduct, on_delete=models.SET_NULL, null=True, related_name="+")
    lead_time_days = models.PositiveIntegerField()
    service_level = models.DecimalField(max_digits=4, decimal_places=3)
    target_cover_days = models.PositiveIntegerField()
    daily_demand = models.FloatField(db_comment="Expected units per day over the next 12 weeks")
    lead_time_demand = models.FloatField(db_comment="Expected units sold during the lead time")
    safety_stock = models.PositiveIntegerField(db_comment="z(service level) × σ(demand over the lead time)")
    reorder_point = models.PositiveIntegerField(db_comment="Lead-time demand + safety stock, rounded up")
    available = models.IntegerField(db_comment="Available units when computed")
    on_order = models.PositiveIntegerField(default=0, db_comment="Units on open purchase orders")
    order_quantity = models.PositiveIntegerField(db_comment="Units to order now (packs, minimum), 0 if none")
    days_of_cover = models.FloatField(null=True, blank=True, db_comment="Available ÷ daily demand")

    class Meta:
        db_table = "reorder_suggestions"
        db_table_comment = "Per stock level: computed reorder point, safety stock and the order to place"
        ordering = ["days_of_cover"]

    def __str__(self):
        level = self.stock_level
        return f"{level.variant or level.product} at {level.warehouse.code}: order {self.order_quantity}"


class PurchaseOrder(BaseModel):
    """Goods asked of one supplier for one warehouse."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SENT = "sent", "Sent"
        PARTIALLY_RECEIVED = "partially_received", "Partially received"
        RECEIVED = "received", "Received"
        CLOSED = "closed", "Closed"

    number = models.CharField(max_length=20, db_comment="PO-000123, from purchase_order_number_seq")
    supplier = models.ForeignKey("inventory.Supplier", on_delete=models.PROTECT, related_name="purchase_orders")
    warehouse = models.ForeignKey("inventory.Warehouse", on_delete=models.PROTECT, related_name="purchase_orders")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    currency = models.CharField(max_length=3, default="USD")
    allow_over_receipt = models.BooleanField(default=False, db_comment="Accept more units than ordered")
    expected_at = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True, default="")
    created_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        db_table = "purchase_orders"
        db_table_comment = "Purchase orders: draft → sent → partially received → received, or closed"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["number"], name="purchase_orders_number_key"),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "sent", "partially_received", "received", "closed"]),
                name="purchase_orders_status_check",
            ),
        ]

    def __str__(self):
        return self.number

    @property
    def is_open(self):
        return self.status in (self.Status.DRAFT, self.Status.SENT, self.Status.PARTIALLY_RECEIVED)


class PurchaseOrderLine(BaseModel):
    purchase_order = models.ForeignKey(PurchaseOrder, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey("catalog.Product", on_delete=models.PROTECT, related_name="+")
    variant = models.ForeignKey(
        "catalog.ProductVariant", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    quantity_ordered = models.PositiveIntegerField()
    quantity_received = models.PositiveIntegerField(default=0, db_default=0)
    unit_cost = models.DecimalField(max_digits=12, decimal_places=2)

    class Meta:
        db_table = "purchase_order_lines"
        db_table_comment = "Items of a purchase order, ordered and received"
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["purchase_order", "product", "variant"],
                nulls_distinct=False,
                name="purchase_order_lines_item_key",
            ),
            models.CheckConstraint(condition=Q(quantity_ordered__gt=0), name="purchase_order_lines_ordered_positive"),
            models.CheckConstraint(condition=Q(unit_cost__gte=0), name="purchase_order_lines_cost_non_negative"),
        ]

    def __str__(self):
        return f"{self.quantity_ordered} × {self.variant or self.product}"

    @property
    def quantity_open(self):
        return max(self.quantity_ordered - self.quantity_received, 0)


class PurchaseOrderStatusChange(BaseModel):
    purchase_order = models.ForeignKey(PurchaseOrder, on_delete=models.CASCADE, related_name="history")
    status = models.CharField(max_length=20, choices=PurchaseOrder.Status.choices)
    previous_status = models.CharField(max_length=20, choices=PurchaseOrder.Status.choices, blank=True, default="")
    note = models.CharField(max_length=255, blank=True, default="")
    user = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        db_table = "purchase_order_status_history"
        db_table_comment = "Every status a purchase order went through, who moved it and why"
        ordering = ["created_at"]

    def __str__(self):
        return f"{self.previous_status or '—'} → {self.status}"


class ItemCost(BaseModel):
    """Moving-average cost of one item, updated by every receipt against a purchase order."""

    product = models.ForeignKey("catalog.Product", on_delete=models.CASCADE, related_name="+")
    variant = models.ForeignKey(
        "catalog.ProductVariant", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    average_cost = models.DecimalField(max_digits=12, decimal_places=4)
    units_received = models.PositiveIntegerField(default=0, db_comment="Units received at a known cost, in total")

    class Meta:
        db_table = "item_costs"
        db_table_comment = "Moving-average unit cost per item: (on hand × cost + received × price) ÷ new on hand"
        constraints = [
            models.UniqueConstraint(fields=["product", "variant"], nulls_distinct=False, name="item_costs_item_key"),
            models.CheckConstraint(condition=Q(average_cost__gte=0), name="item_costs_non_negative"),
        ]

    def __str__(self):
        return f"{self.variant_id or self.product_id}: {self.average_cost}"
