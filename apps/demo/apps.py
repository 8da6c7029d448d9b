from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data at every size: the top layer, since it drives every domain's services; nothing imports it."""

    name = "apps.demo"
    label = "demo"
    verbose_name = "Demo data"
