from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Upper

from apps.core.fields import MoneyField
from apps.core.models import BaseModel


class DiscountType(models.TextChoices):
    PERCENTAGE = "percentage", "Percentage off"
    FIXED_AMOUNT = "fixed_amount", "Fixed amount off"
    FREE_SHIPPING = "free_shipping", "Free shipping"


def discount_checks(prefix):
    """The value rules every discount shares: a percentage is 0–100, an amount is not negative."""
    return [
        models.CheckConstraint(
            condition=Q(discount_type__in=DiscountType.values), name=f"{prefix}_discount_type_check"
        ),
        models.CheckConstraint(condition=Q(discount_value__gte=0), name=f"{prefix}_discount_value_non_negative"),
        models.CheckConstraint(
            condition=~Q(discount_type=DiscountType.PERCENTAGE) | Q(discount_value__gt=0, discount_value__lte=100),
            name=f"{prefix}_percentage_range",
        ),
    ]


class Coupon(BaseModel):
    """A discount code people type at checkout (matched whatever its letter case)."""

    code = models.CharField(max_length=40)
    description = models.CharField(max_length=255, blank=True, default="")
    discount_type = models.CharField(max_length=20, choices=DiscountType.choices)
    discount_value = MoneyField(default=0, db_comment="Percent (0-100] or an amount; ignored for free shipping")
    min_order_amount = MoneyField(null=True, blank=True, db_comment="Subtotal needed to use the code")
    max_discount_amount = MoneyField(null=True, blank=True, db_comment="Cap on a percentage discount")
    usage_limit = models.PositiveIntegerField(
        null=True, blank=True, db_comment="Total redemptions allowed; NULL: no limit"
    )
    usage_limit_per_user = models.PositiveIntegerField(null=True, blank=True)
    times_used = models.PositiveIntegerField(default=0, db_default=0, db_comment="Redemptions so far")
    starts_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    is_active = models.BooleanField(default=True, db_default=True)

    class Meta:
        db_table = "coupons"
        db_table_comment = "Discount codes"
        constraints = [
            models.UniqueConstraint(Upper("code"), name="coupons_code_ci_key"),
            *discount_checks("coupons"),
            models.CheckConstraint(
                condition=Q(usage_limit__isnull=True) | Q(times_used__lte=F("usage_limit")),
                name="coupons_within_usage_limit",
            ),
            models.CheckConstraint(
                condition=Q(starts_at__isnull=True) | Q(expires_at__isnull=True) | Q(expires_at__gt=F("starts_at")),
                name="coupons_expiry_after_start",
            ),
            models.CheckConstraint(
                condition=Q(min_order_amount__isnull=True) | Q(min_order_amount__gte=0),
                name="coupons_min_order_non_negative",
            ),
            models.CheckConstraint(
                condition=Q(max_discount_amount__isnull=True) | Q(max_discount_amount__gt=0),
                name="coupons_max_discount_positive",
            ),
        ]

    def __str__(self):
        return self.code


class CouponUsage(BaseModel):
    coupon = models.ForeignKey(Coupon, on_delete=models.PROTECT, related_name="usages")
    user = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="coupon_usages"
    )
    order = models.ForeignKey("orders.Order", on_delete=models.CASCADE, related_name="coupon_usages")
    discount_amount = MoneyField()

    class Meta:
        db_table = "coupon_usage"
        verbose_name_plural = "coupon usage"
        db_table_comment = "One row per coupon redemption"
        constraints = [
            models.UniqueConstraint(fields=["coupon", "order"], name="coupon_usage_once_per_order"),
            models.CheckConstraint(condition=Q(discount_amount__gte=0), name="coupon_usage_discount_non_negative"),
        ]
        indexes = [models.Index(fields=["coupon", "user"], name="idx_coupon_usage_coupon_user")]

    def __str__(self):
        return f"{self.coupon} on {self.order}"


class Promotion(BaseModel):
    """A discount applied without a code when all its rules hold for a cart."""

    name = models.CharField(max_length=120)
    description = models.CharField(max_length=255, blank=True, default="")
    discount_type = models.CharField(max_length=20, choices=DiscountType.choices)
    discount_value = MoneyField(default=0)
    max_discount_amount = MoneyField(null=True, blank=True)
    priority = models.IntegerField(default=0, db_comment="Higher applies first")
    is_stackable = models.BooleanField(default=False, db_comment="May combine with a coupon and other promotions")
    starts_at = models.DateTimeField(null=True, blank=True)
    ends_at = models.DateTimeField(null=True, blank=True)
    is_active = models.BooleanField(default=True, db_default=True)

    class Meta:
        db_table = "promotions"
        db_table_comment = "Automatic promotions (no code)"
        ordering = ["-priority", "name"]
        constraints = [
            *discount_checks("promotions"),
            models.CheckConstraint(
                condition=Q(starts_at__isnull=True) | Q(ends_at__isnull=True) | Q(ends_at__gt=F("starts_at")),
                name="promotions_end_after_start",
            ),
        ]

    def __str__(self):
        return self.name


class PromotionRule(BaseModel):
    """One condition of a promotion; every rule of a promotion must hold."""

    class RuleType(models.TextChoices):
        MIN_SUBTOTAL = "min_subtotal", "Subtotal at least"
        MIN_QUANTITY = "min_quantity", "Items at least"
        CATEGORY = "category", "Contains a product of category"
        BRAND = "brand", "Contains a product of brand"
        PRODUCT = "product", "Contains product"
        FIRST_ORDER = "first_order", "Customer's first order"

    promotion = models.ForeignKey(Promotion, on_delete=models.CASCADE, related_name="rules")
    rule_type = models.CharField(max_length=20, choices=RuleType.choices)
    value = models.CharField(max_length=100, blank=True, default="", db_comment="Amount, count or id, by rule type")

    class Meta:
        db_table = "promotion_rules"
        db_table_comment = "Conditions of automatic promotions"
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    rule_type__in=["min_subtotal", "min_quantity", "category", "brand", "product", "first_order"]
                ),
                name="promotion_rules_type_check",
            ),
        ]

    def __str__(self):
        return f"{self.get_rule_type_display()} {self.value}".strip()


class PromotionUsage(BaseModel):
    promotion = models.ForeignKey(Promotion, on_delete=models.PROTECT, related_name="usages")
    order = models.ForeignKey("orders.Order", on_delete=models.CASCADE, related_name="promotion_usages")
    discount_amount = MoneyField()

    class Meta:
        db_table = "promotion_usage"
        verbose_name_plural = "promotion usage"
        db_table_comment = "Promotions applied to orders (seed 001 order_promotions)"
        constraints = [
            models.UniqueConstraint(fields=["promotion", "order"], name="promotion_usage_once_per_order"),
            models.CheckConstraint(condition=Q(discount_amount__gte=0), name="promotion_usage_discount_non_negative"),
        ]

    def __str__(self):
        return f"{self.promotion} on {self.order}"
