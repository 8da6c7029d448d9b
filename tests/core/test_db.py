"""retry_on_conflict re-runs a transaction that PostgreSQL aborted to break a deadlock."""

import threading
from collections import Counter

import psycopg.errors
import pytest
from django.db import OperationalError, connection
from django.db.models import F, Value
from django.db.models.functions import Concat

from apps.core.db import retry_on_conflict
from apps.inventory.models import Warehouse
from tests.factories import create_warehouse


def run_crossed_lockers(attempts):
    """Two threads lock the same two rows in opposite orders: PostgreSQL aborts one of them.

    Returns (calls per thread, errors per thread, the two rows' final names).
    """
    first, second = create_warehouse(name=""), create_warehouse(name="")
    barrier = threading.Barrier(2)
    calls, errors = Counter(), {}

    @retry_on_conflict(attempts=attempts, backoff=0.01)
    def lock_both(name, rows):
        calls[name] += 1
        Warehouse.objects.select_for_update().get(pk=rows[0].pk)
        if calls[name] == 1:
            barrier.wait(timeout=10)
        Warehouse.objects.select_for_update().get(pk=rows[1].pk)
        Warehouse.objects.filter(pk__in=[row.pk for row in rows]).update(name=Concat(F("name"), Value(name)))

    def worker(name, rows):
        try:
            lock_both(name, rows)
        except OperationalError as error:
            errors[name] = error
        finally:
            connection.close()

    threads = [
        threading.Thread(target=worker, args=("a", (first, second))),
        threading.Thread(target=worker, args=("b", (second, first))),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    names = sorted(Warehouse.objects.filter(pk__in=[first.pk, second.pk]).values_list("name", flat=True))
    return calls, errors, names


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_the_loser_of_a_deadlock_runs_again_and_both_transactions_succeed():
    calls, errors, names = run_crossed_lockers(attempts=3)

    assert errors == {}
    assert sorted(calls.values()) == [1, 2]
    assert {frozenset(name) for name in names} == {frozenset("ab")}


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_when_attempts_run_out_the_deadlock_error_reaches_the_caller():
    calls, errors, names = run_crossed_lockers(attempts=1)

    assert list(calls.values()) == [1, 1]
    [error] = errors.values()
    assert isinstance(error.__cause__, psycopg.errors.DeadlockDetected)
    assert sorted(len(name) for name in names) == [1, 1]


@pytest.mark.django_db(transaction=True)
def test_other_database_errors_are_not_retried():
    calls = Counter()

    @retry_on_conflict(attempts=3)
    def broken():
        calls["broken"] += 1
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1/0")

    with pytest.raises(Exception, match="division by zero"):
        broken()
    assert calls["broken"] == 1
