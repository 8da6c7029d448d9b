"""Whole responses shared by every anonymous visitor, keyed on a data version (issue #17).

A request is anonymous when it carries nothing personal: no session cookie, no pending flash
messages, no Authorization header. Such a request is answered from the Redis cache when the entry
for (version, URL, Accept) exists, and with 304 when the browser already holds the current version
(its ETag is the version, so no lookup and no render are needed). Otherwise the view renders with
`request.user` set to AnonymousUser and `request.shared_render` true, so it touches no session and
templates leave per-visitor bits (the CSRF token) to the page's script; the response is stored
when it is a plain 200 that sets no cookie and does not vary on one.

Every other request (a guest with a cart, a signed-in user, anyone while Redis is away) renders as
usual and is marked private: neither this cache nor a proxy ever serves it to anyone else.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import parse_etags, parse_http_date_safe

# Long enough to serve a busy URL many times; every version change orphans the entries anyway.
ENTRY_SECONDS = 600
SHARED_CACHE_CONTROL = {"public": True, "no_cache": True}
# What a stored response keeps besides its body (the ETag is the version's, Cache-Control ours).
KEPT_HEADERS = ("Content-Type", "Last-Modified", "Content-Language")


def is_anonymous(request) -> bool:
    cookies = request.COOKIES
    personal = settings.SESSION_COOKIE_NAME in cookies or CookieStorage.cookie_name in cookies
    return not personal and "HTTP_AUTHORIZATION" not in request.META


def shared_cache(version_of):
    """Decorate a view whose anonymous GETs depend only on the URL and on `version_of()`."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            shareable = request.method in ("GET", "HEAD") and is_anonymous(request)
            # None: Redis is away, so there is no version to share entries or revalidate against.
            version = version_of() if shareable else None
            if version is None:
                response = view(request, *args, **kwargs)
                patch_cache_control(response, private=True)
                return response
            etag = f'"v{version}"'
            if etag in parse_etags(request.META.get("HTTP_IF_NONE_MATCH", "")):
                return _shared(request, HttpResponseNotModified(), etag)
            key = _entry_key(request, version)
            stored = cache.get(key)
            if stored is not None:
                content, headers = stored
                return _shared(request, HttpResponse(content, headers=headers), etag)
            request.user = AnonymousUser()
            request.shared_render = True
            response = view(request, *args, **kwargs)
            if _storable(request, response):
                if hasattr(response, "render"):
                    response.render()
                kept = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
                cache.set(key, (response.content, kept), ENTRY_SECONDS)
                return _shared(request, response, etag)
            return response

        return wrapper

    return decorator


def _entry_key(request, version):
    url = f"{request.get_full_path()}|{request.META.get('HTTP_ACCEPT', '')}"
    return f"shared:{version}:{hashlib.blake2b(url.encode(), digest_size=16).hexdigest()}"


def _storable(request, response):
    """A plain 200 that read no session and leaves no cookie (CSRF, messages) on its way out."""
    session = getattr(request, "session", None)
    messages = getattr(request, "_messages", None)
    return (
        response.status_code == 200
        and not response.cookies
        and not (session is not None and session.accessed)
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not (messages is not None and messages.added_new)
    )


def _shared(request, response, etag):
    """The shared headers, and 304 when the browser's copy is current (ETag or Last-Modified)."""
    response["ETag"] = etag
    patch_cache_control(response, **SHARED_CACHE_CONTROL)
    patch_vary_headers(response, ("Accept",))
    last_modified = parse_http_date_safe(response["Last-Modified"]) if response.has_header("Last-Modified") else None
    return get_conditional_response(request, etag=etag, last_modified=last_modified, response=response)
