from django.db import transaction

from apps.accounts.models import User


@transaction.atomic
def ensure_superuser(*, email: str, password: str) -> tuple[User, bool]:
    """Create the staff superuser unless an account with that email exists; (user, created)."""
    user = User.objects.filter(email__iexact=email).first()
    if user is not None:
        return user, False
    return User.objects.create_superuser(email=email, password=password, first_name="Shop", last_name="Admin"), True
