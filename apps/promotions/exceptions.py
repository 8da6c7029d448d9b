from apps.core.exceptions import DomainError


class CouponError(DomainError):
    """A coupon code cannot be used; each refusal has its own class and message."""

    code = "coupon_invalid"


class CouponNotFound(CouponError):
    code = "coupon_not_found"


class CouponInactive(CouponError):
    code = "coupon_inactive"


class CouponNotStarted(CouponError):
    code = "coupon_not_started"


class CouponExpired(CouponError):
    code = "coupon_expired"


class CouponMinimumNotMet(CouponError):
    code = "coupon_minimum_not_met"


class CouponLimitReached(CouponError):
    code = "coupon_limit_reached"
    http_status = 409


class CouponUserLimitReached(CouponError):
    code = "coupon_user_limit_reached"


class CouponSignInRequired(CouponError):
    code = "coupon_sign_in_required"
