"""The guest's order link mail, and the order-placed mail's text now printing its link (issue #14)."""

from django.db import migrations
from django.template.loader import get_template


def _source(name):
    return get_template(f"notifications/{name}").template.source


def forward(apps, schema_editor):
    EmailTemplate = apps.get_model("notifications", "EmailTemplate")
    EmailTemplate.objects.update_or_create(
        key="order_link",
        defaults={
            "subject": _source("order_link.subject.txt").strip(),
            "body_text": _source("order_link.txt"),
            "body_html": _source("order_link.html"),
            "is_active": True,
        },
    )
    EmailTemplate.objects.filter(key="order_placed").update(body_text=_source("order_placed.txt"))


def backward(apps, schema_editor):
    EmailTemplate = apps.get_model("notifications", "EmailTemplate")
    EmailTemplate.objects.filter(key="order_link").delete()
    for template in EmailTemplate.objects.filter(key="order_placed"):
        template.body_text = template.body_text.replace("{% if link %}\n\nFollow your order: {{ link }}{% endif %}", "")
        template.save(update_fields=["body_text"])


class Migration(migrations.Migration):
    dependencies = [("notifications", "0004_seed_email_templates_from_files")]

    operations = [migrations.RunPython(forward, backward)]
