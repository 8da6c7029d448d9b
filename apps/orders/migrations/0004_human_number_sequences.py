from django.db import migrations


class Migration(migrations.Migration):
    """Sequences behind the numbers people read: SF-2026-000123 for orders, RMA-2026-000045 for returns.

    A sequence hands out numbers without locking, so concurrent checkouts never wait on each other
    for a number (gaps after a rolled-back checkout are harmless).
    """

    dependencies = [("orders", "0003_enforce_on_delete")]

    operations = [
        migrations.RunSQL(
            "CREATE SEQUENCE IF NOT EXISTS order_number_seq; CREATE SEQUENCE IF NOT EXISTS rma_number_seq;",
            reverse_sql="DROP SEQUENCE IF EXISTS order_number_seq; DROP SEQUENCE IF EXISTS rma_number_seq;",
        ),
    ]
