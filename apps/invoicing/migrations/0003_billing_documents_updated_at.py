from django.db import migrations

from apps.core.operations import keep_updated_at


class Migration(migrations.Migration):
    dependencies = [
        ("invoicing", "0002_issued_documents_are_immutable"),
        ("analytics", "0003_updated_at_triggers"),
    ]

    operations = [keep_updated_at("billing_documents")]
