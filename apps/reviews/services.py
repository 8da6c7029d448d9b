"""Writes of reviews: a shopper submits one review per product; moderators approve or reject it.

A review is shown only once approved. Rejecting keeps the row (is_approved false, moderated_at set)
so the author cannot simply submit it again and moderators keep a record; pending_reviews() leaves
moderated rows out. The product's rating_avg and review_count follow approved reviews by trigger.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from .exceptions import AlreadyReviewed, InvalidRating
from .models import ProductReview

# Order statuses (orders sit above reviews, so named here, not imported) under which the buyer has
# the goods in hand, or on the way, and their review counts as a verified purchase.
PURCHASED_ORDER_STATUSES = ("shipped", "delivered")


def _already_reviewed(product):
    return AlreadyReviewed(f"You have already reviewed “{product.name}”.", fields={"product": product.pk})


def _has_bought(user, product):
    return product.order_items.filter(order__user=user, order__status__in=PURCHASED_ORDER_STATUSES).exists()


@transaction.atomic
def submit_review(*, product, user, rating, title="", content=""):
    """A shopper's review of `product`, waiting for moderation. One per user and product.

    Raises InvalidRating unless rating is a whole number from 1 to 5, AlreadyReviewed on a second
    review. The review is marked as a verified purchase when the user has a shipped or delivered
    order containing the product.
    """
    if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
        raise InvalidRating("Rate the product from 1 to 5 stars.", fields={"rating": rating})
    if ProductReview.objects.filter(product=product, user=user).exists():
        raise _already_reviewed(product)
    try:
        with transaction.atomic():  # a simultaneous second submit loses on the unique constraint
            return ProductReview.objects.create(
                product=product,
                user=user,
                rating=rating,
                title=title.strip(),
                content=content.strip(),
                is_verified_purchase=_has_bought(user, product),
            )
    except IntegrityError:
        raise _already_reviewed(product) from None


def _moderate(review, *, moderator, approved):
    review.is_approved = approved
    review.moderated_by = moderator
    review.moderated_at = timezone.now()
    review.save(update_fields=["is_approved", "moderated_by", "moderated_at", "updated_at"])
    return review


@transaction.atomic
def approve_review(*, review, moderator):
    """Publish the review; the product's rating now counts it."""
    return _moderate(review, moderator=moderator, approved=True)


@transaction.atomic
def reject_review(*, review, moderator):
    """Hide the review (kept, marked moderated); an approved one leaves the product's rating."""
    return _moderate(review, moderator=moderator, approved=False)
