from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.cart import services
from apps.cart.exceptions import CartItemNotFound
from apps.cart.pricing import calculate_price_breakdown, price_cart
from apps.cart.selectors import get_cart_contents
from apps.core.api.serializers import ErrorOutput
from apps.shipping.selectors import shipping_quotes

from . import serializers as s
from .carts import CART_TOKEN_HEADER, current_cart, with_cart_token

TOKEN_PARAMETER = OpenApiParameter(
    CART_TOKEN_HEADER,
    str,
    OpenApiParameter.HEADER,
    description="A guest's cart token (from the first cart/items/ answer). Signed in, it merges that cart into yours.",
)
CART_RESPONSE = OpenApiResponse(
    s.CartOutput,
    description="The cart. A guest's answer carries the token in the X-Cart-Token header too.",
    examples=[
        OpenApiExample(
            "Guest cart",
            value={
                "token": "q3Jb0c...",
                "lines": [
                    {
                        "id": "7d3c...",
                        "product": {"id": "0b6f...", "name": "Studio Headphones", "slug": "studio-headphones"},
                        "variant": None,
                        "quantity": 2,
                        "unit_price": "129.00",
                        "line_total": "258.00",
                        "available": 12,
                        "in_stock": True,
                        "image_url": "/static/img/headphones.jpg",
                        "warnings": [],
                    }
                ],
                "item_count": 2,
                "coupon_code": "",
                "messages": [],
                "totals": {
                    "subtotal": "258.00",
                    "discount": "0.00",
                    "shipping": "0.00",
                    "tax": "0.00",
                    "total": "258.00",
                    "currency": "USD",
                },
            },
            response_only=True,
        )
    ],
)
NO_CART = {404: ErrorOutput}


def _shopper(request):
    return request.user if request.user.is_authenticated else None


def _existing_cart(request):
    cart = current_cart(request)
    if cart is None:
        raise NotFound("There is no cart yet: add an item first.")
    return cart


def cart_response(request, cart, *, status_code=status.HTTP_200_OK):
    """The cart as the shopper sees it now: live prices, stock warnings and totals (price_cart)."""
    if cart is None:
        lines, breakdown = (), calculate_price_breakdown(lines=())
    else:
        contents = services.read_cart(cart=cart)
        lines, breakdown = contents.lines, price_cart(contents=contents, user=_shopper(request))
    body = {
        "token": cart.session_id if cart is not None and cart.user_id is None else None,
        "lines": lines,
        "item_count": sum(line.quantity for line in lines),
        "coupon_code": breakdown.coupon_code,
        "messages": breakdown.messages,
        "totals": breakdown,
    }
    return with_cart_token(Response(s.CartOutput(body).data, status=status_code), cart)


class CartAPIView(APIView):
    """Guests shop too: their cart is named by the X-Cart-Token header."""

    permission_classes = [AllowAny]


class CartView(CartAPIView):
    @extend_schema(summary="The cart", parameters=[TOKEN_PARAMETER], responses={200: CART_RESPONSE})
    def get(self, request):
        return cart_response(request, current_cart(request))


class CartItemListView(CartAPIView):
    @extend_schema(
        summary="Add to the cart",
        description="A guest without a token gets a new cart; its token comes back in the X-Cart-Token header "
        "and in `token`. Adding a product already in the cart adds to its line.",
        parameters=[TOKEN_PARAMETER],
        request=s.CartItemInput,
        responses={201: CART_RESPONSE, 400: ErrorOutput, 409: ErrorOutput},
        examples=[OpenApiExample("Add", value={"product": "0b6f2c1e-...", "quantity": 2}, request_only=True)],
    )
    def post(self, request):
        data = s.CartItemInput(data=request.data)
        data.is_valid(raise_exception=True)
        cart = current_cart(request, create=True)
        services.add_item(cart=cart, **data.validated_data)
        return cart_response(request, cart, status_code=status.HTTP_201_CREATED)


class CartItemDetailView(CartAPIView):
    @extend_schema(
        summary="Change a line's quantity",
        parameters=[TOKEN_PARAMETER],
        request=s.CartItemQuantityInput,
        responses={200: CART_RESPONSE, 400: ErrorOutput, **NO_CART, 409: ErrorOutput},
        examples=[OpenApiExample("Three", value={"quantity": 3}, request_only=True)],
    )
    def patch(self, request, item_id):
        data = s.CartItemQuantityInput(data=request.data)
        data.is_valid(raise_exception=True)
        cart = _existing_cart(request)
        try:
            services.set_item_quantity(cart=cart, item_id=item_id, **data.validated_data)
        except CartItemNotFound as missing:
            raise NotFound(missing.message) from None
        return cart_response(request, cart)

    @extend_schema(summary="Remove a line", parameters=[TOKEN_PARAMETER], responses={200: CART_RESPONSE, **NO_CART})
    def delete(self, request, item_id):
        cart = _existing_cart(request)
        try:
            services.remove_item(cart=cart, item_id=item_id)
        except CartItemNotFound as missing:
            raise NotFound(missing.message) from None
        return cart_response(request, cart)


class CartCouponView(CartAPIView):
    @extend_schema(
        summary="Apply a coupon code",
        description="A refused code answers 400 (or 409 for a used-up one) with the refusal's message and code.",
        parameters=[TOKEN_PARAMETER],
        request=s.CouponInput,
        responses={200: CART_RESPONSE, 400: ErrorOutput, **NO_CART, 409: ErrorOutput},
        examples=[OpenApiExample("Code", value={"code": "SPRING10"}, request_only=True)],
    )
    def post(self, request):
        data = s.CouponInput(data=request.data)
        data.is_valid(raise_exception=True)
        cart = _existing_cart(request)
        services.apply_coupon_to_cart(cart=cart, code=data.validated_data["code"], user=_shopper(request))
        return cart_response(request, cart)

    @extend_schema(summary="Remove the coupon", parameters=[TOKEN_PARAMETER], responses={200: CART_RESPONSE, **NO_CART})
    def delete(self, request):
        cart = _existing_cart(request)
        services.remove_coupon_from_cart(cart=cart)
        return cart_response(request, cart)


class ShippingMethodListView(CartAPIView):
    @extend_schema(
        summary="Shipping methods to an address",
        description="Every method delivering there, priced for the current cart's subtotal, cheapest first.",
        parameters=[s.ShippingQuery, TOKEN_PARAMETER],
        responses={200: s.ShippingQuoteOutput(many=True), 400: ErrorOutput},
        examples=[
            OpenApiExample(
                "Quotes",
                value={
                    "id": "3e2a...",
                    "name": "Standard",
                    "carrier": "UPS",
                    "price": "5.00",
                    "estimated_delivery": "2026-05-08",
                },
                response_only=True,
            )
        ],
    )
    def get(self, request):
        query = s.ShippingQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        cart = current_cart(request)
        subtotal = get_cart_contents(cart=cart).subtotal if cart is not None else 0
        quotes = shipping_quotes(
            country_code=query.validated_data["country"],
            state=query.validated_data["state"],
            subtotal=subtotal,
        )
        return with_cart_token(Response(s.ShippingQuoteOutput(quotes, many=True).data), cart)
