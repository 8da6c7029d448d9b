from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.cart.api.carts import current_cart
from apps.cart.api.views import TOKEN_PARAMETER
from apps.checkout.exceptions import CheckoutError, EmptyCart
from apps.checkout.limits import checkout_attempt
from apps.checkout.services import IDEMPOTENCY_KEY_MAX_LENGTH, place_order
from apps.core.api.serializers import ErrorOutput
from apps.orders.api.serializers import OrderDetailOutput
from apps.orders.selectors import order_detail

from . import serializers as s

# A deliverable US address for the documentation's examples (and the schema's links, shopflow.api_links).
EXAMPLE_ADDRESS = {
    "first_name": "Ada",
    "last_name": "Lovelace",
    "address_line_1": "12 Analytical Row",
    "city": "Springfield",
    "state": "IL",
    "postal_code": "62701",
    "country_code": "US",
}

IDEMPOTENCY_PARAMETER = OpenApiParameter(
    "Idempotency-Key",
    {"type": "string", "minLength": 1, "maxLength": IDEMPOTENCY_KEY_MAX_LENGTH},
    OpenApiParameter.HEADER,
    description="Any unique string per order attempt. Sending it again with the same body returns the order "
    "already placed (201, the same order) instead of placing another; with a different body, 422 "
    "`idempotency_key_reused`.",
)
# The service names its inputs as place_order does; clients know them by the request's names.
API_FIELD_NAMES = {
    "customer_email": "email",
    "shipping_method_id": "shipping_method",
    "card": "payment",
    "idempotency_key": "Idempotency-Key",
}


def _api_fields(fields):
    """CheckoutError.fields under the request's field names, each a list of messages as for 400s."""
    return {
        API_FIELD_NAMES.get(name, name): value if isinstance(value, list) else [str(value)]
        for name, value in fields.items()
    }


class CheckoutView(APIView):
    permission_classes = [AllowAny]
    throttle_scope = "checkout"

    @extend_schema(
        summary="Place the order",
        description="Turns the current cart (the user's, or the guest's named by X-Cart-Token) into a paid-for "
        "order. Nothing is written when it fails: 400 for bad input (`fields` names it), 402 for a declined "
        "card, 404 for a saved card that is not one of yours, 409 when stock ran out, 429 after too many "
        "attempts from one client, visitor or card (a declined card counts twice).",
        parameters=[IDEMPOTENCY_PARAMETER, TOKEN_PARAMETER],
        request=s.CheckoutInput,
        responses={
            201: OrderDetailOutput,
            **dict.fromkeys((400, 402, 404, 409, 413, 422, 429), ErrorOutput),
        },
        examples=[
            OpenApiExample(
                "Guest checkout",
                value={
                    "email": "ada@example.com",
                    "shipping_address": EXAMPLE_ADDRESS,
                    "shipping_method": "3e2a7c1d-...",
                    "payment": {
                        "method": "card",
                        "card_number": "4242424242424242",
                        "exp_month": 12,
                        "exp_year": 2030,
                        "cvc": "123",
                    },
                },
                request_only=True,
            )
        ],
    )
    def post(self, request):
        data = s.CheckoutInput(data=request.data, context={"user": request.user})
        data.is_valid(raise_exception=True)
        cart = current_cart(request)
        try:
            if cart is None:
                raise EmptyCart("Your cart is empty.", fields={"cart": "empty"})
            with checkout_attempt(request, data.validated_data.get("card")):
                order = place_order(
                    cart=cart,
                    user=request.user,
                    idempotency_key=request.headers.get("Idempotency-Key"),
                    **data.validated_data,
                )
        except CheckoutError as refusal:
            refusal.fields = _api_fields(refusal.fields)
            raise
        return Response(OrderDetailOutput(order_detail(order.pk)).data, status=status.HTTP_201_CREATED)
