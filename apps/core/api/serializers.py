from rest_framework import serializers


class ErrorDetailOutput(serializers.Serializer):
    code = serializers.CharField(help_text="For programs: invalid, not_authenticated, out_of_stock...")
    message = serializers.CharField(help_text="For people.")
    fields = serializers.DictField(help_text="Input field → its messages (400 invalid).")


class ErrorOutput(serializers.Serializer):
    """The body of every failed API request (apps/core/api/exceptions.py); use it in extend_schema."""

    error = ErrorDetailOutput()
