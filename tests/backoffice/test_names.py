"""The console speaks English: table names are proper plurals, and the index groups them by work."""

import pytest
from django.apps import apps
from django.urls import reverse

from apps.backoffice.sections import INTERNAL_SECTION, SECTIONS

SHOP_MODELS = [model for model in apps.get_models() if model.__module__.startswith("apps.")]
# Plural endings Django produces by appending "s" to a word that needs "es" or "ies".
WRONG_ENDINGS = ("sss", "shs", "chs", "xs", "zs")


def test_no_table_has_a_made_up_plural():
    plurals = [model._meta.verbose_name_plural for model in SHOP_MODELS]

    assert [name for name in plurals if name.endswith(WRONG_ENDINGS)] == []
    names = {model._meta.label: model._meta.verbose_name_plural for model in SHOP_MODELS}
    assert (names["orders.OrderAddress"], names["analytics.MaterializedViewRefresh"]) == (
        "order addresses",
        "materialized view refreshes",
    )


@pytest.mark.django_db
def test_the_index_groups_tables_by_section_internal_ones_last(admin_client):
    response = admin_client.get(reverse("admin:index"))

    sections = [app["name"] for app in response.context["app_list"]]
    assert sections == [name for name, _ in SECTIONS] + [INTERNAL_SECTION]
    internal = next(app for app in response.context["app_list"] if app["name"] == INTERNAL_SECTION)
    assert [model["object_name"] for model in internal["models"]] == [
        "EmailVerificationToken", "PasswordReset", "PaymentMethod", "SecurityEvent", "UserSession",
    ]  # fmt: skip
