"""Settings shared by every environment. Everything that varies comes from the environment
(or from the git-ignored .env that `make services` writes); .env.example documents each variable."""

import os
from datetime import timedelta
from decimal import Decimal
from importlib.util import find_spec
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from kombu import Queue

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-change-me")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # django.contrib.admin with ShopFlow's admin site (the dashboard is its index).
    "apps.backoffice.apps.ShopFlowAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "axes",
    "csp",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "import_export",
    "django_celery_beat",
    # ShopFlow, from the lowest layer up (see docs/architecture.md).
    "apps.core",
    "apps.audit",
    "apps.notifications",
    "apps.accounts",
    "apps.catalog",
    "apps.inventory",
    "apps.promotions",
    "apps.shipping",
    "apps.reviews",
    "apps.wishlist",
    "apps.cart",
    "apps.orders",
    "apps.payments",
    "apps.returns",
    "apps.checkout",
    "apps.invoicing",
    "apps.fulfilment",
    "apps.planning",
    "apps.analytics",
    "apps.ops",
    "apps.storefront",
    "apps.demo",
    "apps.backoffice",
]

MIDDLEWARE = [
    # Before anything reads the request: NUL bytes, lone surrogates and oversize bodies get a 4xx.
    "apps.core.input.RefuseMalformedInputMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "apps.core.middleware.ClientAddressMiddleware",
    "apps.core.middleware.ReplicaReadsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication: it records request.user as the actor of audited changes.
    "apps.audit.middleware.AuditActorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: turns a sign-in refused by django-axes into the lockout answer (apps.accounts.lockout).
    "axes.middleware.AxesMiddleware",
]

# A strict Content-Security-Policy (django-csp) on every page: scripts and styles only from this
# server's files, never inline (the storefront, the admin and Swagger UI keep theirs in static
# files); images may be data: URIs (Swagger UI's icons).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

ROOT_URLCONF = "shopflow.urls"
WSGI_APPLICATION = "shopflow.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "apps.storefront.context_processors.shop",
            ],
        },
    },
]

# PostgreSQL through psycopg 3. Connections persist across requests (CONN_MAX_AGE): opening one
# per request caps a database-backed view at a few hundred requests per second.
DATABASES = {"default": env.db("DATABASE_URL", default="postgres://shopflow:shopflow@127.0.0.1:54329/shopflow")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
# No SELECT 1 before each request's first query (issue #17): a connection found broken is closed
# at the end of the request that hit the error, so a database restart costs one failed request
# per worker process. DB_CONN_HEALTH_CHECKS=true trades that request for a round trip on each.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("DB_CONN_HEALTH_CHECKS", default=False)
# No JIT compilation: the site's queries run for milliseconds, and compiling a broad search's facet
# query cost 85 ms of its 211 (issue #17, EXPLAIN ANALYZE in benchmarks/results).
DATABASES["default"]["OPTIONS"] = {**DATABASES["default"].get("OPTIONS", {}), "options": "-c jit=off"}
DATABASES["default"]["TEST"] = {"NAME": env("TEST_DATABASE_NAME", default="") or None}
# true behind PgBouncer in transaction mode: a named cursor (QuerySet.iterator()) would outlive
# the transaction that pinned its server connection, so Django must not open one (docs/scaling.md).
DB_TRANSACTION_POOLING = env.bool("DB_TRANSACTION_POOLING", default=False)
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = DB_TRANSACTION_POOLING
# Options measured for issue #17 (benchmarks/db_options.py): psycopg's pool, shared by a process's
# threads, in place of a persistent connection per thread; and parameters bound by the server,
# with statements run DB_PREPARE_THRESHOLD times prepared (not behind PgBouncer in transaction mode).
DB_POOL_MAX_SIZE = env.int("DB_POOL_MAX_SIZE", default=0)
DB_SERVER_SIDE_BINDING = env.bool("DB_SERVER_SIDE_BINDING", default=False) and not DB_TRANSACTION_POOLING
_db_options = DATABASES["default"].setdefault("OPTIONS", {})
if DB_POOL_MAX_SIZE:
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # the pool keeps the connections
    _db_options["pool"] = {"min_size": min(2, DB_POOL_MAX_SIZE), "max_size": DB_POOL_MAX_SIZE, "timeout": 10}
if DB_SERVER_SIDE_BINDING:
    _db_options["server_side_binding"] = True
    _db_options["prepare_threshold"] = env.int("DB_PREPARE_THRESHOLD", default=5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Read replicas (streaming standbys), any number, comma-separated: aliases replica_0, replica_1...
# apps.core.routers sends a web request's reads there while they are healthy (apps/core/replicas.py).
for _index, _url in enumerate(env.list("DATABASE_REPLICA_URLS", default=[])):
    DATABASES[f"replica_{_index}"] = environ.Env.db_url_config(_url) | {
        "CONN_MAX_AGE": DATABASES["default"]["CONN_MAX_AGE"],
        "CONN_HEALTH_CHECKS": DATABASES["default"]["CONN_HEALTH_CHECKS"],
        "DISABLE_SERVER_SIDE_CURSORS": DB_TRANSACTION_POOLING,
        # A replica that is down must cost a request little: it is skipped after this.
        "OPTIONS": {"connect_timeout": env.int("REPLICA_CONNECT_TIMEOUT", default=2), "options": "-c jit=off"},
        "TEST": {"MIRROR": "default"},
    }
DATABASE_REPLICAS = [alias for alias in DATABASES if alias.startswith("replica_")]
DATABASE_ROUTERS = ["apps.core.routers.ReplicaRouter"]
REPLICA_MAX_LAG_SECONDS = env.float("REPLICA_MAX_LAG_SECONDS", default=5.0)
REPLICA_CHECK_INTERVAL_SECONDS = env.float("REPLICA_CHECK_INTERVAL_SECONDS", default=2.0)
READ_PRIMARY_AFTER_WRITE_SECONDS = env.int("READ_PRIMARY_AFTER_WRITE_SECONDS", default=5)
# How many reverse proxies (nginx, a load balancer) stand in front of gunicorn: the client's
# address is the Nth entry from the right of X-Forwarded-For. 0: the socket's peer is the client.
# apps.core.http.client_ip is the one reader; ClientAddressMiddleware puts its answer in REMOTE_ADDR.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# pgcrypto key of EncryptedTextField columns (apps/core/crypto.py). Changing it makes existing
# values unreadable. Production requires it; elsewhere a dev-only default keeps things running.
FIELD_ENCRYPTION_KEY = env("FIELD_ENCRYPTION_KEY", default="dev-only-insecure-field-encryption-key")

REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:63799/0")
# The cache is an optimisation, never a dependency: with Redis stopped or frozen every read is a
# miss and every write is dropped (django-redis's IGNORE_EXCEPTIONS), so pages fall back to the
# database. The first call waits at most CACHE_SOCKET_TIMEOUT seconds; then the circuit of that
# Redis opens (apps.core.redis_circuit, which logs it) and for REDIS_CIRCUIT_COOLDOWN seconds no
# call of this process waits at all, before one PING probes it.
CACHE_SOCKET_TIMEOUT = env.float("CACHE_SOCKET_TIMEOUT", default=0.25)
REDIS_CIRCUIT_COOLDOWN = env.float("REDIS_CIRCUIT_COOLDOWN", default=5)
CACHES = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": env("CACHE_URL", default="") or REDIS_URL,
        "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="shopflow"),
        "TIMEOUT": 300,
        "OPTIONS": {
            "SOCKET_CONNECT_TIMEOUT": CACHE_SOCKET_TIMEOUT,
            "SOCKET_TIMEOUT": CACHE_SOCKET_TIMEOUT,
            "IGNORE_EXCEPTIONS": True,
            "REDIS_CLIENT_CLASS": "apps.core.redis_circuit.GuardedRedis",
        },
    },
    # Each process's memory, for entries whose key names the data version they were made from (search
    # results, their rendered facets and cards): never stale, and read without a round trip.
    "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 1000}},
}
# The circuit logs an outage once per cool-down, not each ignored call.
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = False

AUTH_USER_MODEL = "accounts.User"
# ModelBackend signs in by email in any letter case: the user manager's natural key is case-insensitive.
# django-axes first: a locked-out account or address is refused before its password is checked.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
PASSWORD_HASHERS = [
    "apps.accounts.passwords.OwaspArgon2PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "apps.accounts.passwords.CommonPatternValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "apps.accounts.passwords.PersonalWordsValidator"},
    {"NAME": "apps.accounts.passwords.GuessabilityValidator"},
]
# zxcvbn's score a password needs (0-4): 3 is "safely unguessable" (over 10^8 guesses) by its authors.
PASSWORD_MINIMAL_STRENGTH = 3
PASSWORD_EXTRA_DICTIONARY = ["shopflow"]
LOGIN_URL = "/accounts/login/"

# Sign-in lockouts (django-axes, counted in the database): SIGNIN_FAILURE_LIMIT failures for one
# account, or from one address, lock it for SIGNIN_LOCKOUT_MINUTES; the right password does not
# lift a lockout, and each lockout is a security event (apps.accounts.lockout).
AXES_FAILURE_LIMIT = env.int("SIGNIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("SIGNIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "apps.core.http.client_ip"
AXES_USERNAME_CALLABLE = "apps.accounts.lockout.attempted_email"
AXES_LOCKOUT_CALLABLE = "apps.accounts.lockout.lockout_response"
AXES_SENSITIVE_PARAMETERS = ["password", "new_password", "old_password"]

# Limits per client address, per visitor and per the key each action names (apps.core.limits).
ACTION_RATE_LIMITS = {
    "signup": env("RATE_LIMIT_SIGNUP", default="5/h"),
    "password_reset": env("RATE_LIMIT_PASSWORD_RESET", default="5/h"),
    "verification_mail": env("RATE_LIMIT_VERIFICATION_MAIL", default="5/h"),
    # A declined card counts twice (apps.storefront.views.checkout, apps.checkout.api.views).
    "checkout": env("RATE_LIMIT_CHECKOUT", default="10/h"),
}
RATELIMIT_IP_META_KEY = "apps.core.http.client_ip"
RATELIMIT_FAIL_OPEN = True

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "media/"
MEDIA_ROOT = BASE_DIR / "media"
# Backups go through the "backups" storage: a folder here, object storage in production (set
# BACKUP_STORAGE_BACKEND, e.g. storages.backends.s3.S3Storage, and its OPTIONS via the environment).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "backups": {
        "BACKEND": env("BACKUP_STORAGE_BACKEND", default="django.core.files.storage.FileSystemStorage"),
        "OPTIONS": {"location": env("BACKUP_DIR", default="") or str(BASE_DIR / ".local" / "backups")},
    },
}

# The seller printed on invoices and credit notes (apps.invoicing).
INVOICE_SELLER = {
    "name": env("INVOICE_SELLER_NAME", default="ShopFlow Inc."),
    "address": ["1 Market Street", "San Francisco, CA 94105", "United States"],
    "tax_id": env("INVOICE_SELLER_TAX_ID", default="EIN 12-3456789"),
}

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="ShopFlow <shop@shopflow.local>")

# Celery: Redis is the broker and the result store.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="") or REDIS_URL
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default="") or REDIS_URL
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_RESULT_EXPIRES = 3600
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A web request publishing to a stopped or frozen Redis gives up within about a second and keeps
# the task in the outbox (apps.core.outbox) instead of hanging or failing the request.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_timeout": 1,
    "socket_connect_timeout": 1,
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
# Queues by kind of work, so that a long backup or report never delays an order email. A worker
# started without -Q consumes them all (make run); in production each gets workers of its own
# (deploy/README.md: `celery worker -Q checkout` on as many machines as needed).
CELERY_TASK_DEFAULT_QUEUE = "celery"
CELERY_TASK_QUEUES = [Queue(name) for name in ("celery", "checkout", "notifications", "reports", "backups")]
CELERY_TASK_ROUTES = {
    "checkout.*": {"queue": "checkout"},
    "notifications.*": {"queue": "notifications"},
    "wishlist.send_*": {"queue": "notifications"},
    "orders.send_*": {"queue": "notifications"},
    "analytics.*": {"queue": "reports"},
    "inventory.*": {"queue": "reports"},
    "planning.*": {"queue": "reports"},
    "catalog.refresh_*": {"queue": "reports"},
    "ops.report_*": {"queue": "reports"},
    "ops.analyze_*": {"queue": "reports"},
    "ops.*backup*": {"queue": "backups"},
    "ops.*restore*": {"queue": "backups"},
    "ops.*drill*": {"queue": "backups"},
}
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# No task runs longer than this (backups included); the broker hands an unacknowledged message to
# another worker only after the visibility timeout, so it must be longer, or a running task would
# be started twice.
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=4 * 3600)
CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] = env.int(
    "CELERY_VISIBILITY_TIMEOUT", default=CELERY_TASK_TIME_LIMIT + 3600
)
# How often (seconds) each worker looks for the tasks of dead workers whose visibility timeout is over.
CELERY_BROKER_TRANSPORT_OPTIONS["unacked_restore_interval"] = env.int("CELERY_UNACKED_RESTORE_INTERVAL", default=60)
CELERY_BROKER_TRANSPORT_OPTIONS["unacked_restore_throttle"] = 1
# The schedules are rows of django-celery-beat's tables (seeded by apps/ops migrations, edited in
# the admin under "Periodic tasks"); beat runs with its DatabaseScheduler, which also stamps beat's
# heartbeat (apps.core.beat).
CELERY_BEAT_SCHEDULER = "apps.core.beat:HeartbeatScheduler"
DJANGO_CELERY_BEAT_TZ_AWARE = True

# Payments: the gateway class (dotted path; the built-in test gateway needs no network) and whether
# checkout captures at once (true) or only authorises, capturing when the order ships (false).
PAYMENT_GATEWAY = env("PAYMENT_GATEWAY", default="apps.payments.gateways.TestGateway")
PAYMENT_CAPTURE_ON_CHECKOUT = env.bool("PAYMENT_CAPTURE_ON_CHECKOUT", default=False)
# Checkout transactions in flight at once across all processes (apps/checkout/door.py): about 2x the
# database's cores; the checks before them are bounded more loosely.
CHECKOUT_CONCURRENCY = env.int("CHECKOUT_CONCURRENCY", default=2 * (os.cpu_count() or 2))
CHECKOUT_CHECK_CONCURRENCY = env.int("CHECKOUT_CHECK_CONCURRENCY", default=8 * (os.cpu_count() or 2))
# Waiters at the front of a door's queue keep their database connection; the others give it back.
CHECKOUT_WAITING_CONNECTIONS = env.int("CHECKOUT_WAITING_CONNECTIONS", default=16 * (os.cpu_count() or 2))
CHECKOUT_SLOT_LEASE = 30  # seconds before the slot of a checkout that died is given to another
CHECKOUT_SLOT_WAIT = 120  # seconds of waiting for a slot after which a checkout is logged (it keeps waiting)

# Returns: how many days after delivery a customer may still ask to send goods back.
RETURN_WINDOW_DAYS = env.int("RETURN_WINDOW_DAYS", default=30)
# Guests follow an order through a signed link (apps.orders.guest_access) valid this long, and may ask
# for one at most this many times an hour per client address and per email.
GUEST_ORDER_LINK_MAX_AGE = env.int("GUEST_ORDER_LINK_MAX_AGE", default=60 * 60 * 24 * 90)
GUEST_ORDER_LOOKUPS_PER_HOUR = env.int("GUEST_ORDER_LOOKUPS_PER_HOUR", default=5)
# The largest refund a member of staff without payments.refund_above_limit may give.
SUPPORT_REFUND_LIMIT = Decimal(env("SUPPORT_REFUND_LIMIT", default="100.00"))

# The REST API (apps/core/api/ describes how an app adds endpoints). Programs sign in with bearer
# tokens; the browser's session works too, CSRF enforced.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # First, so that an anonymous request gets 401 with a WWW-Authenticate: Bearer challenge.
        "apps.accounts.api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "apps.core.api.pagination.PageNumberPagination",
    # The API speaks JSON only (415 otherwise): one body format, checked by StrictJSONParser.
    "DEFAULT_PARSER_CLASSES": ["apps.core.api.parsers.StrictJSONParser"],
    "PAGE_SIZE": 20,
    "DEFAULT_THROTTLE_CLASSES": ["apps.core.api.throttling.ClientScopedRateThrottle"],
    # Counted in the Redis cache, so every worker process shares them; open when Redis is away.
    "DEFAULT_THROTTLE_RATES": {
        "auth": env("API_THROTTLE_AUTH", default="10/min"),
        "checkout": env("API_THROTTLE_CHECKOUT", default="20/min"),
    },
    "EXCEPTION_HANDLER": "apps.core.api.exceptions.exception_handler",
    # Throttles count by client_ip (ClientScopedRateThrottle); DRF's default (None) would count by
    # the whole X-Forwarded-For, which a client can forge.
    "NUM_PROXIES": 0,
    "DEFAULT_SCHEMA_CLASS": "apps.core.api.schema.AutoSchema",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
API_ACCESS_TOKEN_LIFETIME = timedelta(seconds=env.int("API_ACCESS_TOKEN_LIFETIME", default=15 * 60))
API_REFRESH_TOKEN_LIFETIME = timedelta(seconds=env.int("API_REFRESH_TOKEN_LIFETIME", default=30 * 24 * 3600))
# Links in account emails (verification, password reset) start with this (development: see dev.py).
SITE_URL = env("SITE_URL", default="") or "http://localhost:8000"

SPECTACULAR_SETTINGS = {
    "TITLE": "ShopFlow API",
    "DESCRIPTION": "The REST API of the ShopFlow shop. Errors always read "
    '`{"error": {"code": ..., "message": ..., "fields": {...}}}`.',
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Every operation's 400/404/413 in the one error format and empty optional query values
    # (apps/core/api/schema.py); the links between operations (shopflow/api_links.py).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "apps.core.api.schema.document_error_statuses",
        "apps.core.api.schema.document_empty_query_values",
        "shopflow.api_links.add_links",
    ],
    # Several models have a `status`: each choice set gets its own name in the schema.
    "ENUM_NAME_OVERRIDES": {
        "OrderStatusEnum": "apps.orders.models.OrderStatus",
        "ShipmentStatusEnum": "apps.orders.models.OrderShipment.Status",
        "PaymentStatusEnum": "apps.payments.models.PaymentStatus",
        "RefundStatusEnum": "apps.payments.models.Refund.Status",
        "ReturnStatusEnum": "apps.returns.models.ReturnStatus",
        "StockStatusEnum": "apps.analytics.models.StockStatus",
        "MaterializedViewEnum": "apps.analytics.models.MaterializedView",
    },
}
# Swagger UI's assets come from this server, never a CDN: pages must work offline.
if find_spec("drf_spectacular_sidecar"):
    INSTALLED_APPS.append("drf_spectacular_sidecar")
    SPECTACULAR_SETTINGS |= {"SWAGGER_UI_DIST": "SIDECAR", "SWAGGER_UI_FAVICON_HREF": "SIDECAR"}
else:
    SPECTACULAR_SETTINGS |= {
        "SWAGGER_UI_DIST": f"/{STATIC_URL}swagger-ui",
        "SWAGGER_UI_FAVICON_HREF": f"/{STATIC_URL}swagger-ui/favicon-32x32.png",
    }

# `manage.py db_health` measures disk usage on the data directory's filesystem when it can see it
# (same host, pg_read_all_settings); otherwise the database's size against this many bytes
# (0: disk usage reported as unknown).
DB_DISK_BUDGET_BYTES = env.int("DB_DISK_BUDGET_BYTES", default=0)

# Backups and recovery (seed 003 §7; docs/operations.md). Retention in days per kind of backup;
# the restore drill fails when restoring takes longer than the RTO.
BACKUP_RETENTION_DAYS = {
    "full": env.int("BACKUP_RETENTION_FULL_DAYS", default=30),
    "archive": env.int("BACKUP_RETENTION_ARCHIVE_DAYS", default=365),
    "base": env.int("BACKUP_RETENTION_BASE_DAYS", default=7),
}
BACKUP_RTO_SECONDS = env.int("BACKUP_RTO_SECONDS", default=4 * 3600)
# Where the cluster archives its WAL (scripts/services.sh) and where dumps are staged before they
# go to the storage. PG_BIN_DIR: the PostgreSQL client programs (empty: found like services.sh does).
WAL_ARCHIVE_DIR = env("WAL_ARCHIVE_DIR", default="") or str(BASE_DIR / ".local" / "wal-archive")
BACKUP_WORK_DIR = env("BACKUP_WORK_DIR", default="") or str(BASE_DIR / ".local" / "backup-work")
PG_BIN_DIR = env("PG_BIN_DIR", default="")
# Guest carts untouched for this many days are removed by the nightly purge.
GUEST_CART_IDLE_DAYS = env.int("GUEST_CART_IDLE_DAYS", default=30)
# Beat and each queue's worker stamp a heartbeat at least every minute (apps.core.heartbeat);
# /healthz/ready calls one older than this stale.
HEARTBEAT_STALE_SECONDS = env.int("HEARTBEAT_STALE_SECONDS", default=180)
# Lead time assumed for items with no supplier link (planning's reorder points).
PLANNING_DEFAULT_LEAD_TIME_DAYS = env.int("PLANNING_DEFAULT_LEAD_TIME_DAYS", default=14)

# How long /healthz and /healthz/ready wait on PostgreSQL (statement timeout) and on a Redis
# (socket timeouts) before calling it down.
HEALTH_CHECK_TIMEOUT = env.float("HEALTH_CHECK_TIMEOUT", default=0.25)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
    },
}

# The staff account `make run` creates and prints (development only).
DEMO_ADMIN_EMAIL = env("DEMO_ADMIN_EMAIL", default="admin@shopflow.local")
DEMO_ADMIN_PASSWORD = env("DEMO_ADMIN_PASSWORD", default="shopflow-admin")
