"""One error format for every API failure: ``{"error": {"code", "message", "fields"}}``."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from apps.core.errors import error_body
from apps.core.exceptions import DomainError

INVALID_MESSAGE = "Some fields are invalid."


def exception_handler(exc, context):
    """REST_FRAMEWORK["EXCEPTION_HANDLER"]: domain errors and DRF's exceptions in the one format.

    DRF's own handler builds the response for its exceptions, so 401's WWW-Authenticate, 405's
    Allow and 429's Retry-After headers stay. Anything else is a bug: None lets it become a 500
    (JSON too, see apps.core.api.views.server_error).
    """
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    if isinstance(exc, DomainError):
        return Response(error_body(code=exc.code, message=exc.message, fields=exc.fields), status=exc.http_status)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        fields = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        non_field = fields.get("non_field_errors")
        message = str(non_field[0]) if non_field else INVALID_MESSAGE
        response.data = error_body(code="invalid", message=message, fields=fields)
        response.status_code = status.HTTP_400_BAD_REQUEST
    else:
        codes = exc.get_codes()
        response.data = error_body(code=codes if isinstance(codes, str) else exc.default_code, message=str(exc.detail))
    return response
