"""Reads of coupons and promotions."""

from django.db.models import Q, QuerySet
from django.utils import timezone

from apps.catalog.models import Category
from apps.promotions.models import Coupon, CouponUsage, Promotion


def get_coupon_by_code(*, code: str) -> Coupon | None:
    """The coupon with this code whatever its letter case (the database keeps Upper(code) unique)."""
    return Coupon.objects.filter(code__iexact=code.strip()).first()


def coupon_uses_by_user(*, coupon: Coupon, user) -> int:
    return CouponUsage.objects.filter(coupon=coupon, user=user).count()


def running_promotions(*, now=None) -> QuerySet[Promotion]:
    """Active promotions inside their dates, with their rules, highest priority first."""
    now = now or timezone.now()
    return (
        Promotion.objects.filter(is_active=True)
        .filter(Q(starts_at__isnull=True) | Q(starts_at__lte=now))
        .filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now))
        .prefetch_related("rules")
        .order_by("-priority", "name")
    )


def category_with_descendants(category_id) -> set:
    """Ids of a category and every category below it in the tree."""
    children = {}
    for node_id, parent_id in Category.objects.values_list("id", "parent_id"):
        children.setdefault(parent_id, []).append(node_id)
    found, pending = set(), [category_id]
    while pending:
        node = pending.pop()
        if node not in found:
            found.add(node)
            pending.extend(children.get(node, ()))
    return found
