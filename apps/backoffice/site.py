"""ShopFlow's admin site: the dashboard as its index, tables grouped by section."""

from django.contrib import admin
from django.urls import path
from django.utils import timezone

from apps.backoffice import dashboard, views
from apps.backoffice.sections import INTERNAL_SECTION, SECTIONS

SECTION_OF_APP = {label: name for name, labels in SECTIONS for label in labels}


class ShopFlowAdminSite(admin.AdminSite):
    site_header = "ShopFlow operations"
    site_title = "ShopFlow operations"
    index_title = "Dashboard"
    index_template = "admin/backoffice/dashboard.html"
    # The index's sections and the breadcrumbs lead everywhere; without the nav sidebar a list keeps
    # its columns and its filters side by side at 1366px.
    enable_nav_sidebar = False

    def index(self, request, extra_context=None):
        context = {"dashboard": None, **(extra_context or {})}
        if dashboard.may_see(request.user):
            context["dashboard"] = dashboard.build(timezone.localdate())
            context["may_refresh"] = views.may_refresh(request.user)
        return super().index(request, context)

    def get_urls(self):
        refresh = path("refresh-views/", self.admin_view(views.refresh_views), name="refresh_views")
        return [refresh, *super().get_urls()]

    def get_app_list(self, request, app_label=None):
        """Per section (one app's page keeps Django's own list); internal tables last, in their own."""
        apps = super().get_app_list(request, app_label)
        if app_label is not None:
            return apps
        sections = {name: [] for name, _ in SECTIONS} | {INTERNAL_SECTION: []}
        first_url = {}
        for app in apps:
            for model in app["models"]:
                internal = getattr(self._registry[model["model"]], "internal", False)
                name = INTERNAL_SECTION if internal else SECTION_OF_APP.get(app["app_label"], "Operations")
                sections[name].append(model)
                first_url.setdefault(name, app["app_url"])
        return [
            {
                "name": name,
                "app_label": name.split()[0].lower(),
                "app_url": first_url[name],
                "has_module_perms": True,
                "models": sorted(models, key=lambda model: model["name"]),
            }
            for name, models in sections.items()
            if models
        ]
