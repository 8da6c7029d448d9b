from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


class OpsConfig(AppConfig):
    name = "apps.ops"
    label = "ops"
    verbose_name = "Operations"

    def ready(self):
        from apps.ops.signals import apply_role_grants_after_migrate

        # post_migrate is sent once per app with a models module, and ops has none: listen for the
        # audit app's, which every database has and whose migration the ops migration follows.
        post_migrate.connect(
            apply_role_grants_after_migrate, sender=apps.get_app_config("audit"), dispatch_uid="ops.apply_role_grants"
        )
