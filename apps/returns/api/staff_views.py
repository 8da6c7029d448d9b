"""Staff steps of a return: approve or reject the request, receive the goods, refund them."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework.response import Response

from apps.core.api.serializers import error_example
from apps.core.api.staff import CONFLICT, INVALID, NOT_FOUND, STAFF_ERRORS, StaffAPIView
from apps.returns import services
from apps.returns.models import ReturnRequest

from . import staff_serializers as s

TRANSITION_ERRORS = {**INVALID, **STAFF_ERRORS, **NOT_FOUND, **CONFLICT}
ILLEGAL = error_example(
    "Illegal transition",
    code="illegal_return_transition",
    message="Return RMA-2026-000042 is rejected; it cannot become approved.",
    fields={"status": "approved"},
    status=409,
)


class StaffReturnView(StaffAPIView):
    """A step of the return named by the URL's pk; a step the return cannot take answers 409."""

    def get_return(self):
        return get_object_or_404(ReturnRequest, pk=self.kwargs["pk"])

    def answer(self, return_request):
        return Response(s.StaffReturnOutput(return_request).data)


class ApproveReturnView(StaffReturnView):
    @extend_schema(
        summary="Approve a return request",
        request=s.ApproveInput,
        responses={200: s.StaffReturnOutput, **TRANSITION_ERRORS},
        examples=[ILLEGAL],
    )
    def post(self, request, pk):
        return self.answer(
            services.approve_return(
                return_request=self.get_return(), user=request.user, **self.validated(s.ApproveInput)
            )
        )


class RejectReturnView(StaffReturnView):
    @extend_schema(
        summary="Reject a return request, saying why",
        request=s.RejectInput,
        responses={200: s.StaffReturnOutput, **TRANSITION_ERRORS},
        examples=[
            OpenApiExample("Worn", value={"reason": "The shoes have been worn outdoors."}, request_only=True),
            ILLEGAL,
        ],
    )
    def post(self, request, pk):
        changes = self.validated(s.RejectInput)
        return self.answer(services.reject_return(return_request=self.get_return(), user=request.user, **changes))


class ReceiveReturnView(StaffReturnView):
    @extend_schema(
        summary="Receive the returned goods",
        description="Items marked for restock go back into the warehouse's stock.",
        request=s.ReceiveInput,
        responses={200: s.StaffReturnOutput, **TRANSITION_ERRORS},
        examples=[ILLEGAL],
    )
    def post(self, request, pk):
        return self.answer(
            services.receive_return(
                return_request=self.get_return(), user=request.user, **self.validated(s.ReceiveInput)
            )
        )


class RefundReturnView(StaffReturnView):
    @extend_schema(
        summary="Refund the received goods",
        description="Pays the items' value (less their share of the order's discount) back on the order's "
        "captured payment.",
        request=None,
        responses={200: s.StaffReturnOutput, **TRANSITION_ERRORS},
        examples=[ILLEGAL],
    )
    def post(self, request, pk):
        return self.answer(services.refund_return(return_request=self.get_return(), user=request.user))
