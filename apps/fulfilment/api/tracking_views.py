"""The carriers' tracking webhook: thin over apps.fulfilment.tracking."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.api.serializers import ErrorOutput
from apps.fulfilment.tracking import receive_tracking_call
from apps.shipping.carriers import SIGNATURE_HEADER


class TrackingCallOutput(serializers.Serializer):
    received = serializers.BooleanField(help_text="False for a replay of an event already taken.")


class CarrierWebhookView(APIView):
    # Carriers authenticate by signing the body with their secret, not as users (so no CSRF either).
    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(
        summary="A carrier reports a tracking event",
        description=(
            f"Signed by the carrier: header `{SIGNATURE_HEADER}: t=<unix time>,v1=<hex HMAC-SHA256 of "
            "'<t>.<raw body>' under the carrier's webhook secret>`. Body: JSON with id, tracking_number, status "
            "(in_transit, out_for_delivery, delivered, exception), occurred_at (ISO with zone), description, "
            "location. A replayed id answers 200 with received false and changes nothing."
        ),
        parameters=[OpenApiParameter(SIGNATURE_HEADER, str, OpenApiParameter.HEADER, required=True)],
        request={"application/json": {"type": "object"}},
        responses={200: TrackingCallOutput, 400: ErrorOutput, 403: ErrorOutput, 404: ErrorOutput},
    )
    def post(self, request, code):
        event = receive_tracking_call(
            carrier_code=code, body=request.body, signature=request.headers.get(SIGNATURE_HEADER, "")
        )
        return Response({"received": event is not None}, status=status.HTTP_200_OK)
