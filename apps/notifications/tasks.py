from celery import shared_task

from . import services
from .exceptions import DeliveryFailed


@shared_task(
    name="notifications.send_email",
    bind=True,
    autoretry_for=(DeliveryFailed,),
    # 30 s, 60 s, 2 min, 4 min, 8 min: a mail server that is down for a quarter of an hour loses nothing.
    retry_backoff=30,
    retry_backoff_max=600,
    retry_jitter=False,
    max_retries=5,
)
def send_email(self, log_id):
    """Send the logged mail `log_id`; safe to run twice (the log row says whether it left)."""
    services.deliver_email(log_id=log_id, final_attempt=self.request.retries >= self.max_retries)
