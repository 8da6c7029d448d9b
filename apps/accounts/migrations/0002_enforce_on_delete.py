from django.db import migrations

from apps.core.operations import EnforceOnDelete


class Migration(migrations.Migration):
    """The database applies each foreign key's on_delete rule itself (seed 003 §8.1)."""

    dependencies = [("accounts", "0001_initial")]

    operations = [
        EnforceOnDelete("Address", "user"),
        EnforceOnDelete("UserSession", "user"),
        EnforceOnDelete("PasswordReset", "user"),
        EnforceOnDelete("EmailVerificationToken", "user"),
        EnforceOnDelete("SecurityEvent", "user"),
        EnforceOnDelete("UserPreference", "user"),
    ]
