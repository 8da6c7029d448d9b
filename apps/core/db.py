"""PostgreSQL helpers shared by the services: retrying transactions that lost a lock race."""

import functools
import random
import time

import psycopg.errors
from django.db import OperationalError, connection, transaction

CONFLICT_ERRORS = (psycopg.errors.DeadlockDetected, psycopg.errors.SerializationFailure)


def is_conflict(error):
    """True when PostgreSQL aborted the transaction only because another one got in its way.

    Django wraps the driver's exception in its own OperationalError; the original is its __cause__.
    """
    return isinstance(error, OperationalError) and isinstance(error.__cause__, CONFLICT_ERRORS)


def retry_on_conflict(attempts=3, *, backoff=0.05, savepoint=True):
    """Run the decorated function in its own transaction.atomic block, re-running it when PostgreSQL
    reports a deadlock or a serialization failure, at most `attempts` times in all.

    The loser of a deadlock has done nothing lasting (its transaction rolled back), so running it again
    is safe; a short random pause keeps the two contenders from colliding again in lock step.
    Inside an outer transaction a retry is impossible (the outer transaction is aborted too), so there
    the function runs once and the error goes up to whoever owns the outermost block; with
    `savepoint=False` it runs there without a savepoint (two round trips fewer), for a function
    whose failure always fails the caller's transaction too (Django then refuses to commit it).
    """

    def decorator(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            if connection.in_atomic_block:
                with transaction.atomic(savepoint=savepoint):
                    return func(*args, **kwargs)
            attempt = 1
            while True:
                try:
                    with transaction.atomic():
                        return func(*args, **kwargs)
                except OperationalError as error:
                    if attempt >= attempts or not is_conflict(error):
                        raise
                time.sleep(random.uniform(0.5, 1.5) * backoff * attempt)
                attempt += 1

        return wrapper

    return decorator
