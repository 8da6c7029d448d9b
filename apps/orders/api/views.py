from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.api.serializers import ErrorOutput
from apps.orders import selectors
from apps.orders.models import Order

from . import serializers as s

UNAUTHORISED = {401: ErrorOutput}
NOT_FOUND = {404: ErrorOutput}


def visible_order(request, order_id):
    """The order with everything its page shows, if the user may see it: their own (staff: any).

    Someone else's order answers 404, as an unknown one does, so ids reveal nothing.
    """
    try:
        order = selectors.order_detail(order_id)
    except Order.DoesNotExist:
        raise NotFound("No such order.") from None
    if order.user_id != request.user.pk and not request.user.is_staff:
        raise NotFound("No such order.")
    return order


class OrderListView(GenericAPIView):
    serializer_class = s.OrderListOutput

    def get_queryset(self):
        user = self.request.user
        # Checked for everyone (the schema's contract: a bad filter is a 400), applied for staff only.
        filters = s.StaffOrderFilterInput(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        if user.is_staff:
            return selectors.orders_for_staff(**filters.validated_data)
        return selectors.orders_for_user(user)

    @extend_schema(
        summary="Orders",
        description="One's own orders, newest first; staff see every order and may filter them.",
        parameters=[s.StaffOrderFilterInput],
        responses={200: s.OrderListOutput(many=True), **UNAUTHORISED},
        examples=[
            OpenApiExample(
                "Order",
                value={
                    "id": "c41b...",
                    "order_number": "SF-2026-000042",
                    "status": "confirmed",
                    "currency": "USD",
                    "total": "263.00",
                    "item_count": 2,
                    "placed_at": "2026-05-01T10:00:00Z",
                },
                response_only=True,
            )
        ],
    )
    def get(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(s.OrderListOutput(page, many=True).data)


class OrderDetailView(APIView):
    @extend_schema(summary="One order", responses={200: s.OrderDetailOutput, **UNAUTHORISED, **NOT_FOUND})
    def get(self, request, order_id):
        return Response(s.OrderDetailOutput(visible_order(request, order_id)).data)
