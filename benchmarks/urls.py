"""The shop's URLs plus bench/ping: the cheapest Django response under the same server and
middleware, which is the ceiling every page's throughput is compared with."""

from django.http import HttpResponse
from django.urls import include, path


def ping(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/ping", ping, name="bench-ping"),
    path("", include("shopflow.urls")),
]

handler404 = "apps.core.api.views.page_not_found"
handler500 = "apps.core.api.views.server_error"
