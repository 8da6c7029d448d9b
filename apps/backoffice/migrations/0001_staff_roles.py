"""Staff roles as Django groups, each with the model permissions of its work.

Permissions are named "app_label.codename" with shell-style wildcards. Object permissions are not
used: every role is about which kinds of rows staff may read or change, never which ones; Support's
refund ceiling is an amount (payments.refund_above_limit with settings.SUPPORT_REFUND_LIMIT).
Internal tables (tokens, sessions, card tokens, delivery logs) are shown to the Owner only by their
ModelAdmin (apps.core.admin.InternalAdminMixin), whatever a group holds.
"""

from fnmatch import fnmatchcase

from django.contrib.auth.management import create_permissions
from django.db import migrations

SHOP_APPS = (
    "accounts", "catalog", "inventory", "promotions", "shipping", "reviews", "wishlist", "cart",
    "orders", "payments", "returns", "analytics", "ops", "audit", "notifications",
)  # fmt: skip
READ_EVERYTHING = tuple(f"{app}.view_*" for app in SHOP_APPS)

ROLES = {
    "Order manager": (
        "orders.*", "payments.*", "returns.*", "shipping.*", "promotions.view_*", "cart.view_*",
        "accounts.view_user", "accounts.view_address", "catalog.view_*", "inventory.view_*",
        "analytics.view_*", "audit.view_*",
    ),
    "Catalog manager": (
        "catalog.*", "reviews.*", "promotions.*", "wishlist.view_*", "inventory.view_*",
        "analytics.view_productperformance", "analytics.view_categoryperformance",
    ),
    "Inventory clerk": (
        "inventory.*", "catalog.view_*", "orders.view_order", "orders.view_orderitem",
        "returns.view_*", "returns.change_returnrequest", "analytics.view_inventorystatus",
    ),
    "Support": (
        "orders.view_*", "orders.add_ordernote", "accounts.view_user", "accounts.view_address",
        "payments.view_payment", "payments.view_refund", "payments.add_refund", "returns.view_*",
        "reviews.view_*", "shipping.view_*", "wishlist.view_*", "cart.view_*",
    ),
    "Analyst": READ_EVERYTHING,
    "Owner": ("*",),
}  # fmt: skip


def create_roles(apps, schema_editor):
    # Permissions are normally created after migrate; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
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


def delete_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("accounts", "0003_enforce_on_delete_permission_links"),
        ("analytics", "0003_updated_at_triggers"),
        ("audit", "0003_audit_domain_tables"),
        ("cart", "0004_soft_delete_clears_carts"),
        ("catalog", "0004_search_indexes"),
        ("inventory", "0004_stock_quantity_triggers"),
        ("notifications", "0002_enforce_on_delete"),
        ("ops", "0003_db_roles"),
        ("orders", "0006_postal_address_comments"),
        ("payments", "0005_refund_above_limit_permission"),
        ("promotions", "0002_enforce_on_delete"),
        ("returns", "0002_enforce_on_delete"),
        ("reviews", "0003_product_rating_triggers"),
        ("shipping", "0002_enforce_on_delete"),
        ("wishlist", "0002_enforce_on_delete"),
    ]

    operations = [migrations.RunPython(create_roles, delete_roles)]
