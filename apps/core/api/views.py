from django.http import JsonResponse
from django.views import defaults
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from .conditional import ConditionalGetMixin
from .exceptions import error_body


def _is_api(request):
    return request.path.startswith("/api/")


def page_not_found(request, exception):
    """handler404: the API's error format under /api/, Django's page elsewhere."""
    if _is_api(request):
        return JsonResponse(error_body(code="not_found", message="Not found."), status=404)
    return defaults.page_not_found(request, exception)


def bad_request(request, exception):
    """handler400: the API's error format under /api/, Django's page elsewhere."""
    if _is_api(request):
        return JsonResponse(error_body(code="bad_request", message="Bad request."), status=400)
    return defaults.bad_request(request, exception)


def permission_denied(request, exception):
    """handler403: the API's error format under /api/, Django's page elsewhere."""
    if _is_api(request):
        return JsonResponse(error_body(code="permission_denied", message="Permission denied."), status=403)
    return defaults.permission_denied(request, exception)


def server_error(request):
    """handler500: the API's error format under /api/, Django's page elsewhere."""
    if _is_api(request):
        return JsonResponse(error_body(code="server_error", message="Server error."), status=500)
    return defaults.server_error(request)


class ApiRootView(ConditionalGetMixin, APIView):
    """GET /api/v1/: the resources of this API version, name → absolute URL."""

    permission_classes = [AllowAny]
    # name → URL name; given by shopflow/urls.py through as_view(resources=...).
    resources = {}

    @extend_schema(
        summary="List the API's resources",
        responses={200: OpenApiTypes.OBJECT},
        examples=[OpenApiExample("Root", value={"me": "http://localhost:8000/api/v1/me/"}, response_only=True)],
    )
    def get(self, request):
        return Response({name: reverse(url_name, request=request) for name, url_name in self.resources.items()})
