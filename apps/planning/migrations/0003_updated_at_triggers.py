from django.db import migrations

from apps.core.operations import keep_updated_at


class Migration(migrations.Migration):
    dependencies = [
        ("planning", "0002_enforce_on_delete_and_po_numbers"),
        ("analytics", "0003_updated_at_triggers"),
    ]

    operations = [
        keep_updated_at(
            "forecast_runs",
            "item_costs",
            "item_forecasts",
            "planning_policies",
            "purchase_order_lines",
            "purchase_order_status_history",
            "purchase_orders",
            "reorder_suggestions",
            "supplier_products",
        )
    ]
