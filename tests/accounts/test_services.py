import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from apps.accounts import services
from apps.accounts.exceptions import (
    AddressNotFound,
    EmailTaken,
    InvalidAddress,
    InvalidCredentials,
    InvalidRefreshToken,
    InvalidToken,
    WeakPassword,
    WrongPassword,
)
from apps.accounts.models import Address, EmailVerificationToken, PasswordReset, SecurityEvent, UserSession
from apps.accounts.selectors import addresses_for_user, session_for_access_token
from apps.accounts.tokens import hash_token
from tests.factories import create_address, create_user

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery"


def _mailed_token(kind):
    return re.search(rf"/accounts/{kind}/([^/]+)/", mail.outbox[-1].body).group(1)


def test_registration_creates_an_unverified_account_and_mails_a_verification_link(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        user = services.register_user(email="Ada@Example.com", password=PASSWORD, first_name="Ada")
    assert (user.email, user.first_name, user.email_verified) == ("Ada@example.com", "Ada", False)
    assert user.check_password(PASSWORD)
    assert mail.outbox[-1].to == ["Ada@example.com"]
    assert "http://localhost:8000/accounts/verify-email/" in mail.outbox[-1].body
    stored = EmailVerificationToken.objects.get(user=user)
    assert stored.token_hash == hash_token(_mailed_token("verify-email"))
    assert timedelta(hours=47, minutes=59) < stored.expires_at - timezone.now() <= timedelta(hours=48)


def test_registration_refuses_an_address_taken_in_another_letter_case():
    create_user(email="ada@example.com")
    with pytest.raises(EmailTaken) as error:
        services.register_user(email="ADA@example.com", password=PASSWORD)
    assert error.value.fields == {"email": ["An account with this email address already exists."]}


def test_registration_refuses_a_weak_password_naming_the_field():
    with pytest.raises(WeakPassword) as error:
        services.register_user(email="ada@example.com", password="12345678")
    assert "This password is too common." in error.value.fields["password"]


def test_verifying_the_mailed_token_marks_the_email_verified_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        user = services.register_user(email="ada@example.com", password=PASSWORD)
    token = _mailed_token("verify-email")
    assert services.verify_email(token=token).email_verified is True
    assert SecurityEvent.objects.filter(user=user, kind="email_verified").count() == 1
    with pytest.raises(InvalidToken):
        services.verify_email(token=token)


def test_a_password_reset_for_an_unknown_address_says_nothing_and_sends_nothing():
    services.request_password_reset(email="nobody@example.com")
    assert mail.outbox == []
    assert PasswordReset.objects.count() == 0


def test_resetting_the_password_works_once_and_signs_out_every_client(django_capture_on_commit_callbacks):
    user = create_user(email="ada@example.com")
    _, refresh = services.issue_tokens(user=user)
    with django_capture_on_commit_callbacks(execute=True):
        services.request_password_reset(email="ADA@example.com")
    token = _mailed_token("password-reset")
    assert PasswordReset.objects.get(user=user).expires_at - timezone.now() <= timedelta(hours=1)

    services.reset_password(token=token, new_password="a brand new secret")

    user.refresh_from_db()
    assert user.check_password("a brand new secret")
    assert not UserSession.objects.filter(user=user, revoked_at__isnull=True).exists()
    with pytest.raises(InvalidToken):
        services.reset_password(token=token, new_password="yet another secret")


def test_an_expired_reset_token_is_refused():
    user = create_user()
    PasswordReset.objects.create(user=user, token_hash=hash_token("old"), expires_at=timezone.now())
    with pytest.raises(InvalidToken):
        services.reset_password(token="old", new_password="a brand new secret")


def test_changing_the_password_needs_the_current_one_and_revokes_sessions():
    user = create_user(password=PASSWORD)
    services.issue_tokens(user=user)
    with pytest.raises(WrongPassword) as error:
        services.change_password(user=user, old_password="wrong", new_password="a brand new secret")
    assert error.value.fields == {"old_password": ["Wrong password."]}

    services.change_password(user=user, old_password=PASSWORD, new_password="a brand new secret")

    assert UserSession.objects.get(user=user).revoked_at is not None
    assert SecurityEvent.objects.filter(user=user, kind="password_changed").count() == 1


def test_login_records_success_and_failure(rf):
    user = create_user(email="ada@example.com", password=PASSWORD)
    request = rf.post("/api/v1/auth/login/")
    with pytest.raises(InvalidCredentials):
        services.log_in(request=request, email="ada@example.com", password="wrong", ip="10.0.0.1")
    access, refresh = services.log_in(request=request, email="ADA@example.com", password=PASSWORD, user_agent="app/1.0")

    failed = SecurityEvent.objects.get(kind="login_failed")
    assert (failed.user, failed.email, failed.ip_address) == (None, "ada@example.com", "10.0.0.1")
    assert SecurityEvent.objects.get(kind="login").user == user
    session = UserSession.objects.get(user=user)
    assert (session.refresh_token_hash, session.user_agent) == (hash_token(refresh), "app/1.0")
    assert session_for_access_token(token=access) == session


def test_a_rotated_refresh_token_stops_working_and_its_reuse_revokes_every_session():
    user = create_user()
    old_access, old_refresh = services.issue_tokens(user=user)
    other_access, _ = services.issue_tokens(user=user)
    new_access, new_refresh = services.rotate_refresh_token(refresh=old_refresh)
    assert session_for_access_token(token=old_access) is None
    assert session_for_access_token(token=new_access).user == user

    with pytest.raises(InvalidRefreshToken):
        services.rotate_refresh_token(refresh=old_refresh)

    assert session_for_access_token(token=new_access) is None
    assert session_for_access_token(token=other_access) is None
    with pytest.raises(InvalidRefreshToken):
        services.rotate_refresh_token(refresh=new_refresh)


def test_an_expired_refresh_token_is_refused():
    user = create_user()
    _, refresh = services.issue_tokens(user=user)
    UserSession.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(InvalidRefreshToken):
        services.rotate_refresh_token(refresh=refresh)


def test_access_tokens_expire_after_their_lifetime(settings):
    access, _ = services.issue_tokens(user=create_user())
    settings.API_ACCESS_TOKEN_LIFETIME = timedelta(seconds=-1)
    assert session_for_access_token(token=access) is None


def test_logging_out_revokes_only_that_session():
    user = create_user()
    access, refresh = services.issue_tokens(user=user)
    other_access, _ = services.issue_tokens(user=user)
    assert services.revoke_session(refresh=refresh) is True
    assert services.revoke_session(refresh=refresh) is False
    assert session_for_access_token(token=access) is None
    assert session_for_access_token(token=other_access).user == user


def test_a_new_default_address_takes_over_from_the_old_one():
    user = create_user()
    first = services.create_address(user=user, **_address_fields(is_default=True))
    billing = services.create_address(user=user, **_address_fields(address_type="billing", is_default=True))
    second = services.create_address(user=user, **_address_fields(is_default=True, city="Shelbyville"))
    first.refresh_from_db()
    billing.refresh_from_db()
    assert (first.is_default, second.is_default, billing.is_default) == (False, True, True)

    services.set_default_address(user=user, address_id=first.pk)
    assert list(addresses_for_user(user=user).values_list("city", "is_default")) == [
        ("Springfield", True),
        ("Springfield", True),
        ("Shelbyville", False),
    ]


def test_an_invalid_address_is_refused_with_field_messages():
    with pytest.raises(InvalidAddress) as error:
        services.create_address(user=create_user(), **_address_fields(country_code="usa"))
    assert "country_code" in error.value.fields
    assert Address.objects.count() == 0


def test_nobody_changes_or_deletes_another_users_address():
    address = create_address(create_user())
    intruder = create_user()
    with pytest.raises(AddressNotFound):
        services.update_address(user=intruder, address_id=address.pk, city="Elsewhere")
    with pytest.raises(AddressNotFound):
        services.delete_address(user=intruder, address_id=address.pk)
    address.refresh_from_db()
    assert address.city == "Springfield"


def _address_fields(**fields):
    return {
        "first_name": "Ada",
        "last_name": "Lovelace",
        "address_line_1": "12 Analytical Row",
        "city": "Springfield",
        "postal_code": "62701",
        "country_code": "US",
        **fields,
    }
