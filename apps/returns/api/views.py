from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.api.serializers import ErrorOutput
from apps.returns import selectors, services
from apps.returns.models import ReturnRequest

from . import serializers as s

UNAUTHORISED = {401: ErrorOutput}


class ReturnListView(GenericAPIView):
    serializer_class = s.ReturnListOutput

    def get_queryset(self):
        return selectors.returns_for_user(self.request.user)

    @extend_schema(summary="One's returns", responses={200: s.ReturnListOutput(many=True), **UNAUTHORISED})
    def get(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(s.ReturnListOutput(page, many=True).data)

    @extend_schema(
        summary="Ask to return goods",
        description="Items of one's own order, delivered within the return window; each line at most "
        "the units not yet returned. Refusals answer 400 with the reason.",
        request=s.ReturnInput,
        responses={201: s.ReturnDetailOutput, 400: ErrorOutput, **UNAUTHORISED},
        examples=[
            OpenApiExample(
                "Return",
                value={
                    "order": "c41b...",
                    "items": [{"order_item": "8f2e...", "quantity": 1, "reason": "Too small"}],
                    "reason": "Wrong size",
                },
                request_only=True,
            )
        ],
    )
    def post(self, request):
        data = s.ReturnInput(data=request.data, context={"user": request.user})
        data.is_valid(raise_exception=True)
        values = data.validated_data
        return_request = services.request_return(
            order=values["order"],
            user=request.user,
            items=[(item["order_item"], item["quantity"], item["reason"]) for item in values["items"]],
            reason=values["reason"],
            customer_notes=values["customer_notes"],
        )
        detail = selectors.return_detail(return_request.pk, user=request.user)
        return Response(s.ReturnDetailOutput(detail).data, status=status.HTTP_201_CREATED)


class ReturnDetailView(APIView):
    @extend_schema(summary="One return", responses={200: s.ReturnDetailOutput, **UNAUTHORISED, 404: ErrorOutput})
    def get(self, request, return_id):
        try:
            return_request = selectors.return_detail(return_id, user=request.user)
        except ReturnRequest.DoesNotExist:
            raise NotFound("No such return.") from None
        return Response(s.ReturnDetailOutput(return_request).data)
