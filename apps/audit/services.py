"""Who the audit trigger records as the actor, and upkeep of the audit log's partitions.

The trigger reads the acting user from the PostgreSQL setting `shopflow.actor_id`, which lives in
the database session, not in Python. Two scopes set it:

- `acting_as(user)`: transaction-local (set_config(..., is_local => true)), for services and
  Celery tasks that act for a user. It opens an atomic block, so the setting covers exactly the
  writes inside it, and it restores the previous value on the way out.
- `set_session_actor` / `clear_session_actor`: session-level, for AuditActorMiddleware. Views run
  in autocommit mode, where every statement is its own transaction and a transaction-local
  setting would be gone before the next statement; a session-level one covers the whole
  request, and the middleware clears it before the (persistent) connection serves anyone else.

A transaction-local value hides the session value until the transaction ends, so a service that
uses acting_as inside a request wins over the middleware, as it should.
"""

from contextlib import contextmanager

from django.db import connection, transaction

ACTOR_SETTING = "shopflow.actor_id"


def _set_actor(actor_id: str, *, is_local: bool) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config(%s, %s, %s)", [ACTOR_SETTING, actor_id, is_local])


@contextmanager
def acting_as(user):
    """Record `user` (a user or None for "the system") as the actor of the writes in this block."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT coalesce(current_setting(%s, true), '')", [ACTOR_SETTING])
            (previous,) = cursor.fetchone()
        _set_actor(str(user.pk) if user is not None else "", is_local=True)
        yield
        # On an exception the atomic block rolls back, which undoes the setting by itself.
        _set_actor(previous, is_local=True)


def set_session_actor(user) -> None:
    """Record `user` as the actor of every write on this connection until clear_session_actor()."""
    _set_actor(str(user.pk), is_local=False)


def clear_session_actor() -> None:
    if connection.connection is None:
        # No connection is open, so no session carries the setting (a new one starts without it).
        return
    _set_actor("", is_local=False)


@transaction.atomic
def ensure_partitions(*, months_ahead: int = 3) -> list[str]:
    """Create the monthly audit_log partitions from this month to `months_ahead` months ahead.

    Idempotent; returns the names of the partitions it created. Rows that reached the DEFAULT
    partition for one of these months are moved into the new partition.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT audit_log_ensure_partitions(%s)", [months_ahead])
        return [name for (name,) in cursor.fetchall()]
