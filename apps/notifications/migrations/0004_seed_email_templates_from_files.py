"""One database template per event, seeded from the file templates under templates/notifications/.

Templates the demo data seeded before (order_shipped, low_stock_alert) are rewritten to the context
`notify` passes, and the old order_confirmation, never read, becomes order_placed.
"""

from django.db import migrations
from django.template import TemplateDoesNotExist
from django.template.loader import get_template

EVENT_KEYS = (
    "order_placed",
    "order_confirmed",
    "order_shipped",
    "order_delivered",
    "order_cancelled",
    "order_refunded",
    "return_approved",
    "return_rejected",
    "return_received",
    "return_refunded",
    "review_approved",
    "review_rejected",
    "password_reset",
    "email_verification",
    "back_in_stock",
    "price_drop",
    "low_stock_alert",
    "backup_failed",
    "drill_failed",
    "purchase_order_sent",
    "db_health_critical",
)


def _source(name):
    try:
        return get_template(f"notifications/{name}").template.source
    except TemplateDoesNotExist:
        return ""


def seed(apps, schema_editor):
    EmailTemplate = apps.get_model("notifications", "EmailTemplate")
    EmailTemplate.objects.filter(key="order_confirmation").delete()
    for key in EVENT_KEYS:
        EmailTemplate.objects.update_or_create(
            key=key,
            defaults={
                "subject": _source(f"{key}.subject.txt").strip(),
                "body_text": _source(f"{key}.txt"),
                "body_html": _source(f"{key}.html"),
                "is_active": True,
            },
        )


def unseed(apps, schema_editor):
    apps.get_model("notifications", "EmailTemplate").objects.filter(key__in=EVENT_KEYS).delete()


class Migration(migrations.Migration):
    dependencies = [("notifications", "0003_delivery_log_message_and_preference_rule")]

    operations = [migrations.RunPython(seed, unseed)]
