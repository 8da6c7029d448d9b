"""Conditional GET for API reads: ETag (and optionally Last-Modified), 304 when nothing changed."""

import hashlib

from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag


class ConditionalGetMixin:
    """Put it first in an APIView's bases. A successful GET gets an ETag computed from the
    rendered body, so it changes exactly when what the client would read changes; with
    ``If-None-Match`` (or ``If-Modified-Since``, when the view defines ``get_last_modified()``
    returning an aware datetime or None) the answer is 304 with no body.

    The view still runs its queries: this saves bandwidth and client work, not database time.
    """

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        response.render()
        etag = quote_etag(hashlib.sha256(response.content).hexdigest())
        response["ETag"] = etag
        last_modified = self.get_last_modified()
        timestamp = int(last_modified.timestamp()) if last_modified else None
        if timestamp is not None:
            response["Last-Modified"] = http_date(timestamp)
        return get_conditional_response(request, etag=etag, last_modified=timestamp, response=response)

    def get_last_modified(self):
        """When the data behind a GET last changed (aware datetime), or None to send only the ETag."""
        return
