"""Product pictures stored under MEDIA_ROOT/products/, served with cache headers.

A picture's file is rewritten only when the demo is seeded anew, so browsers and proxies may keep
it a week; Last-Modified lets them revalidate with a 304. In production a web server in front may
serve the same folder with the same headers.
"""

from pathlib import Path

from django.conf import settings
from django.views.decorators.http import require_GET
from django.views.static import serve

from apps.catalog.images import MEDIA_FOLDER

CACHE_CONTROL = "public, max-age=604800"


@require_GET
def product_image(request, name):
    response = serve(request, name, document_root=Path(settings.MEDIA_ROOT) / MEDIA_FOLDER)
    response["Cache-Control"] = CACHE_CONTROL
    return response
