from django.db import migrations

from apps.core.operations import EnforceOnDelete


class Migration(migrations.Migration):
    """Foreign keys apply their on_delete rules in the database; purchase orders get their number sequence."""

    dependencies = [("planning", "0001_demand_forecasts_suppliers_purchase_orders")]

    operations = [
        EnforceOnDelete("PlanningPolicy", "category"),
        EnforceOnDelete("DemandDay", "product"),
        EnforceOnDelete("DemandDay", "variant"),
        EnforceOnDelete("DemandDay", "warehouse"),
        EnforceOnDelete("ItemForecast", "run"),
        EnforceOnDelete("ItemForecast", "product"),
        EnforceOnDelete("ItemForecast", "variant"),
        EnforceOnDelete("ItemForecast", "warehouse"),
        EnforceOnDelete("SupplierProduct", "supplier"),
        EnforceOnDelete("SupplierProduct", "product"),
        EnforceOnDelete("SupplierProduct", "variant"),
        EnforceOnDelete("ReorderSuggestion", "stock_level"),
        EnforceOnDelete("ReorderSuggestion", "forecast"),
        EnforceOnDelete("ReorderSuggestion", "supplier_product"),
        EnforceOnDelete("PurchaseOrder", "supplier"),
        EnforceOnDelete("PurchaseOrder", "warehouse"),
        EnforceOnDelete("PurchaseOrder", "created_by"),
        EnforceOnDelete("PurchaseOrderLine", "purchase_order"),
        EnforceOnDelete("PurchaseOrderLine", "product"),
        EnforceOnDelete("PurchaseOrderLine", "variant"),
        EnforceOnDelete("PurchaseOrderStatusChange", "purchase_order"),
        EnforceOnDelete("PurchaseOrderStatusChange", "user"),
        EnforceOnDelete("ItemCost", "product"),
        EnforceOnDelete("ItemCost", "variant"),
        migrations.RunSQL(
            "CREATE SEQUENCE purchase_order_number_seq",
            reverse_sql="DROP SEQUENCE purchase_order_number_seq",
        ),
    ]
