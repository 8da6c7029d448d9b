"""Writes of reviews: a shopper submits one review per product; moderators approve or reject it.

A shopper writes one review per product and may edit it, which sends it back to moderation. Other
shoppers mark a shown review helpful, once each. A review is shown only once approved. Rejecting
keeps the row (is_approved false, moderated_at set, the reason in moderation_note) so moderators keep
a record and the author edits that review rather than writing another; pending_reviews() leaves
moderated rows out (an edited review has no moderation and is pending again). Either decision is told to the author. The
product's rating_avg and review_count follow approved reviews by trigger.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.catalog.version import bump_catalog_version
from apps.notifications.events import Event
from apps.notifications.services import notify

from .exceptions import AlreadyReviewed, AlreadyVoted, InvalidRating, ReviewError, ReviewNotFound
from .models import ProductReview, ReviewHelpfulVote

# The order status (orders sit above reviews, so named here, not imported) under which the buyer has
# received the goods, and their review counts as a verified purchase.
RECEIVED_ORDER_STATUS = "delivered"


def _already_reviewed(product):
    return AlreadyReviewed(f"You have already reviewed “{product.name}”.", fields={"product": product.pk})


def _has_bought(user, product):
    return product.order_items.filter(order__user=user, order__status=RECEIVED_ORDER_STATUS).exists()


@transaction.atomic
def submit_review(*, product, user, rating, title="", content=""):
    """A shopper's review of `product`, waiting for moderation. One per user and product.

    Raises InvalidRating unless rating is a whole number from 1 to 5, AlreadyReviewed on a second
    review (edit_review changes it). The review is marked as a verified purchase when the user has a
    delivered order containing the product.
    """
    _check_rating(rating)
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


def _check_rating(rating):
    if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
        raise InvalidRating("Rate the product from 1 to 5 stars.", fields={"rating": rating})


@transaction.atomic
def edit_review(*, product, user, rating, title="", content=""):
    """Change the user's own review of `product`. The new words wait for moderation again (the
    product's rating leaves the review until then), and the verified-purchase badge is re-checked.
    Raises ReviewNotFound when the user has not reviewed the product."""
    _check_rating(rating)
    review = ProductReview.objects.select_for_update().filter(product=product, user=user).first()
    if review is None:
        raise ReviewNotFound(f"You have not reviewed “{product.name}” yet.", fields={"product": product.pk})
    review.rating, review.title, review.content = rating, title.strip(), content.strip()
    review.is_verified_purchase = _has_bought(user, product)
    review.is_approved, review.moderated_by, review.moderated_at, review.moderation_note = False, None, None, ""
    review.save()
    return review


@transaction.atomic
def vote_helpful(*, review_id, user):
    """Record that `user` found the shown review helpful: once per user, never for their own review.
    Returns the review's number of helpful votes."""
    review = ProductReview.objects.approved().filter(pk=review_id).first()
    if review is None:
        raise ReviewNotFound("No such review.", fields={"review": str(review_id)})
    if review.user_id == user.pk:
        raise ReviewError("You cannot vote for your own review.", code="own_review", fields={"review": str(review.pk)})
    try:
        with transaction.atomic():  # a simultaneous second vote loses on the unique constraint
            ReviewHelpfulVote.objects.create(review=review, user=user)
    except IntegrityError:
        raise AlreadyVoted("You already found this review helpful.", fields={"review": str(review.pk)}) from None
    return review.helpful_votes.count()


def _moderate(review, *, moderator, approved, reason=""):
    """Lock the review and record the moderator's decision; refused when it is already that decision."""
    review = ProductReview.objects.select_for_update(of=("self",)).select_related("product", "user").get(pk=review.pk)
    if review.moderated_at is not None and review.is_approved == approved:
        state = "approved" if approved else "rejected"
        raise ReviewError(
            f"The review “{review}” of “{review.product.name}” is already {state}.", code=f"already_{state}"
        )
    review.is_approved = approved
    review.moderated_by = moderator
    review.moderated_at = timezone.now()
    review.moderation_note = reason
    review.save(update_fields=["is_approved", "moderated_by", "moderated_at", "moderation_note", "updated_at"])
    bump_catalog_version()  # the product's rating and reviews on its page
    return review


def _tell_author(review, event, title, body):
    if review.user is not None:
        data = {"review": str(review.pk), "product": str(review.product_id), "product_slug": review.product.slug}
        notify(event=event, user=review.user, context={"title": title, "body": body, "data": data})


@transaction.atomic
def approve_review(*, review, moderator):
    """Publish the review (the product's rating now counts it) and tell its author."""
    review = _moderate(review, moderator=moderator, approved=True)
    name = review.product.name
    _tell_author(
        review,
        Event.REVIEW_APPROVED,
        f"Your review of {name} is published",
        f"Thank you: your review of {name} is now on its page.",
    )
    return review


@transaction.atomic
def reject_review(*, review, moderator, reason):
    """Hide the review (kept, marked moderated, with the reason); an approved one leaves the product's
    rating. The author is told why. Refused without a reason."""
    reason = reason.strip()
    if not reason:
        raise ReviewError("Say why the review is rejected.", code="reason_required", fields={"reason": reason})
    review = _moderate(review, moderator=moderator, approved=False, reason=reason)
    name = review.product.name
    _tell_author(
        review,
        Event.REVIEW_REJECTED,
        f"Your review of {name} was not published",
        f"Our moderators did not publish your review of {name}: {reason}",
    )
    return review
