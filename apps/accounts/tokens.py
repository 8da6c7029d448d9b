"""API tokens. The access token is signed, short-lived and names its refresh session, so revoking
the session (logout, password change) ends it too; the refresh token is random and stored only
as its SHA-256 hash. django.core.signing needs no extra package (PyJWT is not a dependency)."""

import hashlib
import secrets

from django.conf import settings
from django.core import signing

ACCESS_SALT = "shopflow.accounts.api-access"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_secret() -> str:
    """A random token for a refresh session or an emailed link (256 bits, URL-safe)."""
    return secrets.token_urlsafe(32)


def make_access_token(*, user_id, session_id) -> str:
    return signing.TimestampSigner(salt=ACCESS_SALT).sign_object({"u": str(user_id), "s": str(session_id)})


def read_access_token(token: str) -> tuple[str, str] | None:
    """(user id, session id) of a genuine, unexpired access token; None otherwise."""
    try:
        payload = signing.TimestampSigner(salt=ACCESS_SALT).unsign_object(
            token, max_age=settings.API_ACCESS_TOKEN_LIFETIME
        )
    except signing.BadSignature:  # SignatureExpired is one too
        return None
    # Signed by make_access_token, so its shape is known.
    return payload["u"], payload["s"]
