"""Coupon validation and redemption; automatic promotions and their rules."""

import uuid
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from apps.promotions.discounts import discount_amount
from apps.promotions.exceptions import (
    CouponExpired,
    CouponInactive,
    CouponLimitReached,
    CouponMinimumNotMet,
    CouponNotFound,
    CouponNotStarted,
    CouponSignInRequired,
    CouponUserLimitReached,
)
from apps.promotions.models import Coupon, CouponUsage, Promotion, PromotionRule, PromotionUsage
from apps.promotions.selectors import (
    category_with_descendants,
    coupon_uses_by_user,
    get_coupon_by_code,
    running_promotions,
)


def _human_date(moment) -> str:
    day = timezone.localdate(moment)
    return f"{day:%B} {day.day}, {day.year}"


def _is_signed_in(user) -> bool:
    return user is not None and user.is_authenticated


# Coupons ---------------------------------------------------------------------------------------


def validate_coupon(*, code: str, subtotal: Decimal, user=None) -> Coupon:
    """The coupon for `code` if it may be used on an order of `subtotal` by `user`.

    Raises a CouponError subclass whose message tells the shopper why not. The checks run in
    the order a shopper can least do something about, so the minimum order (fixable by adding
    to the cart) is reported last.
    """
    coupon = get_coupon_by_code(code=code)
    if coupon is None:
        raise CouponNotFound(f'The code "{code.strip()}" is not valid.')
    now = timezone.now()
    if not coupon.is_active:
        raise CouponInactive(f'The code "{coupon.code}" is no longer active.')
    if coupon.starts_at is not None and now < coupon.starts_at:
        raise CouponNotStarted(f'The code "{coupon.code}" starts on {_human_date(coupon.starts_at)}.')
    if coupon.expires_at is not None and now >= coupon.expires_at:
        raise CouponExpired(f'The code "{coupon.code}" expired on {_human_date(coupon.expires_at)}.')
    if coupon.usage_limit is not None and coupon.times_used >= coupon.usage_limit:
        raise CouponLimitReached(f'The code "{coupon.code}" has reached its usage limit.')
    _check_user_limit(coupon, user)
    if coupon.min_order_amount is not None and subtotal < coupon.min_order_amount:
        missing = coupon.min_order_amount - subtotal
        raise CouponMinimumNotMet(
            f'Add ${missing} more to use the code "{coupon.code}" (minimum order ${coupon.min_order_amount}).'
        )
    return coupon


def _check_user_limit(coupon: Coupon, user) -> None:
    if coupon.usage_limit_per_user is None:
        return
    # A per-user limit can only be counted for someone we know.
    if not _is_signed_in(user):
        raise CouponSignInRequired(f'Sign in to use the code "{coupon.code}".')
    if coupon_uses_by_user(coupon=coupon, user=user) >= coupon.usage_limit_per_user:
        raise CouponUserLimitReached(f'You have already used the code "{coupon.code}" as many times as allowed.')


@transaction.atomic
def redeem_coupon(*, coupon: Coupon, user, order, discount_amount: Decimal) -> CouponUsage:
    """Count one use of `coupon` for `order` (an Order or its id), within the coupon's limits.

    Checkout calls this inside its own transaction. The coupon row stays locked until that
    transaction ends, so the per-user count cannot be raced; the conditional UPDATE is what
    keeps the global limit even for a caller that skipped validation.
    """
    locked = Coupon.objects.select_for_update().get(pk=coupon.pk)
    _check_user_limit(locked, user)
    claimed = Coupon.objects.filter(
        Q(usage_limit__isnull=True) | Q(times_used__lt=F("usage_limit")), pk=locked.pk
    ).update(times_used=F("times_used") + 1, updated_at=timezone.now())
    if not claimed:
        raise CouponLimitReached(f'The code "{locked.code}" has reached its usage limit.')
    return CouponUsage.objects.create(
        coupon=locked,
        user=user if _is_signed_in(user) else None,
        order_id=getattr(order, "pk", order),
        discount_amount=discount_amount,
    )


@transaction.atomic
def release_coupon(*, order) -> int:
    """Undo the coupon redemptions of `order` (declined payment, cancelled order); how many were undone."""
    usages = list(CouponUsage.objects.select_for_update().filter(order_id=getattr(order, "pk", order)))
    for usage in usages:
        Coupon.objects.filter(pk=usage.coupon_id, times_used__gt=0).update(
            times_used=F("times_used") - 1, updated_at=timezone.now()
        )
        usage.delete()
    return len(usages)


# Automatic promotions -------------------------------------------------------------------------


def applicable_promotions(*, lines: Iterable, user=None) -> list[Promotion]:
    """Running promotions whose every rule holds for `lines`: the best non-stackable one plus
    every stackable one, highest priority first.

    A line is anything with `product` (a catalog Product), `quantity` and `line_total`.
    """
    lines = list(lines)
    subtotal = sum((line.line_total for line in lines), Decimal("0.00"))
    holding = [
        promotion
        for promotion in running_promotions()
        if all(_rule_holds(rule, lines, subtotal, user) for rule in promotion.rules.all())
    ]
    stackable = [promotion for promotion in holding if promotion.is_stackable]
    exclusive = [promotion for promotion in holding if not promotion.is_stackable]
    chosen = stackable
    if exclusive:
        # The biggest saving wins; on a tie the higher priority (the queryset's order) does.
        best = max(exclusive, key=lambda promotion: discount_amount(promotion, subtotal))
        chosen = [*stackable, best]
    return sorted(chosen, key=lambda promotion: (-promotion.priority, promotion.name))


def _rule_holds(rule: PromotionRule, lines: list, subtotal: Decimal, user) -> bool:
    Rule = PromotionRule.RuleType
    match rule.rule_type:
        case Rule.MIN_SUBTOTAL:
            threshold = _as_decimal(rule.value)
            return threshold is not None and subtotal >= threshold
        case Rule.MIN_QUANTITY:
            threshold = _as_decimal(rule.value)
            return threshold is not None and sum(line.quantity for line in lines) >= threshold
        case Rule.CATEGORY:
            category_id = _as_uuid(rule.value)
            categories = category_with_descendants(category_id) if category_id else set()
            return any(line.product.category_id in categories for line in lines)
        case Rule.BRAND:
            brand_id = _as_uuid(rule.value)
            return brand_id is not None and any(line.product.brand_id == brand_id for line in lines)
        case Rule.PRODUCT:
            product_id = _as_uuid(rule.value)
            return product_id is not None and any(line.product.id == product_id for line in lines)
        case Rule.FIRST_ORDER:
            # Guests have no order history we could check.
            return _is_signed_in(user) and not user.orders.exists()
    return False


def _as_decimal(value: str) -> Decimal | None:
    try:
        return Decimal(value)
    except InvalidOperation:
        return None


def _as_uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def record_promotion_usage(*, promotion: Promotion, order, discount_amount: Decimal) -> PromotionUsage:
    """Note that `promotion` took `discount_amount` off `order` (an Order or its id)."""
    return PromotionUsage.objects.create(
        promotion=promotion, order_id=getattr(order, "pk", order), discount_amount=discount_amount
    )
