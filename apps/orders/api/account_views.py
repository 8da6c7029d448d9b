"""Account endpoints whose effect reaches orders (accounts sits below orders and cannot call it)."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from apps.accounts.api import serializers as account_serializers
from apps.accounts.api.views import INVALID, VerifyEmailView
from apps.orders.services import verify_email_and_claim_orders


class VerifyEmailClaimingOrdersView(VerifyEmailView):
    @extend_schema(
        summary="Confirm the email address with the mailed token",
        description="Guest orders placed with the address join the account.",
        request=account_serializers.TokenInput,
        responses={200: account_serializers.UserOutput, **INVALID},
    )
    def post(self, request):
        data = account_serializers.TokenInput(data=request.data)
        data.is_valid(raise_exception=True)
        user, _ = verify_email_and_claim_orders(**data.validated_data)
        return Response(account_serializers.UserOutput(user).data)
