"""The statuses every API operation can answer, added to the OpenAPI schema in one place
(SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"]), each with the one error body (ErrorOutput); 429 for
every throttled view (AutoSchema, REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"])."""

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.plumbing import force_instance
from rest_framework.serializers import ListSerializer

from apps.core.api.serializers import ErrorOutput
from apps.core.input import MAX_JSON_DEPTH

ERROR_REF = {"$ref": "#/components/schemas/ErrorOutput"}
DESCRIPTIONS = {
    "400": "Invalid input: `fields` names it (NUL bytes and invalid Unicode anywhere in the request, "
    f"JSON nested deeper than {MAX_JSON_DEPTH} levels, included).",
    "404": "Not found: no such object, or a page number past the last page.",
    "413": "The request body is larger than the server accepts (DATA_UPLOAD_MAX_MEMORY_SIZE).",
}


def _statuses(path, operation, method):
    """400 for any operation; 404 where a path names an object or a list is paged; 413 for bodies."""
    statuses = ["400"]
    parameters = operation.get("parameters", [])
    if "{" in path or any(parameter.get("name") == "page" for parameter in parameters):
        statuses.append("404")
    if "requestBody" in operation or method in ("post", "put", "patch"):
        statuses.append("413")
    return statuses


def document_error_statuses(result, generator, request, public):
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            for status in _statuses(path, operation, method):
                responses.setdefault(
                    status,
                    {"description": DESCRIPTIONS[status], "content": {"application/json": {"schema": ERROR_REF}}},
                )
    return result


def document_empty_query_values(result, generator, request, public):
    """An optional query parameter sent empty (`?status=`) counts as not sent, as DRF and
    django-filter read query strings: the schema says so with allowEmptyValue (unless the parameter
    already says otherwise, as the pagination's do)."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []) if isinstance(operation, dict) else []:
                if parameter.get("in") == "query" and not parameter.get("required"):
                    parameter.setdefault("allowEmptyValue", True)
    return result


# A form field's limit → its JSON-schema keyword.
FORM_FIELD_LIMITS = {"max_length": "maxLength", "min_value": "minimum", "max_value": "maximum"}


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's, plus 429 on the operations of a view with a throttle scope, and the limits
    it leaves out: of nested lists (`Line(many=True, max_length=...)`) and of filter parameters."""

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if isinstance(field, ListSerializer) and schema:
            if field.max_length is not None:
                schema["maxItems"] = field.max_length
            if field.min_length is not None or not field.allow_empty:
                schema["minItems"] = field.min_length or 1
        return schema

    def _get_request_for_media_type(self, serializer, direction="request"):
        """drf-spectacular takes every PATCH body as partial (all fields optional); here a PATCH view
        validates partially only when it says so, with extend_schema(request=Input(partial=True))."""
        if self.method != "PATCH" or getattr(force_instance(serializer), "partial", True):
            return super()._get_request_for_media_type(serializer, direction)
        self.method = "PUT"  # documented as the view validates it: every required field required
        try:
            return super()._get_request_for_media_type(serializer, direction)
        finally:
            self.method = "PATCH"

    def _get_filter_parameters(self):
        """The bounds a django-filter FilterSet's form fields enforce (max_length, min/max_value)."""
        parameters = super()._get_filter_parameters()
        filterset_class = getattr(self.view, "filterset_class", None)
        if filterset_class is None:
            return parameters
        fields = filterset_class().form.fields
        for parameter in parameters:
            field = fields.get(parameter["name"])
            for attribute, keyword in FORM_FIELD_LIMITS.items():
                if getattr(field, attribute, None) is not None:
                    parameter["schema"][keyword] = getattr(field, attribute)
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if getattr(self.view, "throttle_scope", None) and "429" not in responses:
            responses["429"] = self._get_response_for_code(ErrorOutput, "429", direction=direction)
        return responses
