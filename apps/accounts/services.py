from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.notifications.events import Event
from apps.notifications.services import notify, site_url

from .exceptions import (
    AddressNotFound,
    EmailTaken,
    InvalidAddress,
    InvalidCredentials,
    InvalidRefreshToken,
    InvalidToken,
    WeakPassword,
    WrongPassword,
)
from .models import Address, EmailVerificationToken, PasswordReset, SecurityEvent, User, UserSession
from .tokens import hash_token, make_access_token, new_secret

EMAIL_VERIFICATION_LIFETIME = timedelta(hours=48)
PASSWORD_RESET_LIFETIME = timedelta(hours=1)


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


# --- Registration, email verification, passwords -------------------------------------------------


def _check_password_strength(password, *, user, field):
    try:
        validate_password(password, user=user)
    except ValidationError as error:
        raise WeakPassword(error.messages[0], fields={field: error.messages}) from error


def _send_link_email(*, event, user, to, subject, text, path):
    """Mail a link into the storefront once the transaction that created its token commits."""
    link = site_url(path)
    notify(event=event, user=user, email=to, context={"title": subject, "body": text, "link": link, "data": {}})


@transaction.atomic
def register_user(*, email: str, password: str, first_name: str = "", last_name: str = "") -> User:
    """Open a customer account and mail its email-verification link.

    An address already used by an account, in any letter case and even a closed one (the
    address stays unique), is refused with EmailTaken.
    """
    email = User.objects.normalize_email(email)
    duplicate = EmailTaken(
        "An account with this email address already exists.",
        fields={"email": ["An account with this email address already exists."]},
    )
    if User.all_objects.filter(email__iexact=email).exists():
        raise duplicate
    _check_password_strength(
        password, user=User(email=email, first_name=first_name, last_name=last_name), field="password"
    )
    try:
        with transaction.atomic():
            user = User.objects.create_user(email, password, first_name=first_name, last_name=last_name)
    except IntegrityError as error:  # the same address registered concurrently
        raise duplicate from error
    start_email_verification(user=user)
    return user


@transaction.atomic
def start_email_verification(*, user: User) -> EmailVerificationToken:
    """Mail a link proving the user reads their current address; valid 48 hours."""
    token = new_secret()
    verification = EmailVerificationToken.objects.create(
        user=user,
        email=user.email,
        token_hash=hash_token(token),
        expires_at=timezone.now() + EMAIL_VERIFICATION_LIFETIME,
    )
    _send_link_email(
        event=Event.EMAIL_VERIFICATION,
        user=user,
        to=user.email,
        subject="Confirm your email address",
        text="Open this link to confirm your email address (valid for 48 hours):",
        path=f"/accounts/verify-email/{token}/",
    )
    return verification


def _redeem(model, token):
    """Lock and mark used the live one-time token of that model; InvalidToken otherwise."""
    now = timezone.now()
    row = (
        model.objects.select_for_update()
        .select_related("user")
        .filter(token_hash=hash_token(token), used_at__isnull=True, expires_at__gt=now, user__deleted_at__isnull=True)
        .first()
    )
    if row is None:
        raise InvalidToken("This link is invalid or has expired.", fields={"token": ["Invalid or expired."]})
    row.used_at = now
    row.save(update_fields=["used_at", "updated_at"])
    return row


@transaction.atomic
def verify_email(*, token: str) -> User:
    """Mark the address verified; a link for an address the user has since changed is refused."""
    verification = _redeem(EmailVerificationToken, token)
    user = verification.user
    if verification.email.lower() != user.email.lower():
        raise InvalidToken("This link is for an address you no longer use.", fields={"token": ["Outdated."]})
    user.email_verified = True
    user.save(update_fields=["email_verified", "updated_at"])
    SecurityEvent.objects.create(user=user, kind=SecurityEvent.Kind.EMAIL_VERIFIED, email=user.email)
    return user


@transaction.atomic
def request_password_reset(*, email: str) -> None:
    """Mail a reset link valid one hour. Says nothing about whether the address has an account."""
    user = User.objects.filter(email__iexact=email, is_active=True).first()
    if user is None:
        return
    token = new_secret()
    PasswordReset.objects.create(
        user=user, token_hash=hash_token(token), expires_at=timezone.now() + PASSWORD_RESET_LIFETIME
    )
    SecurityEvent.objects.create(user=user, kind=SecurityEvent.Kind.PASSWORD_RESET_REQUESTED, email=user.email)
    _send_link_email(
        event=Event.PASSWORD_RESET,
        user=user,
        to=user.email,
        subject="Reset your password",
        text="Open this link to choose a new password (valid for one hour). "
        "If you did not ask for it, ignore this email.",
        path=f"/accounts/password-reset/{token}/",
    )


def _set_password(user, new_password, *, via):
    user.set_password(new_password)
    user.save(update_fields=["password", "updated_at"])
    revoke_all_sessions(user=user, reason=f"password {via}")
    SecurityEvent.objects.create(
        user=user, kind=SecurityEvent.Kind.PASSWORD_CHANGED, email=user.email, metadata={"via": via}
    )


@transaction.atomic
def reset_password(*, token: str, new_password: str) -> User:
    """Set a new password from a reset link; the link then stops working, and so does every
    refresh token of the account (whoever knew the old password is signed out)."""
    user = _redeem(PasswordReset, token).user
    _check_password_strength(new_password, user=user, field="new_password")
    _set_password(user, new_password, via="reset")
    return user


@transaction.atomic
def change_password(*, user: User, old_password: str, new_password: str) -> User:
    """Change a signed-in user's password; every refresh session of theirs is revoked."""
    if not user.check_password(old_password):
        raise WrongPassword("The current password is wrong.", fields={"old_password": ["Wrong password."]})
    _check_password_strength(new_password, user=user, field="new_password")
    _set_password(user, new_password, via="change")
    return user


@transaction.atomic
def update_profile(*, user: User, **names) -> User:
    """Change first_name and/or last_name."""
    for field, value in names.items():
        setattr(user, field, value)
    user.save(update_fields=[*names, "updated_at"])
    return user


# --- Sign-in and API sessions ---------------------------------------------------------------------


@transaction.atomic
def issue_tokens(*, user: User, user_agent: str = "", ip: str | None = None) -> tuple[str, str]:
    """Open a refresh session; (access, refresh). Only the refresh token's hash is stored."""
    refresh = new_secret()
    session = UserSession.objects.create(
        user=user,
        refresh_token_hash=hash_token(refresh),
        user_agent=user_agent[:255],
        ip_address=ip,
        expires_at=timezone.now() + settings.API_REFRESH_TOKEN_LIFETIME,
    )
    return make_access_token(user_id=user.pk, session_id=session.pk), refresh


def check_credentials(*, request, email: str, password: str, user_agent: str = "", ip: str | None = None) -> User:
    """The user these credentials belong to, with the sign-in recorded as a security event.

    Raises InvalidCredentials, recording the failed attempt: not one transaction, because the
    failure's event must stay although it raises. The browser signs in with it, then
    django.contrib.auth.login; the API with log_in. `request` (Django's HttpRequest) lets
    django-axes count failures per account and address and refuse a locked-out one, whatever
    the password (the lockout's answer is given by its middleware, apps.accounts.lockout).
    """
    user = authenticate(request, email=email, password=password)
    if user is None:
        SecurityEvent.objects.create(
            kind=SecurityEvent.Kind.LOGIN_FAILED, email=email[:255], ip_address=ip, user_agent=user_agent[:255]
        )
        raise InvalidCredentials("Wrong email address or password.")
    SecurityEvent.objects.create(
        user=user, kind=SecurityEvent.Kind.LOGIN, email=user.email, ip_address=ip, user_agent=user_agent[:255]
    )
    return user


def log_in(*, request, email: str, password: str, user_agent: str = "", ip: str | None = None) -> tuple[str, str]:
    """Check the credentials and open an API session; (access, refresh)."""
    user = check_credentials(request=request, email=email, password=password, user_agent=user_agent, ip=ip)
    with transaction.atomic():
        tokens = issue_tokens(user=user, user_agent=user_agent, ip=ip)
        User.objects.filter(pk=user.pk).update(last_login=timezone.now())
    return tokens


def record_lockout(*, email: str, ip: str | None, user_agent: str, path: str, failures: int) -> SecurityEvent:
    """The security event of one sign-in lockout (django-axes locked the account or the address)."""
    return SecurityEvent.objects.create(
        user=User.objects.filter(email__iexact=email).first() if email else None,
        kind=SecurityEvent.Kind.LOCKED_OUT,
        email=email[:255],
        ip_address=ip,
        user_agent=user_agent[:255],
        metadata={"path": path, "failures": failures},
    )


def rotate_refresh_token(*, refresh: str) -> tuple[str, str]:
    """Trade a refresh token for a new pair; the old one stops working.

    A refresh token presented again after it was revoked means someone kept a copy: every
    session of that user is revoked (theft detection), and that revocation is committed before
    InvalidRefreshToken is raised, so call this outside any transaction of your own.
    """
    now = timezone.now()
    with transaction.atomic():
        session = (
            UserSession.objects.select_for_update()
            .select_related("user")
            .filter(refresh_token_hash=hash_token(refresh))
            .first()
        )
        if session is not None and session.revoked_at is not None:
            revoke_all_sessions(user=session.user, reason="refresh token reused")
        elif session is not None and session.expires_at > now and session.user.is_active:
            session.revoked_at = session.last_used_at = now
            session.save(update_fields=["revoked_at", "last_used_at", "updated_at"])
            return issue_tokens(user=session.user, user_agent=session.user_agent, ip=session.ip_address)
    raise InvalidRefreshToken("The refresh token is invalid, expired or revoked; sign in again.")


@transaction.atomic
def revoke_session(*, refresh: str) -> bool:
    """Log out: the refresh token and its access tokens stop working. False if it was not live."""
    session = (
        UserSession.objects.select_for_update()
        .select_related("user")
        .filter(refresh_token_hash=hash_token(refresh), revoked_at__isnull=True)
        .first()
    )
    if session is None:
        return False
    session.revoked_at = timezone.now()
    session.save(update_fields=["revoked_at", "updated_at"])
    SecurityEvent.objects.create(user=session.user, kind=SecurityEvent.Kind.LOGOUT, email=session.user.email)
    return True


@transaction.atomic
def revoke_all_sessions(*, user: User, reason: str = "") -> int:
    """Sign the user out of every API client; the number of sessions ended."""
    now = timezone.now()
    count = UserSession.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=now, updated_at=now)
    SecurityEvent.objects.create(
        user=user,
        kind=SecurityEvent.Kind.TOKEN_REVOKED,
        email=user.email,
        metadata={"sessions": count, "reason": reason},
    )
    return count


# --- Addresses -------------------------------------------------------------------------------------


def _lock_user(user):
    """Serialise address changes of one user, so two requests cannot both make a default."""
    User.all_objects.select_for_update().filter(pk=user.pk).get()


def _own_address(user, address_id):
    address = Address.objects.filter(user=user, pk=address_id).first()
    if address is None:
        raise AddressNotFound("No such address.")
    return address


def _save_address(address):
    """Validate and save; a new default takes over from the old one of its type."""
    if address.is_default:
        Address.objects.filter(user_id=address.user_id, address_type=address.address_type, is_default=True).exclude(
            pk=address.pk
        ).update(is_default=False, updated_at=timezone.now())
    try:
        address.full_clean(exclude=["user"])
    except ValidationError as error:
        raise InvalidAddress("Check the address.", fields=error.message_dict) from error
    address.save()
    return address


@transaction.atomic
def create_address(*, user: User, **fields) -> Address:
    """Save a new address (fields of Address); is_default=True makes it the default of its type."""
    _lock_user(user)
    return _save_address(Address(user=user, **fields))


@transaction.atomic
def update_address(*, user: User, address_id, **changes) -> Address:
    """Change some fields of one of the user's addresses; AddressNotFound for anyone else's."""
    _lock_user(user)
    address = _own_address(user, address_id)
    for field, value in changes.items():
        setattr(address, field, value)
    return _save_address(address)


@transaction.atomic
def set_default_address(*, user: User, address_id) -> Address:
    return update_address(user=user, address_id=address_id, is_default=True)


@transaction.atomic
def delete_address(*, user: User, address_id) -> None:
    """Remove one of the user's addresses; orders keep their own snapshot of it."""
    _own_address(user, address_id).delete()
