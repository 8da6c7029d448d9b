"""The role groups gain the permissions of apps.invoicing (roles.py: staff who see orders see their invoices)."""

from django.db import migrations

from apps.backoffice.services import sync_roles


def sync(apps, schema_editor):
    sync_roles(apps=apps)


class Migration(migrations.Migration):
    dependencies = [("backoffice", "0001_staff_roles"), ("invoicing", "0002_issued_documents_are_immutable")]

    # Going back leaves the groups as they are: the invoicing permissions go with its tables.
    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
