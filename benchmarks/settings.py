"""Production settings, plus the benchmark URLconf that adds the ceiling view bench/ping."""

from shopflow.settings.production import *  # noqa: F403

ROOT_URLCONF = "benchmarks.urls"
# The load runs over plain HTTP on loopback; secure-only cookies would only be dropped.
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# Request lines per URL would swamp the output; warnings still show.
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
# Pages name their static files without a collectstatic manifest (whose build currently fails on the
# vendored Chart.js source-map comment); a manifest lookup costs the same dict access either way.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
