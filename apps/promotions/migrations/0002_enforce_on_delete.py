from django.db import migrations

from apps.core.operations import EnforceOnDelete


class Migration(migrations.Migration):
    """The database applies each foreign key's on_delete rule itself (seed 003 §8.1)."""

    dependencies = [("promotions", "0001_initial")]

    operations = [
        EnforceOnDelete("CouponUsage", "coupon"),
        EnforceOnDelete("CouponUsage", "user"),
        EnforceOnDelete("CouponUsage", "order"),
        EnforceOnDelete("PromotionRule", "promotion"),
        EnforceOnDelete("PromotionUsage", "promotion"),
        EnforceOnDelete("PromotionUsage", "order"),
    ]
