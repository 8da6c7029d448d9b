from django.db import connections


def apply_role_grants_after_migrate(sender, using, **kwargs):
    """Grant the group roles their privileges on whatever tables the migrations just created.

    An observer of post_migrate: it only re-runs the idempotent grants function, which is absent
    before the ops migration has run (or after it was unapplied).
    """
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT to_regprocedure('shopflow_apply_role_grants()') IS NOT NULL")
        (installed,) = cursor.fetchone()
        if installed:
            cursor.execute("SELECT shopflow_apply_role_grants()")
