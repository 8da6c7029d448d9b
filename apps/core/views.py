from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from apps.core.health import liveness, overall, readiness


@never_cache
@require_safe
def healthz(request):
    """Liveness: 200 while this process answers and PostgreSQL runs one query in time, however
    degraded the rest (Redis, workers, beat); 503 only when the database does not answer."""
    checks = liveness()
    up = checks["database"]["state"] == "ok"
    return JsonResponse({"status": "ok" if up else "down", "checks": checks}, status=200 if up else 503)


@never_cache
@require_safe
def healthz_ready(request):
    """Readiness: every dependency's state from heartbeats and bounded pings. 503 when the
    database is down (nothing can be served), 200 otherwise, "degraded" when anything is not ok."""
    checks = readiness()
    status = overall(checks)
    return JsonResponse({"status": status, "checks": checks}, status=503 if status == "down" else 200)
