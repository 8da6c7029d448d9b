"""Many clients at once: real threads, each on its own database connection, released together."""

import threading
from dataclasses import dataclass

from django.db import connection


@dataclass(frozen=True)
class Outcome:
    result: object = None
    error: BaseException | None = None


def run_at_once(calls, *, timeout=60) -> list[Outcome]:
    """Call every function in its own thread, all released by one barrier; an Outcome per call.

    Whatever a call raises is kept in its outcome, so the test judges every ending, expected or
    not. Each thread closes its connection, or the test database could not be dropped.
    """
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=timeout)
            outcomes[index] = Outcome(result=call())
        except Exception as error:  # noqa: BLE001 - recorded for the test to assert on
            outcomes[index] = Outcome(error=error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def count_errors(outcomes, kind) -> int:
    return sum(isinstance(outcome.error, kind) for outcome in outcomes)


def successes(outcomes) -> list:
    return [outcome.result for outcome in outcomes if outcome.error is None]
