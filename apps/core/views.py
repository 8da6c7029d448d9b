from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from apps.core.health import run_checks
from apps.core.heartbeat import last_beat


@never_cache
@require_GET
def healthz(request):
    """200 when PostgreSQL, Redis and a Celery worker all answer; 503 naming what is down.

    Beat's last heartbeat is reported beside them: a stale beat delays schedules, it does not stop
    the shop serving.
    """
    checks, healthy = run_checks()
    body = {"status": "ok" if healthy else "down", "checks": checks}
    if checks["redis"] == "ok":
        body["beat"] = last_beat()
    if not healthy:
        body["down"] = [name for name, state in checks.items() if state != "ok"]
    return JsonResponse(body, status=200 if healthy else 503)
