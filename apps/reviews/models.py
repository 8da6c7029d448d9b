from django.db import models
from django.db.models import Q

from apps.core.models import BaseModel


class ReviewQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(is_approved=True)


class ProductReview(BaseModel):
    """A shopper's rating and words on a product; shown once a moderator approves it."""

    product = models.ForeignKey("catalog.Product", on_delete=models.CASCADE, related_name="reviews", db_index=False)
    user = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="reviews")
    rating = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200, blank=True, default="")
    content = models.TextField(blank=True, default="")
    is_verified_purchase = models.BooleanField(default=False, db_default=False, db_comment="Author bought the product")
    is_approved = models.BooleanField(default=False, db_default=False)
    moderated_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderation_note = models.CharField(
        max_length=500, blank=True, default="", db_default="", db_comment="Why a moderator rejected the review"
    )

    objects = ReviewQuerySet.as_manager()

    class Meta:
        db_table = "product_reviews"
        db_table_comment = "Customer reviews, moderated before they are shown"
        constraints = [
            models.CheckConstraint(condition=Q(rating__gte=1, rating__lte=5), name="reviews_rating_check"),
            models.UniqueConstraint(fields=["product", "user"], name="product_reviews_one_per_user"),
        ]
        indexes = [
            models.Index(fields=["product"], name="idx_reviews_product_id"),
            models.Index(fields=["product", "is_approved"], name="idx_reviews_approved", condition=Q(is_approved=True)),
        ]

    def __str__(self):
        return f"{self.rating}★ {self.title}".strip()


class ReviewHelpfulVote(BaseModel):
    """One shopper found one review helpful; at most once (unique), never their own (the service)."""

    review = models.ForeignKey(ProductReview, on_delete=models.CASCADE, related_name="helpful_votes", db_index=False)
    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")

    class Meta:
        db_table = "review_helpful_votes"
        db_table_comment = "Shoppers who found a review helpful, one row per shopper and review"
        constraints = [
            models.UniqueConstraint(fields=["review", "user"], name="review_helpful_votes_one_per_user"),
        ]

    def __str__(self):
        return f"{self.user} found “{self.review}” helpful"
