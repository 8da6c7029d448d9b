from drf_spectacular.utils import OpenApiExample
from rest_framework import serializers

# The most units one stock, return or refund operation may name: far below PostgreSQL's integer
# (2**31 - 1), so an absurd number is a 400 with the field named, never a database error.
MAX_UNITS = 1_000_000
# The most lines one request may name (an order's, a return's, a purchase order's), and the longest
# free text (notes, review bodies): bounds the schema states and the server enforces.
MAX_LINES = 200
MAX_FREE_TEXT = 5000


def units_field(*, signed=False, **kwargs):
    """An integer count of units, bounded on both sides (negative too when `signed`)."""
    low = -MAX_UNITS if signed else 1
    return serializers.IntegerField(min_value=low, max_value=MAX_UNITS, **kwargs)


class ErrorDetailOutput(serializers.Serializer):
    code = serializers.CharField(help_text="For programs: invalid, not_authenticated, out_of_stock...")
    message = serializers.CharField(help_text="For people.")
    fields = serializers.DictField(help_text="Input field → its messages (400 invalid).")


class ErrorOutput(serializers.Serializer):
    """The body of every failed API request (apps/core/api/exceptions.py); use it in extend_schema."""

    error = ErrorDetailOutput()


def error_example(title, *, code, message, fields=None, status=400):
    """An OpenApiExample of a failed request in the one error format, for extend_schema(examples=...)."""
    return OpenApiExample(
        title,
        value={"error": {"code": code, "message": message, "fields": fields or {}}},
        response_only=True,
        status_codes=[str(status)],
    )
