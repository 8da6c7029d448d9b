from django.db import migrations

from apps.core.operations import EnforceOnDelete


class Migration(migrations.Migration):
    """The join tables PermissionsMixin brings (users_groups, users_user_permissions) cascade in the
    database too, as Django does in Python."""

    dependencies = [("accounts", "0002_enforce_on_delete")]

    operations = [
        EnforceOnDelete("User_groups", "user"),
        EnforceOnDelete("User_groups", "group"),
        EnforceOnDelete("User_user_permissions", "user"),
        EnforceOnDelete("User_user_permissions", "permission"),
    ]
