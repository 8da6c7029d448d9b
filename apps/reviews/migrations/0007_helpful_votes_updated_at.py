from django.db import migrations

from apps.core.operations import keep_updated_at


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0006_enforce_on_delete_review_helpful_votes"),
        ("analytics", "0003_updated_at_triggers"),
    ]

    operations = [keep_updated_at("review_helpful_votes")]
