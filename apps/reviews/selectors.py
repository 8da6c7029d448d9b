"""Reads of reviews: what shoppers see on a product page, and the moderation queue."""

from .models import ProductReview


def approved_reviews(product):
    """Approved reviews of `product`, newest first, with their authors loaded (for names)."""
    return ProductReview.objects.approved().filter(product=product).select_related("user").order_by("-created_at")


def pending_reviews():
    """Reviews no moderator has looked at yet, oldest first, with product and author loaded."""
    return (
        ProductReview.objects.filter(is_approved=False, moderated_at__isnull=True)
        .select_related("product", "user")
        .order_by("created_at")
    )
