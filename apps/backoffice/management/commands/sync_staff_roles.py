from django.core.management.base import BaseCommand

from apps.backoffice.roles import ROLES
from apps.backoffice.services import sync_roles


class Command(BaseCommand):
    help = "Create the staff role groups and set their permissions (after models were added)."

    def handle(self, *args, **options):
        sync_roles()
        self.stdout.write(f"Synced {len(ROLES)} staff roles: {', '.join(ROLES)}.")
