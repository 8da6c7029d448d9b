"""PostgreSQL health metrics with the thresholds of seed 003 §10.1.

Each metric is classified OK, WARNING or CRITICAL; UNKNOWN when the server cannot tell (an
extension missing, no statistics yet, no way to see the disk), with the reason in its detail.
"""

import enum
import os
import shutil
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, connection, transaction

from apps.core.replicas import replica_lag


class State(enum.IntEnum):
    """Ordered by severity. UNKNOWN ranks with OK: a metric the server cannot measure is reported,
    but it does not by itself make the database unhealthy."""

    UNKNOWN = -1
    OK = 0
    WARNING = 1
    CRITICAL = 2


@dataclass(frozen=True)
class Threshold:
    warning: float
    critical: float
    # False for ratios that are bad when low (index hit ratio).
    higher_is_worse: bool = True

    def classify(self, value: float | None) -> State:
        """Seed 003 §10.1 reads "> 200 ms", "< 95 %": a value equal to a threshold is still below it."""
        if value is None:
            return State.UNKNOWN
        if self.higher_is_worse:
            if value > self.critical:
                return State.CRITICAL
            return State.WARNING if value > self.warning else State.OK
        if value < self.critical:
            return State.CRITICAL
        return State.WARNING if value < self.warning else State.OK

    def describe(self, level: float) -> str:
        return f"{'>' if self.higher_is_worse else '<'} {level:g}"


@dataclass(frozen=True)
class Metric:
    name: str
    label: str
    unit: str
    value: float | None
    state: State
    threshold: Threshold
    detail: str

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "label": self.label,
            "unit": self.unit,
            "value": self.value,
            "state": self.state.name.lower(),
            "warning": self.threshold.describe(self.threshold.warning),
            "critical": self.threshold.describe(self.threshold.critical),
            "detail": self.detail,
        }


THRESHOLDS = {
    "query_time_p95": Threshold(warning=200, critical=500),
    "connection_usage": Threshold(warning=70, critical=90),
    "dead_tuple_ratio": Threshold(warning=10, critical=20),
    "index_hit_ratio": Threshold(warning=95, critical=90, higher_is_worse=False),
    "disk_usage": Threshold(warning=70, critical=85),
    # Seconds; past REPLICA_MAX_LAG_SECONDS (default 5) the router stops reading from a replica.
    "replication_lag": Threshold(warning=1, critical=5),
}


def _one(cursor, sql, params=()):
    cursor.execute(sql, params)
    return cursor.fetchone()


def query_time_p95(cursor) -> tuple[float | None, str]:
    """p95 of statement execution time in ms, from pg_stat_statements, for this database.

    pg_stat_statements keeps per-statement aggregates, not individual timings, so this is the
    call-weighted 95th percentile of the statements' mean times: sort statements by mean time
    and take the first one below which 95 % of all calls fall. Counting each statement once
    instead would let one rare slow report outweigh a million fast lookups.
    """
    (view,) = _one(cursor, "SELECT to_regclass('pg_stat_statements')::text")
    if view is None:
        return None, (
            "pg_stat_statements is not installed in this database (or not on the search_path): "
            "CREATE EXTENSION pg_stat_statements, with it in shared_preload_libraries"
        )
    try:
        with transaction.atomic():
            calls, statements, p95 = _one(
                cursor,
                f"""
                WITH s AS (
                    SELECT mean_exec_time, calls,
                           sum(calls) OVER (ORDER BY mean_exec_time, queryid ROWS UNBOUNDED PRECEDING) AS running,
                           sum(calls) OVER () AS total
                      FROM {view}
                     WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND calls > 0
                )
                SELECT max(total), count(*), min(mean_exec_time) FILTER (WHERE running >= 0.95 * total) FROM s
                """,
            )
    except DatabaseError as error:
        # Installed but not preloaded: "pg_stat_statements must be loaded via shared_preload_libraries".
        return None, f"pg_stat_statements cannot be read: {str(error).strip()}"
    if not statements:
        return None, "pg_stat_statements has recorded no statement in this database yet"
    return p95, f"call-weighted p95 of mean times: {statements} statements, {calls} calls"


def connection_usage(cursor) -> tuple[float | None, str]:
    """Client connections to the whole server against the connections app roles may open."""
    used, limit = _one(
        cursor,
        "SELECT (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'), "
        "current_setting('max_connections')::int - current_setting('superuser_reserved_connections')::int",
    )
    return 100 * used / limit, f"{used} of {limit} connections"


def dead_tuple_ratio(cursor) -> tuple[float | None, str]:
    dead, total = _one(
        cursor,
        "SELECT coalesce(sum(n_dead_tup), 0), coalesce(sum(n_live_tup + n_dead_tup), 0) FROM pg_stat_user_tables",
    )
    if not total:
        return 0.0, "no tuples in user tables"
    return 100 * dead / total, f"{dead} dead of {total} tuples in user tables"


def index_hit_ratio(cursor) -> tuple[float | None, str]:
    hits, reads = _one(
        cursor, "SELECT coalesce(sum(idx_blks_hit), 0), coalesce(sum(idx_blks_read), 0) FROM pg_statio_user_indexes"
    )
    if not hits + reads:
        return None, "no index block has been accessed since the statistics were reset"
    return 100 * hits / (hits + reads), f"{hits} index blocks from the cache, {reads} from disk"


def disk_usage(cursor) -> tuple[float | None, str]:
    """Use of the filesystem holding the data directory, else the database against a budget.

    The data directory's path is visible to superusers and pg_read_all_settings members only,
    and its filesystem only when the server runs on this host. Otherwise DB_DISK_BUDGET_BYTES
    (the space set aside for this database, e.g. a managed server's storage size) is the base.
    """
    row = _one(cursor, "SELECT setting FROM pg_settings WHERE name = 'data_directory'")
    if row and os.path.isdir(row[0]):
        usage = shutil.disk_usage(row[0])
        return (
            100 * usage.used / usage.total,
            f"{usage.used // 2**20} MiB of {usage.total // 2**20} MiB used on the data directory's filesystem",
        )
    (size,) = _one(cursor, "SELECT pg_database_size(current_database())")
    budget = settings.DB_DISK_BUDGET_BYTES
    if not budget:
        return None, (
            f"database is {size // 2**20} MiB; the data directory is not visible from here, "
            "set DB_DISK_BUDGET_BYTES to compare against a budget"
        )
    return 100 * size / budget, f"database {size // 2**20} MiB of a {budget // 2**20} MiB budget"


def replication_lag(cursor) -> tuple[float | None, str] | tuple[float | None, str, State]:
    """The most any configured replica (DATABASE_REPLICA_URLS) is behind, measured on each replica.
    A replica that does not answer makes the metric critical: its reads fall back to the primary."""
    if not settings.DATABASE_REPLICAS:
        return None, "no read replica configured (DATABASE_REPLICA_URLS)"
    lags, down = {}, []
    for alias in settings.DATABASE_REPLICAS:
        try:
            lags[alias] = replica_lag(alias)
        except DatabaseError:
            down.append(alias)
    details = [f"{alias} {lag:.2f} s" for alias, lag in lags.items()] + [f"{alias} down" for alias in down]
    worst = max(lags.values(), default=None)
    if down:
        return worst, ", ".join(details), State.CRITICAL
    return worst, ", ".join(details)


COLLECTORS = [
    ("query_time_p95", "Query time (p95)", "ms", query_time_p95),
    ("connection_usage", "Connection usage", "%", connection_usage),
    ("dead_tuple_ratio", "Dead tuples ratio", "%", dead_tuple_ratio),
    ("index_hit_ratio", "Index hit ratio", "%", index_hit_ratio),
    ("disk_usage", "Disk usage", "%", disk_usage),
    ("replication_lag", "Replication lag", "s", replication_lag),
]


def database_health() -> list[Metric]:
    """Measure every metric of seed 003 §10.1 on the default database."""
    metrics = []
    with connection.cursor() as cursor:
        for name, label, unit, collect in COLLECTORS:
            value, detail, *known_state = collect(cursor)
            # Sums come back as Decimal; two decimals are plenty for a percentage or milliseconds.
            value = None if value is None else round(float(value), 2)
            threshold = THRESHOLDS[name]
            state = known_state[0] if known_state else threshold.classify(value)
            metrics.append(Metric(name, label, unit, value, state, threshold, detail))
    return metrics


def worst_state(metrics: list[Metric]) -> State:
    return max((metric.state for metric in metrics), default=State.OK)
