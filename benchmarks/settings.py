"""Production settings, plus the benchmark URLconf that adds the ceiling view bench/ping."""

from shopflow.settings.production import *  # noqa: F403

ROOT_URLCONF = "benchmarks.urls"
# The load runs over plain HTTP on loopback; secure-only cookies would only be dropped.
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# Request lines per URL would swamp the output; warnings still show.
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
