from django.db import transaction
from django.utils import timezone

from apps.accounts.models import User, UserSession


@transaction.atomic
def ensure_superuser(*, email: str, password: str) -> tuple[User, bool]:
    """Create the staff superuser unless an account with that email exists; (user, created)."""
    user = User.objects.filter(email__iexact=email).first()
    if user is not None:
        return user, False
    return User.objects.create_superuser(email=email, password=password, first_name="Shop", last_name="Admin"), True


@transaction.atomic
def soft_delete_user(*, user: User) -> User:
    """Close an account while keeping its orders and reviews (seed 003 §9).

    The person can no longer sign in and every refresh token they hold stops working at once.
    Their cart is removed by the database's trigger on users.deleted_at, so accounts never has
    to know about carts. Deleting twice changes nothing.
    """
    if user.deleted_at is not None:
        return user
    now = timezone.now()
    user.deleted_at = now
    user.is_active = False
    user.save(update_fields=["deleted_at", "is_active", "updated_at"])
    UserSession.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=now, updated_at=now)
    return user
