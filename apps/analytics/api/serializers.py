"""Input and output of the staff analytics endpoints (rows of the materialized views)."""

from rest_framework import serializers

from apps.analytics.models import (
    CategoryPerformance,
    DailySales,
    InventoryStatus,
    MaterializedView,
    MaterializedViewRefresh,
    MonthlyRevenue,
    ProductPerformance,
    Segment,
)

MAX_DAYS = 366


class DateRangeQuery(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()

    def validate(self, attrs):
        days = (attrs["end"] - attrs["start"]).days
        if days < 0:
            raise serializers.ValidationError({"end": ["The end cannot be before the start."]})
        if days >= MAX_DAYS:
            raise serializers.ValidationError({"end": [f"Ask for at most {MAX_DAYS} days at a time."]})
        return attrs


class MonthsQuery(serializers.Serializer):
    months = serializers.IntegerField(min_value=1, max_value=120, required=False, default=12)


class LimitQuery(serializers.Serializer):
    limit = serializers.IntegerField(min_value=1, max_value=100, required=False, default=10)


class ViewRefreshInput(serializers.Serializer):
    view = serializers.ChoiceField(
        choices=MaterializedView.choices, required=False, default=None, help_text="Every view when left out."
    )


class DailySalesOutput(serializers.ModelSerializer):
    class Meta:
        model = DailySales
        fields = [
            "sale_date",
            "order_count",
            "customer_count",
            "units_sold",
            "gross_sales",
            "discounts",
            "tax",
            "shipping",
            "revenue",
            "avg_order_value",
        ]
        read_only_fields = fields


class MonthlyRevenueOutput(serializers.ModelSerializer):
    class Meta:
        model = MonthlyRevenue
        fields = [
            "month",
            "order_count",
            "customer_count",
            "new_customer_count",
            "revenue",
            "avg_order_value",
            "revenue_growth_pct",
        ]
        read_only_fields = fields


class ProductPerformanceOutput(serializers.ModelSerializer):
    class Meta:
        model = ProductPerformance
        fields = [
            "product",
            "name",
            "sku",
            "units_sold",
            "order_count",
            "revenue",
            "units_returned",
            "rating_avg",
            "review_count",
            "stock_quantity",
        ]
        read_only_fields = fields


class CategoryPerformanceOutput(serializers.ModelSerializer):
    class Meta:
        model = CategoryPerformance
        fields = [
            "category",
            "name",
            "parent_id",
            "product_count",
            "units_sold",
            "order_count",
            "revenue",
            "rating_avg",
        ]
        read_only_fields = fields


class SegmentOutput(serializers.Serializer):
    segment = serializers.ChoiceField(choices=Segment.choices)
    label = serializers.CharField()
    customers = serializers.IntegerField()


class InventoryStatusOutput(serializers.ModelSerializer):
    class Meta:
        model = InventoryStatus
        fields = [
            "stock_level",
            "product",
            "variant",
            "warehouse",
            "product_name",
            "warehouse_code",
            "quantity_on_hand",
            "quantity_reserved",
            "quantity_available",
            "reorder_point",
            "status",
        ]
        read_only_fields = fields


class CategoryRevenueOutput(serializers.Serializer):
    month = serializers.DateField(help_text="First day of the month (UTC)")
    category = serializers.CharField()
    revenue = serializers.DecimalField(max_digits=14, decimal_places=2)
    units = serializers.IntegerField()


class ViewRefreshOutput(serializers.ModelSerializer):
    succeeded = serializers.BooleanField(read_only=True)

    class Meta:
        model = MaterializedViewRefresh
        fields = ["view_name", "started_at", "duration_ms", "row_count", "concurrently", "succeeded", "error"]
        read_only_fields = fields
