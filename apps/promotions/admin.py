from django.contrib import admin

from apps.core.admin import TIMESTAMPS, ReadOnlyAdmin
from apps.promotions.models import Coupon, CouponUsage, Promotion, PromotionRule, PromotionUsage


@admin.register(Coupon)
class CouponAdmin(admin.ModelAdmin):
    list_display = ("code", "discount_type", "discount_value", "times_used", "usage_limit", "expires_at", "is_active")
    list_filter = ("discount_type", "is_active")
    search_fields = ("code", "description")
    # Redemptions are counted by checkout under a row lock, never typed in.
    readonly_fields = (*TIMESTAMPS, "times_used")


@admin.register(CouponUsage)
class CouponUsageAdmin(ReadOnlyAdmin):
    list_display = ("coupon", "order", "user", "discount_amount", "created_at")
    search_fields = ("coupon__code", "order__order_number", "user__email")
    list_select_related = ("coupon", "order", "user")


class PromotionRuleInline(admin.TabularInline):
    model = PromotionRule
    extra = 0


@admin.register(Promotion)
class PromotionAdmin(admin.ModelAdmin):
    list_display = ("name", "discount_type", "discount_value", "priority", "is_stackable", "starts_at", "ends_at")
    list_filter = ("discount_type", "is_active", "is_stackable")
    search_fields = ("name",)
    readonly_fields = TIMESTAMPS
    inlines = [PromotionRuleInline]


@admin.register(PromotionRule)
class PromotionRuleAdmin(admin.ModelAdmin):
    list_display = ("promotion", "rule_type", "value")
    list_filter = ("rule_type",)
    search_fields = ("promotion__name", "value")
    list_select_related = ("promotion",)
    autocomplete_fields = ("promotion",)
    readonly_fields = TIMESTAMPS


@admin.register(PromotionUsage)
class PromotionUsageAdmin(ReadOnlyAdmin):
    list_display = ("promotion", "order", "discount_amount", "created_at")
    search_fields = ("promotion__name", "order__order_number")
    list_select_related = ("promotion", "order")
