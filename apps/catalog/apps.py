from django.apps import AppConfig
from django.core.signals import request_finished, request_started
from django.db.models.signals import post_delete, post_save


class CatalogConfig(AppConfig):
    name = "apps.catalog"
    label = "catalog"
    verbose_name = "Catalog"

    def ready(self):
        from apps.catalog import version
        from apps.catalog.models import Brand, Category, Product, ProductImage, ProductVariant

        request_started.connect(version.request_started, dispatch_uid="catalog.version.started")
        request_finished.connect(version.request_finished, dispatch_uid="catalog.version.finished")

        # The cached catalog pages observe every saved catalog row (the admin edits prices and
        # publication by saving the model); stock and reviews bump in their services.
        for model in (Category, Brand, Product, ProductVariant, ProductImage):
            for signal in (post_save, post_delete):
                signal.connect(_catalog_changed, sender=model, dispatch_uid=f"catalog.v.{model.__name__}.{signal}")


def _catalog_changed(**kwargs):
    from apps.catalog.version import bump_catalog_version

    bump_catalog_version()
