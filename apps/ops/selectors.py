from django.db import connection

from apps.ops.models import Backup

TABLE_PRIVILEGES = ("SELECT", "INSERT", "UPDATE", "DELETE")


def role_table_privileges(role: str) -> dict[str, list[str]]:
    """{relation in schema public: privileges `role` holds on it}, relations without any left out.

    Asked through has_table_privilege, so privileges held through membership of a group count.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.relname, p.privilege
              FROM pg_class c
              JOIN pg_namespace n ON n.oid = c.relnamespace
             CROSS JOIN unnest(%s::text[]) AS p(privilege)
             WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm') AND NOT c.relispartition
               AND has_table_privilege(%s, c.oid, p.privilege)
             ORDER BY c.relname, array_position(%s::text[], p.privilege)
            """,
            [list(TABLE_PRIVILEGES), role, list(TABLE_PRIVILEGES)],
        )
        privileges = {}
        for relation, privilege in cursor.fetchall():
            privileges.setdefault(relation, []).append(privilege)
        return privileges


def last_backup():
    """The latest backup that finished well (succeeded or verified), or None if there was never one."""
    return Backup.objects.filter(status__in=[Backup.Status.SUCCEEDED, Backup.Status.VERIFIED]).first()


def latest_restorable_backup():
    """The newest pg_dump backup that succeeded (verified or not), or None."""
    return (
        Backup.objects.filter(
            kind__in=[Backup.Kind.FULL, Backup.Kind.ARCHIVE],
            status__in=[Backup.Status.SUCCEEDED, Backup.Status.VERIFIED],
        )
        .order_by("-started_at")
        .first()
    )
