"""The schema in PostgreSQL is the one seed 003 describes and the one the models declare."""

import importlib

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, models, transaction

from tests.factories import create_address, create_brand, create_category, create_product, create_user, create_variant
from tests.model_factories import create_cart_item, create_order, create_order_item, create_payment

pytestmark = pytest.mark.django_db

SHOPFLOW_APPS = [config for config in apps.get_app_configs() if config.name.startswith("apps.")]
SHOPFLOW_MODELS = [model for config in SHOPFLOW_APPS for model in config.get_models()]
SHOPFLOW_TABLES = [
    model
    for config in SHOPFLOW_APPS
    for model in config.get_models(include_auto_created=True)
    if model._meta.managed  # the analytics models read materialized views
]

# Seed 003 §3.2 and §3.3, every index name in the order the seed lists them.
SEED_INDEXES = [
    "idx_users_email",
    "idx_users_role",
    "idx_products_slug",
    "idx_products_sku",
    "idx_products_category_id",
    "idx_products_brand_id",
    "idx_products_active",
    "idx_products_featured",
    "idx_products_price",
    # idx_products_stock is dropped on purpose (issue #17): it blocked HOT stock updates and no
    # query read it; see catalog migration 0007.
    "idx_products_search",
    "idx_products_attributes",
    "idx_products_tags",
    "idx_categories_slug",
    "idx_categories_parent",
    "idx_carts_user_id",
    "idx_carts_session_id",
    "idx_cart_items_cart_id",
    "idx_orders_user_id",
    "idx_orders_order_number",
    "idx_orders_status",
    "idx_orders_placed_at",
    "idx_order_items_order_id",
    "idx_reviews_product_id",
    "idx_reviews_approved",
    "idx_products_category_price",
    "idx_orders_user_status_date",
    "idx_cart_items_product_variant",
]

# pg_constraint.confdeltype for each on_delete Django offers.
CONFDELTYPE = {
    models.CASCADE: "c",
    models.SET_NULL: "n",
    models.PROTECT: "r",
    models.RESTRICT: "r",
    models.DO_NOTHING: "a",
}


def index_definitions():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()")
        return dict(cursor.fetchall())


def foreign_key_delete_rules():
    """{(table, column): confdeltype} of every single-column foreign key in the schema."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.conrelid::regclass::text, a.attname, c.confdeltype
            FROM pg_constraint c
            JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
            WHERE c.contype = 'f' AND cardinality(c.conkey) = 1
            """
        )
        return {(table, column): rule for table, column, rule in cursor.fetchall()}


def test_every_constraint_a_model_declares_has_a_test_writing_a_row_that_breaks_it():
    declared = {constraint.name for model in SHOPFLOW_MODELS for constraint in model._meta.constraints}
    tested = set()
    for config in SHOPFLOW_APPS:
        try:
            module = importlib.import_module(f"tests.{config.label}.test_constraints")
        except ModuleNotFoundError:
            continue
        tested |= set(module.VIOLATIONS)

    assert declared - tested == set()
    assert tested - declared == set()


def test_every_index_named_by_the_seed_exists():
    assert [name for name in SEED_INDEXES if name not in index_definitions()] == []


@pytest.mark.parametrize(
    ("index", "fragment"),
    [
        ("idx_products_search", "USING gin (to_tsvector('english'"),
        ("idx_products_attributes", "USING gin (attributes)"),
        ("idx_products_tags", "USING gin (tags)"),
        ("idx_products_active", "(is_active, deleted_at) WHERE ((deleted_at IS NULL) AND is_active)"),
        ("idx_products_featured", "WHERE (is_active AND is_featured)"),
        ("idx_users_email", "WHERE (deleted_at IS NULL)"),
        ("idx_reviews_approved", "WHERE is_approved"),
        ("idx_products_category_price", "(category_id, price) WHERE ((deleted_at IS NULL) AND is_active)"),
        ("idx_orders_user_status_date", "(user_id, status, placed_at DESC)"),
    ],
)
def test_a_seed_index_has_the_method_and_predicate_the_seed_gives_it(index, fragment):
    assert fragment in index_definitions()[index]


def test_the_database_applies_the_same_on_delete_rule_as_every_django_foreign_key():
    in_database = foreign_key_delete_rules()
    disagreements = []
    for model in SHOPFLOW_TABLES:
        for field in model._meta.concrete_fields:
            if not field.is_relation:
                continue
            key = (model._meta.db_table, field.column)
            expected = CONFDELTYPE[field.remote_field.on_delete]
            if in_database.get(key) != expected:
                disagreements.append((*key, expected, in_database.get(key)))

    assert disagreements == []


def test_every_foreign_key_of_a_shopflow_table_is_declared_by_a_django_field():
    tables = {model._meta.db_table for model in SHOPFLOW_TABLES}
    declared = {
        (model._meta.db_table, field.column)
        for model in SHOPFLOW_TABLES
        for field in model._meta.concrete_fields
        if field.is_relation
    }

    assert {key for key in foreign_key_delete_rules() if key[0] in tables} - declared == set()


def parent_deleted_by_sql(table, row_id):
    with connection.cursor() as cursor:
        cursor.execute(f'DELETE FROM "{table}" WHERE id = %s', [row_id])


def column_of(table, column, row_id):
    """The column's value in the row, or a marker when the row is gone."""
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT "{column}" FROM "{table}" WHERE id = %s', [row_id])
        row = cursor.fetchone()
    return row[0] if row else "row deleted"


# Seed 003 §8.1: (child table, its column, parent table, ON DELETE, a way to make a child row).
SEED_FOREIGN_KEYS = [
    ("user_addresses", "user_id", "users", "CASCADE", lambda: create_address(create_user())),
    ("products", "category_id", "categories", "SET NULL", lambda: create_product(category=create_category())),
    ("products", "brand_id", "brands", "SET NULL", lambda: create_product(brand=create_brand())),
    ("product_variants", "product_id", "products", "CASCADE", lambda: create_variant(create_product())),
    ("cart_items", "cart_id", "carts", "CASCADE", create_cart_item),
    ("cart_items", "product_id", "products", "CASCADE", create_cart_item),
    ("orders", "user_id", "users", "SET NULL", lambda: create_order(create_user())),
    ("order_items", "order_id", "orders", "CASCADE", create_order_item),
    ("order_items", "product_id", "products", "RESTRICT", create_order_item),
    ("payments", "order_id", "orders", "RESTRICT", create_payment),
]


@pytest.mark.parametrize(
    ("table", "column", "parent", "rule", "make_child"),
    SEED_FOREIGN_KEYS,
    ids=[f"{table}.{column}->{parent} {rule}" for table, column, parent, rule, _ in SEED_FOREIGN_KEYS],
)
def test_deleting_a_parent_row_by_sql_does_what_the_seed_says(table, column, parent, rule, make_child):
    child = make_child()
    parent_id = column_of(table, column, child.pk)

    if rule == "RESTRICT":
        with pytest.raises(IntegrityError) as refused, transaction.atomic():
            parent_deleted_by_sql(parent, parent_id)
        assert refused.value.__cause__.diag.table_name == table
        assert column_of(table, column, child.pk) == parent_id
        assert column_of(parent, "id", parent_id) == parent_id
        return

    parent_deleted_by_sql(parent, parent_id)

    expected = {"CASCADE": "row deleted", "SET NULL": None}[rule]
    assert column_of(table, column, child.pk) == expected
