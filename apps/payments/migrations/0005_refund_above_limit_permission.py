from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("payments", "0004_encrypt_payment_method_token"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="refund",
            options={"permissions": [("refund_above_limit", "Can refund more than the support refund limit")]},
        ),
    ]
