from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class StorefrontConfig(AppConfig):
    name = "apps.storefront"
    label = "storefront"
    verbose_name = "Storefront"

    def ready(self):
        from apps.catalog.models import Category
        from apps.storefront.signals import forget_cached_categories

        for signal in (post_save, post_delete):
            signal.connect(forget_cached_categories, sender=Category, dispatch_uid=f"storefront.nav.{signal}")
