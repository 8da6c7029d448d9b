from django.contrib import admin

from apps.core.admin import ReadOnlyAdmin
from apps.wishlist.models import WishlistItem


@admin.register(WishlistItem)
class WishlistItemAdmin(ReadOnlyAdmin):
    list_display = ("user", "product", "variant", "created_at")
    search_fields = ("user__email", "product__name", "product__sku")
    list_select_related = ("user", "product", "variant__product")
