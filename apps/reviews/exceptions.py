from apps.core.exceptions import DomainError


class ReviewError(DomainError):
    code = "review"


class AlreadyReviewed(ReviewError):
    code = "already_reviewed"
    http_status = 409


class InvalidRating(ReviewError):
    code = "invalid_rating"
