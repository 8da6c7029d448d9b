"""Scheduled maintenance: purges of what has expired, the health history, ANALYZE of the busy
tables and the monthly bloat and index-usage report (seed 001's maintenance calendar)."""

from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection, transaction
from django.db.models import Max, Q
from django.db.models.functions import Greatest
from django.utils import timezone

from apps.accounts.models import EmailVerificationToken, PasswordReset, UserSession
from apps.cart.models import Cart
from apps.notifications.events import Event
from apps.notifications.services import notify_staff
from apps.ops.db_health import State, database_health, worst_state
from apps.ops.models import HealthCheck, MaintenanceReport

# Written on every order, cart change and stock move: their statistics drift fastest.
BUSY_TABLES = (
    "orders",
    "order_items",
    "order_status_history",
    "payments",
    "carts",
    "cart_items",
    "warehouse_stock",
    "stock_movements",
    "stock_reservations",
    "products",
    "product_variants",
    "audit_log",
)


@transaction.atomic
def purge_expired_tokens(*, now=None) -> dict[str, int]:
    """Delete refresh sessions past their expiry and one-time tokens used or expired.

    A revoked session that has not expired stays: presenting it again is how a stolen refresh token
    is detected (accounts.services.rotate_refresh_token).
    """
    now = now or timezone.now()
    spent = Q(used_at__isnull=False) | Q(expires_at__lt=now)
    return {
        "user_sessions": UserSession.objects.filter(expires_at__lt=now).delete()[1].get("accounts.UserSession", 0),
        "password_resets": PasswordReset.objects.filter(spent).delete()[1].get("accounts.PasswordReset", 0),
        "email_verification_tokens": EmailVerificationToken.objects.filter(spent)
        .delete()[1]
        .get("accounts.EmailVerificationToken", 0),
    }


@transaction.atomic
def purge_django_sessions(*, now=None) -> int:
    return Session.objects.filter(expire_date__lt=now or timezone.now()).delete()[0]


@transaction.atomic
def purge_idle_guest_carts(*, now=None) -> int:
    """Delete guest carts (and their lines) untouched for GUEST_CART_IDLE_DAYS; users' carts stay."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.GUEST_CART_IDLE_DAYS)
    idle = (
        Cart.objects.filter(user__isnull=True)
        .annotate(last_touched=Greatest("updated_at", Max("items__updated_at")))
        .filter(Q(last_touched__lt=cutoff) | Q(last_touched__isnull=True, updated_at__lt=cutoff))
    )
    return Cart.objects.filter(pk__in=idle.values("pk")).delete()[1].get("cart.Cart", 0)


@transaction.atomic
def record_database_health(*, task_id=None) -> HealthCheck:
    """Measure seed 003 §10.1's metrics and keep them; staff are alerted when the state turns critical
    (once per crossing, not every five minutes while it stays critical)."""
    if task_id and (earlier := HealthCheck.objects.filter(task_id=task_id).first()):
        return earlier
    metrics = database_health()
    state = max(worst_state(metrics), State.OK).name.lower()
    previous = HealthCheck.objects.order_by("-created_at").values_list("state", flat=True).first()
    check = HealthCheck.objects.create(state=state, metrics=[metric.as_dict() for metric in metrics], task_id=task_id)
    if state == HealthCheck.State.CRITICAL and previous != HealthCheck.State.CRITICAL:
        critical = [metric for metric in metrics if metric.state == State.CRITICAL]
        notify_staff(
            kind=Event.DB_HEALTH_CRITICAL,
            title="Database health is critical: " + ", ".join(metric.label for metric in critical),
            body="\n".join(
                f"{metric.label}: {metric.value} {metric.unit} (critical "
                f"{metric.threshold.describe(metric.threshold.critical)}) — {metric.detail}"
                for metric in critical
            ),
            data={"health_check": str(check.pk)},
        )
    return check


def analyze_busy_tables(*, task_id=None) -> MaintenanceReport:
    """ANALYZE the tables written most, so the planner's statistics follow the shop's growth."""
    if task_id and (earlier := MaintenanceReport.objects.filter(task_id=task_id).first()):
        return earlier
    timings = {}
    with connection.cursor() as cursor:
        for table in BUSY_TABLES:
            started = timezone.now()
            cursor.execute(f'ANALYZE "{table}"')
            timings[table] = round((timezone.now() - started).total_seconds(), 3)
    return MaintenanceReport.objects.create(
        kind=MaintenanceReport.Kind.ANALYZE,
        summary=f"ANALYZE of {len(timings)} busy tables in {sum(timings.values()):.1f} s",
        data={"seconds": timings},
        task_id=task_id,
    )


def report_bloat_and_index_usage(*, task_id=None) -> MaintenanceReport:
    """Dead tuples per table and scans per index, from PostgreSQL's statistics, stored for the admin."""
    if task_id and (earlier := MaintenanceReport.objects.filter(task_id=task_id).first()):
        return earlier
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT relname, n_live_tup, n_dead_tup,
                   round(100.0 * n_dead_tup / nullif(n_live_tup + n_dead_tup, 0), 1)::float,
                   pg_total_relation_size(relid), last_autovacuum::text, last_autoanalyze::text
              FROM pg_stat_user_tables
             ORDER BY n_dead_tup DESC, relname
            """
        )
        columns = ("table", "live", "dead", "dead_percent", "bytes", "last_autovacuum", "last_autoanalyze")
        tables = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
        cursor.execute(
            """
            SELECT s.relname, s.indexrelname, s.idx_scan, pg_relation_size(s.indexrelid), i.indisunique
              FROM pg_stat_user_indexes s JOIN pg_index i ON i.indexrelid = s.indexrelid
             ORDER BY s.idx_scan, pg_relation_size(s.indexrelid) DESC, s.indexrelname
            """
        )
        columns = ("table", "index", "scans", "bytes", "unique")
        indexes = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    bloated = [table for table in tables if (table["dead_percent"] or 0) > 20]
    # Unique indexes enforce a rule even when never scanned: only the others are candidates to drop.
    unused = [index for index in indexes if index["scans"] == 0 and not index["unique"]]
    return MaintenanceReport.objects.create(
        kind=MaintenanceReport.Kind.BLOAT_AND_INDEX_USAGE,
        summary=f"{len(bloated)} table(s) over 20 % dead tuples; {len(unused)} non-unique index(es) never scanned",
        data={"tables": tables, "indexes": indexes, "bloated": [t["table"] for t in bloated],
              "unused_indexes": [i["index"] for i in unused]},
        task_id=task_id,
    )  # fmt: skip
