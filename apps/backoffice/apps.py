from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class BackofficeConfig(AppConfig):
    default = True
    name = "apps.backoffice"
    label = "backoffice"
    verbose_name = "Back office"


class ShopFlowAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with ShopFlow's site as admin.site: every app's admin.py registers on it.

    Named in INSTALLED_APPS in place of django.contrib.admin; not this package's default config.
    """

    default = False

    default_site = "apps.backoffice.site.ShopFlowAdminSite"
