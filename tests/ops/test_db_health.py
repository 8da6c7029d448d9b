import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from apps.ops.db_health import THRESHOLDS, State, Threshold, database_health, worst_state

METRIC_LABELS = [
    "Query time (p95)",
    "Connection usage",
    "Dead tuples ratio",
    "Index hit ratio",
    "Disk usage",
    "Replication lag",
]


@pytest.mark.parametrize(
    ("name", "value", "state"),
    [
        ("query_time_p95", 200, State.OK),
        ("query_time_p95", 200.01, State.WARNING),
        ("query_time_p95", 500, State.WARNING),
        ("query_time_p95", 500.01, State.CRITICAL),
        ("connection_usage", 70, State.OK),
        ("connection_usage", 70.5, State.WARNING),
        ("connection_usage", 90.5, State.CRITICAL),
        ("dead_tuple_ratio", 10, State.OK),
        ("dead_tuple_ratio", 15, State.WARNING),
        ("dead_tuple_ratio", 20.1, State.CRITICAL),
        ("index_hit_ratio", 99.9, State.OK),
        ("index_hit_ratio", 95, State.OK),
        ("index_hit_ratio", 94.99, State.WARNING),
        ("index_hit_ratio", 90, State.WARNING),
        ("index_hit_ratio", 89.99, State.CRITICAL),
        ("replication_lag", 1, State.OK),
        ("replication_lag", 1.5, State.WARNING),
        ("replication_lag", 5.01, State.CRITICAL),
        ("disk_usage", 70, State.OK),
        ("disk_usage", 84.9, State.WARNING),
        ("disk_usage", 85.1, State.CRITICAL),
        ("disk_usage", None, State.UNKNOWN),
    ],
)
def test_thresholds_of_seed_003(name, value, state):
    """A value equal to a threshold does not cross it: the seed says "> 200 ms", "< 95 %"."""
    assert THRESHOLDS[name].classify(value) == state


def test_unknown_does_not_outrank_ok():
    ok = Threshold(1, 2)

    assert max(State.UNKNOWN, State.OK) == State.OK
    assert ok.describe(1) == "> 1" and Threshold(2, 1, higher_is_worse=False).describe(2) == "< 2"


def run(*args):
    """(exit code, stdout) of manage.py db_health."""
    out = StringIO()
    try:
        call_command("db_health", *args, stdout=out)
    except SystemExit as exit_:
        return exit_.code, out.getvalue()
    return 0, out.getvalue()


@pytest.mark.django_db
def test_the_command_prints_every_metric_and_exits_with_the_worst_state(settings):
    settings.DB_DISK_BUDGET_BYTES = 10 * 2**40  # far more than a test database uses

    code, out = run()

    lines = out.splitlines()
    assert lines[0].split() == ["Metric", "Value", "Warning", "Critical", "State", "Detail"]
    assert [line[: len(label)] for line, label in zip(lines[1:], METRIC_LABELS, strict=True)] == METRIC_LABELS
    assert code == int(max(worst_state(database_health()), State.OK))


@pytest.mark.django_db
def test_json_output_parses_and_a_full_disk_is_critical(settings):
    settings.DB_DISK_BUDGET_BYTES = 1024  # any database is bigger than this

    code, out = run("--json")

    body = json.loads(out)
    assert code == 2 and body["state"] == "critical"
    assert [metric["label"] for metric in body["metrics"]] == METRIC_LABELS
    disk = body["metrics"][4]
    assert disk["state"] == "critical" and disk["value"] > 100
    assert (disk["warning"], disk["critical"]) == ("> 70", "> 85")
    connections = body["metrics"][1]
    assert connections["state"] == "ok" and 0 < connections["value"] < 70
    lag = body["metrics"][5]
    assert (lag["state"], lag["value"]) == ("unknown", None)
    assert lag["detail"] == "no read replica configured (DATABASE_REPLICA_URLS)"


@pytest.mark.django_db
def test_without_a_budget_or_a_visible_data_directory_disk_usage_is_unknown(settings):
    settings.DB_DISK_BUDGET_BYTES = 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_settings WHERE name = 'data_directory'")
        if cursor.fetchone()[0]:
            pytest.skip("this role can see the data directory")

    disk = database_health()[4]

    assert disk.state == State.UNKNOWN and "DB_DISK_BUDGET_BYTES" in disk.detail


@pytest.mark.django_db
def test_a_missing_pg_stat_statements_makes_query_time_unknown_not_an_error():
    with transaction.atomic(), connection.cursor() as cursor:
        # Hides the extension's view, as on a server where it was never created.
        cursor.execute("SET LOCAL search_path = pg_catalog")
        metrics = {metric.name: metric for metric in database_health()}

    assert metrics["query_time_p95"].state == State.UNKNOWN
    assert metrics["query_time_p95"].detail.startswith("pg_stat_statements is not installed")
    assert metrics["connection_usage"].state == State.OK


@pytest.mark.django_db
def test_query_time_comes_from_pg_stat_statements_when_present():
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('pg_stat_statements')")
        if cursor.fetchone()[0] is None:
            pytest.skip("pg_stat_statements is not installed")

    metric = database_health()[0]

    assert metric.state in (State.OK, State.WARNING, State.CRITICAL)
    assert metric.value >= 0 and "statements" in metric.detail
