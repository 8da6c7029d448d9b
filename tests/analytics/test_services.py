"""Refreshing the views: recorded in mv_refresh_log, and readers are never blocked by a concurrent refresh."""

import json
import threading

import pytest
from django.db import connection, transaction

from apps.analytics.exceptions import UnknownView, ViewRefreshFailed
from apps.analytics.models import MaterializedView, MaterializedViewRefresh
from apps.analytics.services import refresh_all, refresh_view
from apps.analytics.tasks import refresh_all_materialized_views, refresh_materialized_view


@pytest.mark.django_db
def test_a_refresh_is_logged_with_its_row_count_and_mode(shop):
    refresh = refresh_view("mv_daily_sales", concurrently=False)

    logged = MaterializedViewRefresh.objects.get()
    assert logged == refresh
    assert (logged.view_name, logged.row_count, logged.concurrently, logged.error) == ("mv_daily_sales", 2, False, "")
    assert logged.duration_ms >= 0


@pytest.mark.django_db
def test_refreshing_all_views_logs_one_refresh_each(shop):
    refreshes = refresh_all()

    assert {refresh.view_name: refresh.row_count for refresh in refreshes} == {
        "mv_customer_analytics": 3,
        "mv_product_performance": 3,
        "mv_daily_sales": 2,
        "mv_category_performance": 2,
        "mv_customer_segments": 2,
        "mv_monthly_revenue": 2,
        "mv_inventory_status": 4,
    }
    assert MaterializedViewRefresh.objects.filter(concurrently=True, error="").count() == 7


@pytest.mark.django_db
def test_an_unknown_view_is_refused_and_nothing_is_logged():
    with pytest.raises(UnknownView):
        refresh_view("users")

    assert not MaterializedViewRefresh.objects.exists()


@pytest.mark.django_db
def test_the_tasks_refresh_and_report_row_counts(shop):
    assert refresh_materialized_view.delay("mv_inventory_status").get() == 4
    assert refresh_all_materialized_views.delay().get()["mv_product_performance"] == 3


@pytest.mark.django_db
def test_critical_views_refresh_hourly_and_all_views_nightly_at_two(periodic_tasks):
    hourly = {
        json.loads(task.kwargs)["name"]
        for task in periodic_tasks.values()
        if task.task == "analytics.refresh_materialized_view" and (task.crontab.minute, task.crontab.hour) == ("0", "*")
    }
    nightly = periodic_tasks["Refresh all materialized views nightly"]

    assert hourly == {"mv_daily_sales", "mv_inventory_status", "mv_product_performance"}
    assert nightly.task == "analytics.refresh_all_materialized_views"
    assert (nightly.crontab.hour, nightly.crontab.minute) == ("2", "0")


class Reader(threading.Thread):
    """Another connection that holds a read transaction on a view open until told to finish."""

    def __init__(self, view):
        super().__init__()
        self.view = view
        self.reading = threading.Event()
        self.finish = threading.Event()

    def run(self):
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(f"SELECT count(*) FROM {self.view}")
                self.reading.set()
                self.finish.wait(timeout=30)
        finally:
            self.reading.set()
            connection.close()


@pytest.fixture
def reader():
    readers = []

    def start(view):
        readers.append(Reader(view))
        readers[-1].start()
        readers[-1].reading.wait(timeout=10)

    yield start
    for thread in readers:
        thread.finish.set()
        thread.join()


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("view", MaterializedView.values)
def test_a_concurrent_refresh_succeeds_while_another_connection_reads_the_view(reader, view):
    reader(view)
    with connection.cursor() as cursor:
        cursor.execute("SET lock_timeout = '2s'")

    refresh = refresh_view(view)

    assert (refresh.concurrently, refresh.error, refresh.row_count) == (True, "", 0)


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_a_plain_refresh_waits_for_readers_and_a_timeout_is_logged_as_a_failure(reader):
    reader("mv_daily_sales")
    with connection.cursor() as cursor:
        cursor.execute("SET lock_timeout = '200ms'")

    with pytest.raises(ViewRefreshFailed):
        refresh_view("mv_daily_sales", concurrently=False)

    logged = MaterializedViewRefresh.objects.get()
    assert (logged.view_name, logged.concurrently, logged.row_count) == ("mv_daily_sales", False, None)
    assert "lock timeout" in logged.error
    with connection.cursor() as cursor:
        cursor.execute("RESET lock_timeout")
