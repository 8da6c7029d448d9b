from django.db import models

from apps.core.fields import MoneyField
from apps.core.models import BaseModel


class WishlistItem(BaseModel):
    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="wishlist_items")
    product = models.ForeignKey("catalog.Product", on_delete=models.CASCADE, related_name="wishlist_items")
    variant = models.ForeignKey(
        "catalog.ProductVariant", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    note = models.CharField(max_length=255, blank=True, default="")
    # What the shopper last saw (or was told): an alert goes out when this changes for the better.
    seen_in_stock = models.BooleanField(null=True, blank=True, db_comment="In stock when last checked; null: not yet")
    seen_price = MoneyField(null=True, blank=True, db_comment="Price when saved or last alerted about")

    class Meta:
        db_table = "wishlist_items"
        db_table_comment = "Products users saved for later"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "product", "variant"], nulls_distinct=False, name="wishlist_items_once"
            ),
        ]

    def __str__(self):
        return f"{self.product} for {self.user}"
