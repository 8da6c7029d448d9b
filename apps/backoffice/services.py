"""Writes of the back office: the staff role groups."""

from fnmatch import fnmatchcase

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import transaction

from apps.backoffice.roles import ROLES


@transaction.atomic
def sync_roles(*, apps=global_apps):
    """Create the role groups and set each one's permissions to exactly those its patterns match.

    Idempotent. `apps` is the app registry: a migration passes its historical one. Permissions are
    created first (Django creates them only after migrate, and the groups need them now).
    """
    for app_config in apps.get_app_configs():
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True  # a historical app config has none
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = {
        f"{app_label}.{codename}": pk
        for pk, app_label, codename in Permission.objects.values_list("pk", "content_type__app_label", "codename")
    }
    for name, patterns in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(
            pk for perm, pk in permissions.items() if any(fnmatchcase(perm, pattern) for pattern in patterns)
        )
