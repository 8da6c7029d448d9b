from django.contrib import admin

from apps.core.admin import ReadOnlyAdmin
from apps.reviews.models import ProductReview


@admin.register(ProductReview)
class ProductReviewAdmin(ReadOnlyAdmin):
    """Moderation changes ratings shown on products, so it belongs to the reviews services."""

    list_display = ("product", "user", "rating", "title", "is_verified_purchase", "is_approved", "created_at")
    list_filter = ("is_approved", "rating", "is_verified_purchase")
    search_fields = ("title", "content", "product__name", "user__email")
    list_select_related = ("product", "user")
    date_hierarchy = "created_at"
