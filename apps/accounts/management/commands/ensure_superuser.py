from django.conf import settings
from django.core.management.base import BaseCommand

from apps.accounts.services import ensure_superuser


class Command(BaseCommand):
    help = "Create the staff superuser that `make run` prints (DEMO_ADMIN_EMAIL / DEMO_ADMIN_PASSWORD)."

    def handle(self, *args, **options):
        email, password = settings.DEMO_ADMIN_EMAIL, settings.DEMO_ADMIN_PASSWORD
        user, created = ensure_superuser(email=email, password=password)
        if created:
            self.stdout.write(self.style.SUCCESS(f"Created the admin login: {user.email} / {password}"))
        else:
            self.stdout.write(f"Admin login: {user.email} (already existed; its password was left as it was)")
