import re

import pytest
from django.core import mail

from apps.accounts import services
from apps.accounts.models import Address, User
from tests.factories import create_address, create_user

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery"
V1 = "/api/v1"


def _sign_in(api, user):
    access, refresh = services.issue_tokens(user=user)
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    return refresh


def test_register_returns_the_new_account(api, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(f"{V1}/auth/register/", {"email": "ada@example.com", "password": PASSWORD})
    assert response.status_code == 201
    assert response.json()["email"] == "ada@example.com"
    assert response.json()["email_verified"] is False
    assert len(mail.outbox) == 1


def test_register_with_bad_input_answers_400_with_field_messages(api):
    response = api.post(f"{V1}/auth/register/", {"email": "not-an-email", "password": ""})
    assert response.status_code == 400
    error = response.json()["error"]
    assert (error["code"], error["message"]) == ("invalid", "Some fields are invalid.")
    assert error["fields"] == {"email": ["Enter a valid email address."], "password": ["This field may not be blank."]}


def test_register_with_a_taken_address_answers_400(api):
    create_user(email="ada@example.com")
    response = api.post(f"{V1}/auth/register/", {"email": "Ada@example.com", "password": PASSWORD})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "email_taken"
    assert response.json()["error"]["fields"] == {"email": ["An account with this email address already exists."]}


def test_login_returns_a_token_pair_that_opens_me(api):
    create_user(email="ada@example.com", password=PASSWORD, first_name="Ada")
    response = api.post(f"{V1}/auth/login/", {"email": "ada@example.com", "password": PASSWORD})
    assert response.status_code == 200
    assert set(response.json()) == {"access", "refresh"}
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {response.json()['access']}")
    assert api.get(f"{V1}/me/").json()["first_name"] == "Ada"


def test_login_with_a_wrong_password_answers_401(api):
    create_user(email="ada@example.com", password=PASSWORD)
    response = api.post(f"{V1}/auth/login/", {"email": "ada@example.com", "password": "nope"})
    assert response.status_code == 401
    assert response.json()["error"] == {
        "code": "invalid_credentials",
        "message": "Wrong email address or password.",
        "fields": {},
    }


def test_the_eleventh_account_request_in_a_minute_is_throttled(api):
    """Sign-ins lock out sooner (tests/accounts/test_lockout.py); the auth scope's rate covers the rest."""
    for n in range(10):
        spoof = {"X-Forwarded-For": f"203.0.113.{n}"}  # ignored: no trusted proxy
        assert api.post(f"{V1}/auth/refresh/", {"refresh": "stolen"}, headers=spoof).status_code == 401
    response = api.post(f"{V1}/auth/refresh/", {"refresh": "stolen"}, headers={"X-Forwarded-For": "198.51.100.1"})
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "throttled"
    assert response.json()["error"]["message"].startswith("Request was throttled.")
    assert 0 < int(response["Retry-After"]) <= 60


def test_refresh_rotates_the_pair_and_the_old_refresh_token_is_refused(api):
    refresh = services.issue_tokens(user=create_user())[1]
    response = api.post(f"{V1}/auth/refresh/", {"refresh": refresh})
    assert response.status_code == 200
    assert response.json()["refresh"] != refresh
    again = api.post(f"{V1}/auth/refresh/", {"refresh": refresh})
    assert again.status_code == 401
    assert again.json()["error"]["code"] == "invalid_refresh_token"


def test_after_logout_the_access_token_is_refused(api):
    refresh = _sign_in(api, create_user())
    assert api.post(f"{V1}/auth/logout/", {"refresh": refresh}).status_code == 204
    response = api.get(f"{V1}/me/")
    assert response.status_code == 401
    assert response.json()["error"] == {
        "code": "authentication_failed",
        "message": "The access token is invalid, expired or revoked.",
        "fields": {},
    }


def test_password_reset_answers_202_for_any_address_and_the_token_sets_a_new_password(
    api, django_capture_on_commit_callbacks
):
    user = create_user(email="ada@example.com")
    assert api.post(f"{V1}/auth/password-reset/", {"email": "nobody@example.com"}).status_code == 202
    with django_capture_on_commit_callbacks(execute=True):
        assert api.post(f"{V1}/auth/password-reset/", {"email": "ada@example.com"}).status_code == 202
    token = re.search(r"/accounts/password-reset/([^/]+)/", mail.outbox[-1].body).group(1)

    weak = api.post(f"{V1}/auth/password-reset/confirm/", {"token": token, "new_password": "123"})
    assert weak.status_code == 400
    assert (
        "This password is too short. It must contain at least 8 characters."
        in weak.json()["error"]["fields"]["new_password"]
    )
    ok = api.post(f"{V1}/auth/password-reset/confirm/", {"token": token, "new_password": "a brand new secret"})
    assert ok.status_code == 204
    user.refresh_from_db()
    assert user.check_password("a brand new secret")


def test_verify_email_with_an_unknown_token_answers_400(api):
    response = api.post(f"{V1}/auth/verify-email/", {"token": "forged"})
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"token": ["Invalid or expired."]}


def test_me_needs_a_signed_in_user(api):
    response = api.get(f"{V1}/me/")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_patch_me_changes_the_name(api):
    user = create_user(first_name="Ada")
    _sign_in(api, user)
    response = api.patch(f"{V1}/me/", {"last_name": "Lovelace"})
    assert (response.status_code, response.json()["first_name"], response.json()["last_name"]) == (
        200,
        "Ada",
        "Lovelace",
    )
    assert User.objects.get(pk=user.pk).last_name == "Lovelace"


def test_changing_the_password_revokes_other_sessions_and_returns_a_new_pair(api):
    user = create_user(password=PASSWORD)
    old_refresh = _sign_in(api, user)
    wrong = api.post(f"{V1}/me/password/", {"old_password": "nope", "new_password": "a brand new secret"})
    assert wrong.status_code == 400
    assert wrong.json()["error"]["fields"] == {"old_password": ["Wrong password."]}

    response = api.post(f"{V1}/me/password/", {"old_password": PASSWORD, "new_password": "a brand new secret"})
    assert response.status_code == 200
    assert api.get(f"{V1}/me/").status_code == 401
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {response.json()['access']}")
    assert api.get(f"{V1}/me/").status_code == 200
    assert api.post(f"{V1}/auth/refresh/", {"refresh": old_refresh}).status_code == 401


def test_addresses_can_be_created_listed_changed_and_deleted(api):
    user = create_user()
    _sign_in(api, user)
    created = api.post(
        f"{V1}/me/addresses/",
        {
            "first_name": "Ada",
            "last_name": "Lovelace",
            "address_line_1": "12 Analytical Row",
            "city": "London",
            "postal_code": "N1 9GU",
            "country_code": "gb",
            "is_default": True,
        },
    )
    assert created.status_code == 201
    assert (created.json()["country_code"], created.json()["is_default"]) == ("GB", True)
    address_url = f"{V1}/me/addresses/{created.json()['id']}/"

    listing = api.get(f"{V1}/me/addresses/").json()
    assert (listing["count"], listing["results"][0]["city"]) == (1, "London")
    assert api.patch(address_url, {"city": "Cambridge"}).json()["city"] == "Cambridge"
    assert api.get(address_url).json()["city"] == "Cambridge"
    assert api.delete(address_url).status_code == 204
    assert not Address.objects.filter(user=user).exists()


def test_an_address_with_missing_fields_answers_400(api):
    _sign_in(api, create_user())
    response = api.post(f"{V1}/me/addresses/", {"first_name": "Ada", "country_code": "USA"})
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert fields["city"] == ["This field is required."]
    assert fields["country_code"] == [
        "Ensure this field has no more than 2 characters.",
        "Use a two-letter ISO country code.",
    ]


def test_another_users_address_is_not_found(api):
    address = create_address(create_user())
    _sign_in(api, create_user())
    url = f"{V1}/me/addresses/{address.pk}/"
    for response in (api.get(url), api.patch(url, {"city": "Elsewhere"}), api.delete(url)):
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"
    assert Address.objects.get(pk=address.pk).city == "Springfield"


def test_address_pages_hold_at_most_100_whatever_the_client_asks(api):
    user = create_user()
    template = create_address(user)
    Address.objects.bulk_create(
        Address(
            user=user,
            **{
                f: getattr(template, f)
                for f in ("first_name", "last_name", "address_line_1", "city", "postal_code", "country_code")
            },
        )
        for _ in range(120)
    )
    _sign_in(api, user)
    default_page = api.get(f"{V1}/me/addresses/").json()
    capped_page = api.get(f"{V1}/me/addresses/?page_size=1000").json()
    assert (default_page["count"], len(default_page["results"])) == (121, 20)
    assert len(capped_page["results"]) == 100
    assert capped_page["next"].endswith("page=2&page_size=1000")
