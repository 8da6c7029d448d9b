from apps.core.exceptions import DomainError


class ReviewError(DomainError):
    code = "review"


class AlreadyReviewed(ReviewError):
    code = "already_reviewed"


class InvalidRating(ReviewError):
    code = "invalid_rating"
