"""What no request may carry: NUL bytes, lone surrogates, bodies over the limit, JSON too deep.

PostgreSQL refuses NUL in text and UTF-8 cannot encode a lone surrogate, so either would end as a
500 deep in a view; they are refused here, before any view runs, with a 400 that changes nothing.
"""

from django.conf import settings
from django.http import HttpResponse, JsonResponse

from apps.core.errors import error_body

# Deeper JSON is refused: no request of the API nests beyond a few levels.
MAX_JSON_DEPTH = 32


def is_clean_text(value: str) -> bool:
    """False for text holding a NUL byte or a lone UTF-16 surrogate."""
    if "\x00" in value:
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def json_problem(data, depth=1) -> str | None:
    """Why parsed JSON is refused (too deep, unclean text), or None."""
    if depth > MAX_JSON_DEPTH:
        return f"JSON nested deeper than {MAX_JSON_DEPTH} levels."
    if isinstance(data, str):
        return None if is_clean_text(data) else "Text may not hold NUL bytes or lone surrogates."
    if isinstance(data, dict):
        items = [*data.keys(), *data.values()]
    elif isinstance(data, list):
        items = data
    else:
        return None
    return next((problem for item in items if (problem := json_problem(item, depth + 1))), None)


def _refusal(request, status, code, message):
    if request.path_info.startswith("/api/"):
        return JsonResponse(error_body(code=code, message=message), status=status)
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


def _form_values(request):
    if request.method != "POST" or request.content_type not in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        return []
    return [text for key, values in request.POST.lists() for text in (key, *values)]


class RefuseMalformedInputMiddleware:
    """First in MIDDLEWARE: 413 for a body over DATA_UPLOAD_MAX_MEMORY_SIZE (file uploads aside), 400
    for a NUL byte or lone surrogate in the path, the query or a form; in the API's error format
    under /api/. JSON bodies are checked by apps.core.api.parsers.StrictJSONParser."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        refusal = self._refusal(request)
        return refusal if refusal is not None else self.get_response(request)

    def _refusal(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return _refusal(request, 400, "invalid", "Invalid Content-Length.")
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None and length > limit and request.content_type != "multipart/form-data":
            return _refusal(request, 413, "too_large", f"The request body is larger than {limit} bytes.")
        texts = [request.path_info, *(text for key, values in request.GET.lists() for text in (key, *values))]
        if not all(is_clean_text(text) for text in [*texts, *_form_values(request)]):
            return _refusal(request, 400, "invalid", "The request holds a NUL byte or invalid Unicode.")
        return None
