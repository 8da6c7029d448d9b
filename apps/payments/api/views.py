"""Staff reads of money: a payment's refunds. Money moves through the order operations
(apps.fulfilment.api: ship captures, cancel voids or refunds, refund)."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema

from apps.core.api.staff import NOT_FOUND, STAFF_ERRORS, StaffListAPIView
from apps.payments import selectors
from apps.payments.models import Payment

from . import serializers as s


class PaymentMixin:
    """An operation on the payment named by the URL's pk (404 if there is none)."""

    def get_payment(self):
        return get_object_or_404(Payment.objects.select_related("order"), pk=self.kwargs["pk"])


class RefundListView(PaymentMixin, StaffListAPIView):
    serializer_class = s.RefundOutput

    @extend_schema(
        summary="A payment's refunds", responses={200: s.RefundOutput(many=True), **STAFF_ERRORS, **NOT_FOUND}
    )
    def get(self, request, pk):
        page = self.paginate_queryset(selectors.refunds_for_payment(self.get_payment()))
        return self.get_paginated_response(s.RefundOutput(page, many=True).data)
