from django.db import models
from django.db.models import Q

from apps.core.fields import MoneyField
from apps.core.models import BaseModel


class Cart(BaseModel):
    """A signed-in user's cart, or a guest's identified by the token in their session/header."""

    user = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, null=True, blank=True, related_name="carts", db_index=False
    )
    session_id = models.CharField(max_length=64, null=True, blank=True, db_comment="Guest cart token")
    coupon = models.ForeignKey("promotions.Coupon", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    currency = models.CharField(max_length=3, default="USD", db_default="USD")

    class Meta:
        db_table = "carts"
        db_table_comment = "Shopping carts of users and guests"
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False) | Q(session_id__isnull=False), name="carts_has_owner"
            ),
            # One cart per user and per guest token; the unique indexes carry the seed's names.
            models.UniqueConstraint(fields=["user"], name="idx_carts_user_id"),
            models.UniqueConstraint(fields=["session_id"], name="idx_carts_session_id"),
        ]

    def __str__(self):
        return f"cart of {self.user or 'guest ' + (self.session_id or '')[:8]}"


class CartItem(BaseModel):
    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="items", db_index=False)
    product = models.ForeignKey("catalog.Product", on_delete=models.CASCADE, related_name="+")
    variant = models.ForeignKey(
        "catalog.ProductVariant", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    quantity = models.PositiveIntegerField()
    unit_price = MoneyField(db_comment="Price when the line was added; compared with the live price")

    class Meta:
        db_table = "cart_items"
        db_table_comment = "Lines of shopping carts"
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="cart_items_quantity_positive"),
            models.CheckConstraint(condition=Q(unit_price__gte=0), name="cart_items_unit_price_non_negative"),
            # One line per product and variant (NULL variant included).
            models.UniqueConstraint(
                fields=["cart", "product", "variant"], nulls_distinct=False, name="idx_cart_items_product_variant"
            ),
        ]
        indexes = [models.Index(fields=["cart"], name="idx_cart_items_cart_id")]

    def __str__(self):
        return f"{self.quantity} × {self.product}"


class TaxRate(BaseModel):
    """Sales tax by destination: a state's rate wins over its country's (empty state)."""

    country_code = models.CharField(max_length=2)
    state = models.CharField(max_length=100, blank=True, default="", db_comment="Empty: the whole country")
    rate = models.DecimalField(max_digits=6, decimal_places=4, db_comment="0.0825 means 8.25 percent")
    name = models.CharField(max_length=60, default="Sales tax")
    applies_to_shipping = models.BooleanField(default=False)

    class Meta:
        db_table = "tax_rates"
        db_table_comment = "Tax rates per country and state"
        ordering = ["country_code", "state"]
        constraints = [
            models.UniqueConstraint(fields=["country_code", "state"], name="tax_rates_region_key"),
            models.CheckConstraint(condition=Q(rate__gte=0, rate__lt=1), name="tax_rates_rate_range"),
        ]

    def __str__(self):
        return f"{self.country_code}{'-' + self.state if self.state else ''}: {self.rate:%}"
