from django.apps import AppConfig
from django.db.models.signals import post_migrate


class OpsConfig(AppConfig):
    name = "apps.ops"
    label = "ops"
    verbose_name = "Operations"

    def ready(self):
        from apps.ops.signals import apply_role_grants_after_migrate

        post_migrate.connect(apply_role_grants_after_migrate, sender=self, dispatch_uid="ops.apply_role_grants")
