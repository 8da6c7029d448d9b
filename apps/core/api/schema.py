"""The statuses every API operation can answer, added to the OpenAPI schema in one place
(SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"]), each with the one error body (ErrorOutput)."""

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
