from django.db import connection, transaction

GROUP_ROLES = ("shopflow_readonly", "shopflow_order_manager", "shopflow_analyst")


@transaction.atomic
def apply_db_roles() -> None:
    """Create the group roles if missing and grant them their privileges on today's tables.

    Idempotent; run again after tables appear (the post_migrate hook does so after `migrate`).
    Needs the ops migration that installs shopflow_apply_role_grants().
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT shopflow_apply_role_grants()")
