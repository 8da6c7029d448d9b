from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from apps.accounts.selectors import session_for_access_token


class BearerTokenAuthentication(authentication.BaseAuthentication):
    """``Authorization: Bearer <access>`` with an access token from auth/login or auth/refresh.

    request.auth is the UserSession: the token stops working as soon as that session is revoked.
    """

    keyword = "Bearer"

    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed("Send one access token: Authorization: Bearer <access>.")
        session = session_for_access_token(token=parts[1].decode(errors="replace"))
        if session is None:
            raise exceptions.AuthenticationFailed("The access token is invalid, expired or revoked.")
        return session.user, session

    def authenticate_header(self, request):
        return f'{self.keyword} realm="api"'


class BearerTokenScheme(OpenApiAuthenticationExtension):
    """Describes the bearer token in the OpenAPI schema."""

    target_class = BearerTokenAuthentication
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "An access token from auth/login."}
