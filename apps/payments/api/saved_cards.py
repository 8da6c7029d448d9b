"""The shopper's saved cards: /me/payment-methods/ (list, add, make default, delete). Another
shopper's card is a 404, like one that does not exist."""

from django.utils.decorators import method_decorator
from django.views.decorators.debug import sensitive_post_parameters
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.api.serializers import ErrorOutput
from apps.payments import selectors, services

from . import serializers as s

ERRORS = {401: ErrorOutput, 404: ErrorOutput}


@method_decorator(sensitive_post_parameters("card_number", "cvc"), name="dispatch")
class PaymentMethodListView(GenericAPIView):
    serializer_class = s.PaymentMethodOutput

    @extend_schema(summary="One's saved cards, the default first", responses={200: s.PaymentMethodOutput(many=True)})
    def get(self, request):
        page = self.paginate_queryset(selectors.payment_methods_for_user(request.user))
        return self.get_paginated_response(s.PaymentMethodOutput(page, many=True).data)

    @extend_schema(
        summary="Save a card",
        description="The gateway keeps the card and ShopFlow its token (encrypted), brand, last four and expiry.",
        request=s.CardInput,
        responses={201: s.PaymentMethodOutput, 400: ErrorOutput, 401: ErrorOutput},
    )
    def post(self, request):
        card = s.CardInput(data=request.data)
        card.is_valid(raise_exception=True)
        method = services.save_payment_method(user=request.user, card=card.to_card())
        return Response(s.PaymentMethodOutput(method).data, status=status.HTTP_201_CREATED)


class PaymentMethodDetailView(APIView):
    @extend_schema(summary="Forget a saved card", responses={204: None, **ERRORS})
    def delete(self, request, payment_method_id):
        services.delete_payment_method(user=request.user, payment_method_id=payment_method_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PaymentMethodDefaultView(APIView):
    @extend_schema(
        summary="Pay with this card by default", request=None, responses={200: s.PaymentMethodOutput, **ERRORS}
    )
    def post(self, request, payment_method_id):
        method = services.set_default_payment_method(user=request.user, payment_method_id=payment_method_id)
        return Response(s.PaymentMethodOutput(method).data)
