from apps.core.exceptions import DomainError


class ReviewError(DomainError):
    code = "review"


class AlreadyReviewed(ReviewError):
    code = "already_reviewed"
    http_status = 409


class InvalidRating(ReviewError):
    code = "invalid_rating"


class AlreadyVoted(ReviewError):
    code = "already_voted"
    http_status = 409


class ReviewNotFound(ReviewError):
    """No such review, or one not shown (yet): nobody may vote for it."""

    code = "not_found"
    http_status = 404
