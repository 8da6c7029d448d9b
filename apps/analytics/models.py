"""Read-only models over the materialized views, and the log of their refreshes.

The views are created by migration 0002 (RunSQL); Django only reads them (managed = False).
Each model's primary key is the column of the view's unique index.
"""

from django.db import models

from apps.core.fields import MoneyField
from apps.core.models import BaseModel


class MaterializedView(models.TextChoices):
    CUSTOMER_ANALYTICS = "mv_customer_analytics", "Customer analytics"
    PRODUCT_PERFORMANCE = "mv_product_performance", "Product performance"
    DAILY_SALES = "mv_daily_sales", "Daily sales"
    CATEGORY_PERFORMANCE = "mv_category_performance", "Category performance"
    CUSTOMER_SEGMENTS = "mv_customer_segments", "Customer segments"
    MONTHLY_REVENUE = "mv_monthly_revenue", "Monthly revenue"
    INVENTORY_STATUS = "mv_inventory_status", "Inventory status"


class MaterializedViewRefresh(BaseModel):
    """One refresh of one materialized view: when, how long, how many rows, and how it ended."""

    view_name = models.CharField(max_length=63, choices=MaterializedView.choices)
    started_at = models.DateTimeField()
    duration_ms = models.PositiveIntegerField()
    row_count = models.PositiveIntegerField(null=True, blank=True, db_comment="Rows after the refresh; NULL if failed")
    concurrently = models.BooleanField(db_comment="REFRESH ... CONCURRENTLY (readers were not blocked)")
    error = models.TextField(blank=True, default="", db_comment="Database error when the refresh failed")

    class Meta:
        db_table = "mv_refresh_log"
        verbose_name_plural = "materialized view refreshes"
        db_table_comment = "History of materialized view refreshes"
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["view_name", "-started_at"], name="idx_mv_refresh_log_view")]

    def __str__(self):
        return f"{self.view_name} at {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def succeeded(self):
        return not self.error


class CustomerAnalytics(models.Model):
    user = models.OneToOneField(
        "accounts.User", on_delete=models.DO_NOTHING, primary_key=True, related_name="+", db_constraint=False
    )
    email = models.EmailField()
    order_count = models.IntegerField()
    total_spent = MoneyField()
    avg_order_value = MoneyField()
    items_purchased = models.IntegerField()
    first_order_at = models.DateTimeField(null=True)
    last_order_at = models.DateTimeField(null=True)

    class Meta:
        managed = False
        db_table = "mv_customer_analytics"
        verbose_name_plural = "customer analytics"

    def __str__(self):
        return self.email


class ProductPerformance(models.Model):
    product = models.OneToOneField(
        "catalog.Product", on_delete=models.DO_NOTHING, primary_key=True, related_name="+", db_constraint=False
    )
    name = models.CharField(max_length=255)
    sku = models.CharField(max_length=64)
    category_id = models.UUIDField(null=True)
    units_sold = models.IntegerField()
    order_count = models.IntegerField()
    revenue = MoneyField()
    units_returned = models.IntegerField()
    rating_avg = models.DecimalField(max_digits=3, decimal_places=2, null=True)
    review_count = models.IntegerField()
    stock_quantity = models.IntegerField()

    class Meta:
        managed = False
        db_table = "mv_product_performance"
        verbose_name_plural = "product performance"

    def __str__(self):
        return self.name


class DailySales(models.Model):
    sale_date = models.DateField(primary_key=True)
    order_count = models.IntegerField()
    customer_count = models.IntegerField()
    units_sold = models.IntegerField()
    gross_sales = MoneyField(db_comment="Sum of order subtotals")
    discounts = MoneyField()
    tax = MoneyField()
    shipping = MoneyField()
    revenue = MoneyField(db_comment="Sum of order totals")
    avg_order_value = MoneyField()

    class Meta:
        managed = False
        db_table = "mv_daily_sales"
        ordering = ["sale_date"]
        verbose_name_plural = "daily sales"

    def __str__(self):
        return str(self.sale_date)


class CategoryPerformance(models.Model):
    category = models.OneToOneField(
        "catalog.Category", on_delete=models.DO_NOTHING, primary_key=True, related_name="+", db_constraint=False
    )
    name = models.CharField(max_length=120)
    parent_id = models.UUIDField(null=True)
    product_count = models.IntegerField(db_comment="Live, active products")
    units_sold = models.IntegerField()
    order_count = models.IntegerField()
    revenue = MoneyField()
    rating_avg = models.DecimalField(max_digits=3, decimal_places=2, null=True)

    class Meta:
        managed = False
        db_table = "mv_category_performance"
        verbose_name_plural = "category performance"

    def __str__(self):
        return self.name


class Segment(models.TextChoices):
    CHAMPIONS = "champions", "Champions"
    LOYAL = "loyal", "Loyal"
    NEW = "new", "New"
    AT_RISK = "at_risk", "At risk"
    LOST = "lost", "Lost"
    NEEDS_ATTENTION = "needs_attention", "Needs attention"


class CustomerSegment(models.Model):
    user = models.OneToOneField(
        "accounts.User", on_delete=models.DO_NOTHING, primary_key=True, related_name="+", db_constraint=False
    )
    recency_days = models.IntegerField(db_comment="Days since the last paid order, at refresh time")
    frequency = models.IntegerField(db_comment="Paid orders")
    monetary = MoneyField(db_comment="Sum of paid order totals")
    r_score = models.SmallIntegerField()
    f_score = models.SmallIntegerField()
    m_score = models.SmallIntegerField()
    rfm_score = models.CharField(max_length=3)
    segment = models.CharField(max_length=20, choices=Segment.choices)

    class Meta:
        managed = False
        db_table = "mv_customer_segments"

    def __str__(self):
        return f"{self.user_id}: {self.segment}"


class MonthlyRevenue(models.Model):
    month = models.DateField(primary_key=True, db_comment="First day of the month")
    order_count = models.IntegerField()
    customer_count = models.IntegerField()
    new_customer_count = models.IntegerField(db_comment="Customers whose first paid order is in this month")
    revenue = MoneyField()
    avg_order_value = MoneyField()
    revenue_growth_pct = models.DecimalField(
        max_digits=9, decimal_places=2, null=True, db_comment="Against the previous month with sales"
    )

    class Meta:
        managed = False
        db_table = "mv_monthly_revenue"
        ordering = ["month"]
        verbose_name_plural = "monthly revenue"

    def __str__(self):
        return f"{self.month:%Y-%m}"


class StockStatus(models.TextChoices):
    OK = "ok", "In stock"
    LOW = "low", "Low"
    OUT = "out", "Out of stock"


class InventoryStatus(models.Model):
    stock_level = models.OneToOneField(
        "inventory.StockLevel", on_delete=models.DO_NOTHING, primary_key=True, related_name="+", db_constraint=False
    )
    product = models.ForeignKey("catalog.Product", on_delete=models.DO_NOTHING, related_name="+", db_constraint=False)
    variant = models.ForeignKey(
        "catalog.ProductVariant", on_delete=models.DO_NOTHING, null=True, related_name="+", db_constraint=False
    )
    warehouse = models.ForeignKey(
        "inventory.Warehouse", on_delete=models.DO_NOTHING, related_name="+", db_constraint=False
    )
    product_name = models.CharField(max_length=255)
    warehouse_code = models.CharField(max_length=20)
    quantity_on_hand = models.IntegerField()
    quantity_reserved = models.IntegerField()
    quantity_available = models.IntegerField()
    reorder_point = models.IntegerField()
    status = models.CharField(max_length=3, choices=StockStatus.choices)

    class Meta:
        managed = False
        db_table = "mv_inventory_status"
        verbose_name_plural = "inventory status"

    def __str__(self):
        return f"{self.product_name} @ {self.warehouse_code}: {self.status}"
