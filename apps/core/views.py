from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from apps.core.health import run_checks


@never_cache
@require_GET
def healthz(request):
    """200 when PostgreSQL, Redis and a Celery worker all answer; 503 naming what is down."""
    checks, healthy = run_checks()
    body = {"status": "ok" if healthy else "down", "checks": checks}
    if not healthy:
        body["down"] = [name for name, state in checks.items() if state != "ok"]
    return JsonResponse(body, status=200 if healthy else 503)
