"""Read replicas: which database a read goes to.

Reads made inside `replica_reads()` (the web middleware opens it for each request) go to a
streaming standby listed in DATABASE_REPLICAS when one is healthy; everything else reads from the
primary: writes, transactions, a request that wrote, a shopper who wrote a few seconds ago, and
all work outside a request (tasks, commands), which must see what the request before it committed.
A replica that does not answer or replays WAL more than REPLICA_MAX_LAG_SECONDS behind is skipped.
"""

import contextvars
import logging
import random
import time
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

logger = logging.getLogger(__name__)

# Seconds of replay behind the primary. Equal LSNs mean the standby has replayed all it received,
# however long ago the last commit was; otherwise the age of the last replayed commit. A server
# that is not in recovery is a primary (a promoted standby): it has no lag.
LAG_SQL = """
SELECT CASE
    WHEN NOT pg_is_in_recovery() THEN 0
    WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
    ELSE coalesce(extract(epoch FROM now() - pg_last_xact_replay_timestamp()), 0)
END
"""


@dataclass
class ReadScope:
    primary_only: bool = False
    wrote: bool = False


_scope: contextvars.ContextVar[ReadScope | None] = contextvars.ContextVar("shopflow_read_scope", default=None)
# alias -> (monotonic time of the check, usable); shared by the threads of a process.
_checks: dict[str, tuple[float, bool]] = {}


@contextmanager
def replica_reads(*, primary_only=False):
    """Let the reads of this block go to a replica, unless primary_only. Yields the scope, whose
    `wrote` tells afterwards whether the block wrote."""
    scope = ReadScope(primary_only=primary_only)
    token = _scope.set(scope)
    try:
        yield scope
    finally:
        _scope.reset(token)


def note_write():
    """A write: the rest of the block reads its own writes from the primary."""
    scope = _scope.get()
    if scope is not None:
        scope.wrote = True
        scope.primary_only = True


def read_alias() -> str:
    scope = _scope.get()
    if scope is None or scope.primary_only or connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return DEFAULT_DB_ALIAS
    usable = [alias for alias in settings.DATABASE_REPLICAS if is_usable(alias)]
    return random.choice(usable) if usable else DEFAULT_DB_ALIAS


def replica_lag(alias: str) -> float:
    """Seconds the replica is behind; raises DatabaseError when it does not answer."""
    with connections[alias].cursor() as cursor:
        cursor.execute(LAG_SQL)
        return float(cursor.fetchone()[0])


def is_usable(alias: str) -> bool:
    """Whether the replica answers within the lag allowed, checked at most every
    REPLICA_CHECK_INTERVAL_SECONDS per process."""
    now = time.monotonic()
    checked = _checks.get(alias)
    if checked and now - checked[0] < settings.REPLICA_CHECK_INTERVAL_SECONDS:
        return checked[1]
    try:
        lag = replica_lag(alias)
    except DatabaseError as error:
        usable, reason = False, f"down ({error.__class__.__name__}: {str(error).strip()})"
        _close_quietly(alias)
    else:
        usable, reason = lag <= settings.REPLICA_MAX_LAG_SECONDS, f"{lag:.1f} s behind"
    if checked is None or checked[1] != usable:
        log = logger.info if usable else logger.warning
        log("replica %s %s: %s", alias, "in use" if usable else "skipped, reads go to the primary", reason)
    _checks[alias] = (now, usable)
    return usable


def forget_checks():
    """Check every replica again on its next use (after a failover, or in tests)."""
    _checks.clear()


def _close_quietly(alias):
    try:
        connections[alias].close()
    except DatabaseError:
        # A connection to a server that went away may fail even to close; it is dropped anyway.
        logger.debug("closing the broken connection to %s failed", alias)
