from django.db import migrations

from apps.audit.operations import AuditTable


class Migration(migrations.Migration):
    """The money and stock trail of seed 001: orders, their items, payments, refunds and coupons in
    full; products only when a price or the stock changes (edits of copy are not worth a row)."""

    dependencies = [
        ("audit", "0002_audit_users"),
        ("orders", "0004_human_number_sequences"),
        ("payments", "0002_enforce_on_delete"),
        ("promotions", "0002_enforce_on_delete"),
        ("catalog", "0002_enforce_on_delete"),
    ]

    operations = [
        AuditTable("orders"),
        AuditTable("order_items"),
        AuditTable("payments"),
        AuditTable("refunds"),
        AuditTable("coupons"),
        AuditTable("products", watch=["price", "compare_at_price", "cost_price", "stock_quantity"]),
    ]
