"""Reads of reviews: what shoppers see on a product page, and the moderation queue."""

from django.db.models import Count

from .models import ProductReview

SORTS = {"newest": ("-created_at",), "helpful": ("-helpful_count", "-created_at")}


def approved_reviews(product, *, sort="newest"):
    """Approved reviews of `product` with their helpful_count and authors (for names), newest first or
    most helpful first (`sort`, a key of SORTS)."""
    return (
        ProductReview.objects.approved()
        .filter(product=product)
        .select_related("user")
        .annotate(helpful_count=Count("helpful_votes"))
        .order_by(*SORTS[sort])
    )


def review_by(user, product):
    """The user's own review of the product (whatever its moderation), or None."""
    if not user.is_authenticated:
        return None
    return ProductReview.objects.filter(product=product, user=user).first()


def reviews_voted_helpful(user, product):
    """Ids of the product's reviews the user found helpful."""
    if not user.is_authenticated:
        return set()
    return set(ProductReview.objects.filter(product=product, helpful_votes__user=user).values_list("pk", flat=True))


def pending_reviews():
    """Reviews no moderator has looked at yet, oldest first, with product and author loaded."""
    return (
        ProductReview.objects.filter(is_approved=False, moderated_at__isnull=True)
        .select_related("product", "user")
        .order_by("created_at")
    )
