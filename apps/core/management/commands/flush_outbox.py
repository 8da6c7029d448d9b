from django.core.management.base import BaseCommand

from apps.core.models import OutboxTask
from apps.core.outbox import flush_outbox


class Command(BaseCommand):
    help = "Send the Celery tasks kept in task_outbox while the broker was unreachable."

    def handle(self, *args, **options):
        sent = flush_outbox()
        left = OutboxTask.objects.count()
        self.stdout.write(f"{sent} task(s) sent, {left} still kept.")
        if left:
            raise SystemExit(1)
