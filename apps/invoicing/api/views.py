"""An order's invoice and credit notes: their list and their PDFs, for its customer and staff."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from apps.core.api.serializers import ErrorOutput
from apps.invoicing.models import BillingDocument
from apps.invoicing.responses import pdf_download
from apps.invoicing.selectors import document_of_order, documents_of_order
from apps.orders.api.views import visible_order

ERRORS = {401: ErrorOutput, 404: ErrorOutput}


class DocumentOutput(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = BillingDocument
        fields = ["number", "kind", "currency", "tax", "total", "issued_at", "sha256", "download_url"]
        read_only_fields = fields

    def get_download_url(self, document) -> str:
        return reverse(
            "v1:invoicing:order-document",
            kwargs={"order_id": document.order_id, "number": document.number},
            request=self.context.get("request"),
        )


class OrderDocumentListView(APIView):
    @extend_schema(
        summary="An order's invoice and credit notes",
        description="Your own orders' (staff: any). Someone else's order answers 404.",
        responses={200: DocumentOutput(many=True), **ERRORS},
    )
    def get(self, request, order_id):
        documents = documents_of_order(visible_order(request, order_id))
        return Response(DocumentOutput(documents, many=True, context={"request": request}).data)


class OrderDocumentView(APIView):
    @extend_schema(
        summary="The PDF of an invoice or credit note",
        responses={(200, "application/pdf"): OpenApiTypes.BINARY, **ERRORS},
    )
    def get(self, request, order_id, number):
        document = document_of_order(visible_order(request, order_id), number)
        if document is None:
            raise NotFound("No such document.")
        return pdf_download(document)
