from django.db.models import QuerySet
from django.utils import timezone

from .models import Address, User, UserSession
from .tokens import read_access_token


def addresses_for_user(*, user: User) -> QuerySet[Address]:
    """The user's saved addresses: by type, the default first, then oldest first."""
    return Address.objects.filter(user=user).order_by("address_type", "-is_default", "created_at", "id")


def session_for_access_token(*, token: str) -> UserSession | None:
    """The live session an access token belongs to, with its user; None if the token is forged,
    expired, or its session was revoked or its account closed. One query by primary key."""
    ids = read_access_token(token)
    if ids is None:
        return None
    user_id, session_id = ids
    return (
        UserSession.objects.select_related("user")
        .filter(
            pk=session_id,
            user_id=user_id,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
            user__is_active=True,
            user__deleted_at__isnull=True,
        )
        .first()
    )
