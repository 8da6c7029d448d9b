from django.core.management.base import BaseCommand

from apps.ops.selectors import role_table_privileges
from apps.ops.services import GROUP_ROLES, apply_db_roles


class Command(BaseCommand):
    help = (
        "Create the database group roles (shopflow_readonly, shopflow_order_manager, shopflow_analyst) "
        "and grant their privileges in this database. Idempotent."
    )

    def handle(self, *args, **options):
        apply_db_roles()
        for role in GROUP_ROLES:
            privileges = role_table_privileges(role)
            by_kind = {}
            for relation, granted in privileges.items():
                by_kind.setdefault(", ".join(granted), []).append(relation)
            summary = "; ".join(
                f"{kind} on {len(relations)} relation(s)" if len(relations) > 3 else f"{kind} on {', '.join(relations)}"
                for kind, relations in sorted(by_kind.items())
            )
            self.stdout.write(f"{role}: {summary or 'no table privileges yet'}")
