"""Refreshing the materialized views, each refresh recorded in mv_refresh_log."""

import time

from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from apps.analytics.exceptions import UnknownView, ViewRefreshFailed
from apps.analytics.models import MaterializedView, MaterializedViewRefresh


def refresh_view(name, *, concurrently=True):
    """Refresh one materialized view and log when, how long and how many rows.

    CONCURRENTLY (the default) lets dashboards keep reading the old rows during the refresh; it
    needs the view's unique index, which every ShopFlow view has. A failed refresh is logged with
    its error and raised as ViewRefreshFailed.
    """
    if name not in MaterializedView.values:
        raise UnknownView(f"There is no materialized view called {name!r}.", fields={"name": name})
    refresh = _refresh(name, concurrently=concurrently)
    if not refresh.succeeded:
        raise ViewRefreshFailed(f"Refreshing {name} failed: {refresh.error}")
    return refresh


def refresh_all(*, concurrently=True):
    """Refresh every materialized view in turn; one failing view does not stop the others.

    Returns the log entries, failed ones included.
    """
    return [_refresh(name, concurrently=concurrently) for name in MaterializedView.values]


def _refresh(name, *, concurrently):
    """Refresh a view known to exist; return its log entry, with the error if the database refused."""
    started_at = timezone.now()
    clock = time.monotonic()
    row_count, error = None, ""
    # name is one of MaterializedView's values, so it is safe to put in the statement.
    refresh_sql = f"REFRESH MATERIALIZED VIEW {'CONCURRENTLY ' if concurrently else ''}{name}"
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(refresh_sql)
            cursor.execute(f"SELECT count(*) FROM {name}")
            row_count = cursor.fetchone()[0]
    except DatabaseError as exc:
        error = str(exc).strip()
    return MaterializedViewRefresh.objects.create(
        view_name=name,
        started_at=started_at,
        duration_ms=round((time.monotonic() - clock) * 1000),
        row_count=row_count,
        concurrently=concurrently,
        error=error,
    )


# The one lock that folding and rebuilding the category revenue rollup take: each reads the rows the
# other deletes, so they must not overlap. Transaction-level: released at commit.
ROLLUP_LOCK_SQL = "SELECT pg_advisory_xact_lock(hashtext('category_revenue_days'))"


def compact_category_revenue():
    """Fold the signed rows the triggers append to category_revenue_days into one row per day and
    category (the sums do not change, so readers see the same report before and after). Returns
    the number of rows removed."""
    return _under_rollup_lock("SELECT category_revenue_compact()")


def rebuild_category_revenue():
    """Recompute category_revenue_days from orders and their lines (after a bulk load that ran
    with the triggers off). Returns the number of rows written."""
    return _under_rollup_lock("SELECT category_revenue_rebuild()")


def _under_rollup_lock(statement):
    # Two statements: under READ COMMITTED the second one's snapshot is taken after the lock is ours.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(ROLLUP_LOCK_SQL)
        cursor.execute(statement)
        return cursor.fetchone()[0]
