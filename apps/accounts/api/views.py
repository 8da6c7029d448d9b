from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.accounts import selectors, services
from apps.core.api.serializers import ErrorOutput
from apps.core.http import client_ip
from apps.core.limits import check_attempt, fingerprint

from . import serializers as s

TOKENS_EXAMPLE = OpenApiExample(
    "Token pair", value={"access": "eyJ1Ijoi...:1uXyZ:...", "refresh": "q3Jb0c..."}, response_only=True
)
INVALID = {400: ErrorOutput}
UNAUTHORISED = {401: ErrorOutput}
THROTTLED = {429: ErrorOutput}


def _validated(serializer_class, request, **kwargs):
    serializer = serializer_class(data=request.data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _client(request):
    return {"user_agent": request.headers.get("User-Agent", ""), "ip": client_ip(request)}


def _tokens(pair):
    access, refresh = pair
    return Response(s.TokenPairOutput({"access": access, "refresh": refresh}).data)


class AnonymousAuthView(APIView):
    """Account endpoints used before signing in: open to all, throttled per client address."""

    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_scope = "auth"


class RegisterView(AnonymousAuthView):
    @extend_schema(
        summary="Open an account",
        request=s.RegisterInput,
        responses={201: s.UserOutput, **INVALID, **THROTTLED},
        examples=[
            OpenApiExample(
                "Register",
                value={"email": "ada@example.com", "password": "analytical engine 1843", "first_name": "Ada"},
                request_only=True,
            )
        ],
    )
    def post(self, request):
        fields = _validated(s.RegisterInput, request)
        check_attempt(request, "signup")
        user = services.register_user(**fields)
        return Response(s.UserOutput(user).data, status=status.HTTP_201_CREATED)


class LoginView(AnonymousAuthView):
    @extend_schema(
        summary="Sign in: a token pair",
        request=s.LoginInput,
        responses={200: s.TokenPairOutput, **INVALID, **UNAUTHORISED, **THROTTLED},
        examples=[TOKENS_EXAMPLE],
    )
    def post(self, request):
        credentials = _validated(s.LoginInput, request)
        return _tokens(services.log_in(request=request._request, **credentials, **_client(request)))


class RefreshView(AnonymousAuthView):
    @extend_schema(
        summary="Trade a refresh token for a new pair",
        description="The refresh token sent stops working. Sending it again signs the user out everywhere.",
        request=s.RefreshInput,
        responses={200: s.TokenPairOutput, **INVALID, **UNAUTHORISED, **THROTTLED},
        examples=[TOKENS_EXAMPLE],
    )
    def post(self, request):
        return _tokens(services.rotate_refresh_token(**_validated(s.RefreshInput, request)))


class LogoutView(AnonymousAuthView):
    @extend_schema(
        summary="Sign out",
        description="The refresh token and the access tokens issued with it stop working.",
        request=s.RefreshInput,
        responses={204: None, **INVALID, **THROTTLED},
    )
    def post(self, request):
        services.revoke_session(**_validated(s.RefreshInput, request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class PasswordResetView(AnonymousAuthView):
    @extend_schema(
        summary="Mail a password reset link",
        description="Answers 202 whether or not the address has an account.",
        request=s.PasswordResetInput,
        responses={202: None, **INVALID, **THROTTLED},
    )
    def post(self, request):
        email = _validated(s.PasswordResetInput, request)["email"]
        check_attempt(request, "password_reset", keys={"email": fingerprint(email)})
        services.request_password_reset(email=email)
        return Response(status=status.HTTP_202_ACCEPTED)


class PasswordResetConfirmView(AnonymousAuthView):
    @extend_schema(
        summary="Choose a new password with the mailed token",
        description="Signs the account out of every API client.",
        request=s.PasswordResetConfirmInput,
        responses={204: None, **INVALID, **THROTTLED},
    )
    def post(self, request):
        services.reset_password(**_validated(s.PasswordResetConfirmInput, request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class VerifyEmailView(AnonymousAuthView):
    @extend_schema(
        summary="Confirm the email address with the mailed token",
        request=s.TokenInput,
        responses={200: s.UserOutput, **INVALID, **THROTTLED},
    )
    def post(self, request):
        user = services.verify_email(**_validated(s.TokenInput, request))
        return Response(s.UserOutput(user).data)


class MeView(APIView):
    @extend_schema(summary="The signed-in user", responses={200: s.UserOutput, **UNAUTHORISED})
    def get(self, request):
        return Response(s.UserOutput(request.user).data)

    @extend_schema(
        summary="Change one's name",
        request=s.ProfileInput,
        responses={200: s.UserOutput, **INVALID, **UNAUTHORISED},
    )
    def patch(self, request):
        user = services.update_profile(user=request.user, **_validated(s.ProfileInput, request))
        return Response(s.UserOutput(user).data)


class ChangePasswordView(APIView):
    @extend_schema(
        summary="Change one's password",
        description="Every session of the account is revoked; the answer is a new pair for this client.",
        request=s.ChangePasswordInput,
        responses={200: s.TokenPairOutput, **INVALID, **UNAUTHORISED},
        examples=[TOKENS_EXAMPLE],
    )
    def post(self, request):
        services.change_password(user=request.user, **_validated(s.ChangePasswordInput, request))
        return _tokens(services.issue_tokens(user=request.user, **_client(request)))


class AddressListView(GenericAPIView):
    serializer_class = s.AddressOutput

    def get_queryset(self):
        return selectors.addresses_for_user(user=self.request.user)

    @extend_schema(summary="One's saved addresses", responses={200: s.AddressOutput(many=True), **UNAUTHORISED})
    def get(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(s.AddressOutput(page, many=True).data)

    @extend_schema(
        summary="Save an address",
        request=s.AddressInput,
        responses={201: s.AddressOutput, **INVALID, **UNAUTHORISED},
    )
    def post(self, request):
        address = services.create_address(user=request.user, **_validated(s.AddressInput, request))
        return Response(s.AddressOutput(address).data, status=status.HTTP_201_CREATED)


class AddressDetailView(APIView):
    @extend_schema(summary="One saved address", responses={200: s.AddressOutput, 404: ErrorOutput})
    def get(self, request, address_id):
        address = get_object_or_404(selectors.addresses_for_user(user=request.user), pk=address_id)
        return Response(s.AddressOutput(address).data)

    @extend_schema(
        summary="Change an address",
        description='`{"is_default": true}` makes it the default of its type.',
        request=s.AddressInput(partial=True),
        responses={200: s.AddressOutput, **INVALID, 404: ErrorOutput},
    )
    def patch(self, request, address_id):
        changes = _validated(s.AddressInput, request, partial=True)
        address = services.update_address(user=request.user, address_id=address_id, **changes)
        return Response(s.AddressOutput(address).data)

    @extend_schema(summary="Delete an address", responses={204: None, 404: ErrorOutput})
    def delete(self, request, address_id):
        services.delete_address(user=request.user, address_id=address_id)
        return Response(status=status.HTTP_204_NO_CONTENT)
