from django.db import migrations

from apps.audit.operations import AuditTable


class Migration(migrations.Migration):
    """Users: log sign-ups and deletions, and changes of role or email; never the password hash."""

    dependencies = [
        ("audit", "0001_audit_log"),
        ("accounts", "0001_initial"),
    ]

    operations = [
        AuditTable("users", watch=["role", "email"], mask=["password_hash"]),
    ]
