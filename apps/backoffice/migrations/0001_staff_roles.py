"""The staff role groups (apps/backoffice/roles.py says what each may do)."""

from django.db import migrations

from apps.backoffice.roles import ROLES
from apps.backoffice.services import sync_roles


def create_roles(apps, schema_editor):
    sync_roles(apps=apps)


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
