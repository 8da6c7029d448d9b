"""The base of the operations (staff-only) endpoints and the error answers they document."""

from rest_framework.generics import GenericAPIView
from rest_framework.views import APIView

from .permissions import IsStaff
from .serializers import ErrorOutput

# extend_schema(responses={200: ..., **STAFF_ERRORS}): what any staff endpoint may answer besides success.
STAFF_ERRORS = {401: ErrorOutput, 403: ErrorOutput}
NOT_FOUND = {404: ErrorOutput}
INVALID = {400: ErrorOutput}
CONFLICT = {409: ErrorOutput}


class StaffAPIView(APIView):
    """Signed-in staff only: anonymous requests get 401, shoppers 403."""

    permission_classes = [IsStaff]

    def validated(self, serializer_class, data=None):
        """The request body (or `data`, e.g. query parameters) validated by `serializer_class`;
        invalid input raises, and becomes 400 with the field messages."""
        serializer = serializer_class(data=self.request.data if data is None else data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


class StaffListAPIView(StaffAPIView, GenericAPIView):
    """A paginated staff list (self.paginate_queryset / get_paginated_response).

    Set serializer_class to the output serializer: OPTIONS describes the view with it.
    """
