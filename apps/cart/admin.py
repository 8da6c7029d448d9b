from django.contrib import admin

from apps.cart.models import Cart, CartItem, TaxRate
from apps.core.admin import TIMESTAMPS, ReadOnlyAdmin, ReadOnlyTabularInline


class CartItemInline(ReadOnlyTabularInline):
    model = CartItem
    fields = ("product", "variant", "quantity", "unit_price", "created_at")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("product", "variant__product")


@admin.register(Cart)
class CartAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "user", "session_id", "coupon", "currency", "updated_at")
    search_fields = ("user__email", "session_id")
    list_select_related = ("user", "coupon")
    inlines = [CartItemInline]


@admin.register(CartItem)
class CartItemAdmin(ReadOnlyAdmin):
    list_display = ("cart", "product", "variant", "quantity", "unit_price", "created_at")
    search_fields = ("product__name", "product__sku", "cart__user__email")
    list_select_related = ("cart__user", "product", "variant__product")


@admin.register(TaxRate)
class TaxRateAdmin(admin.ModelAdmin):
    list_display = ("country_code", "state", "name", "rate", "applies_to_shipping")
    list_filter = ("country_code", "applies_to_shipping")
    search_fields = ("country_code", "state", "name")
    readonly_fields = TIMESTAMPS
