import uuid
from contextlib import contextmanager

import psycopg
import pytest
from django.core.management import call_command
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection
from psycopg import errors, sql

from apps.ops.selectors import role_table_privileges
from apps.ops.services import apply_db_roles

pytestmark = pytest.mark.django_db


def connect(**overrides):
    settings = connection.settings_dict
    params = {
        "host": settings["HOST"],
        "port": settings["PORT"],
        "dbname": settings["NAME"],
        "user": settings["USER"],
        "password": settings["PASSWORD"],
        "autocommit": True,
    }
    return psycopg.connect(**{**params, **overrides})


@contextmanager
def login_role(group):
    """A LOGIN role with a password in `group`, committed (others must see it) and dropped after."""
    name, password = f"sf_test_{uuid.uuid4().hex[:10]}", uuid.uuid4().hex
    with connect() as owner:
        owner.execute(
            sql.SQL("CREATE ROLE {} LOGIN PASSWORD {} IN ROLE {}").format(
                sql.Identifier(name), sql.Literal(password), sql.Identifier(group)
            )
        )
    try:
        with connect(user=name, password=password) as member:
            yield member
    finally:
        with connect() as owner:
            owner.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(name)))


@contextmanager
def committed_table():
    """A table created after the migrations, by the migrating role, and dropped after."""
    name = f"sf_future_{uuid.uuid4().hex[:10]}"
    with connect() as owner:
        owner.execute(f"CREATE TABLE {name} (id int)")
        owner.execute(f"INSERT INTO {name} VALUES (7)")
    try:
        yield name
    finally:
        with connect() as owner:
            owner.execute(f"DROP TABLE {name}")


def test_the_read_only_role_reads_but_cannot_write():
    with login_role("shopflow_readonly") as reader:
        assert reader.execute("SELECT count(*) FROM users").fetchone() is not None
        assert reader.execute("SELECT count(*) FROM audit_log").fetchone() is not None
        with pytest.raises(errors.InsufficientPrivilege, match="permission denied for table users"):
            reader.execute("INSERT INTO users (email, password_hash) VALUES ('x@shop.test', 'x')")
        with pytest.raises(errors.InsufficientPrivilege, match="permission denied for table users"):
            reader.execute("UPDATE users SET role = 'admin'")
        with pytest.raises(errors.InsufficientPrivilege, match="permission denied for table users"):
            reader.execute("DELETE FROM users")


def test_read_access_covers_tables_created_after_the_grants():
    with committed_table() as table, login_role("shopflow_readonly") as reader:
        assert reader.execute(f"SELECT id FROM {table}").fetchall() == [(7,)]


def test_the_analyst_reads_every_table_and_writes_none():
    with committed_table() as table, login_role("shopflow_analyst") as analyst:
        assert analyst.execute(f"SELECT id FROM {table}").fetchall() == [(7,)]
        assert analyst.execute("SELECT count(*) FROM users").fetchone() is not None
        with pytest.raises(errors.InsufficientPrivilege):
            analyst.execute(f"INSERT INTO {table} VALUES (8)")


def test_the_order_manager_may_read_and_write_orders_and_nothing_else():
    apply_db_roles()

    privileges = role_table_privileges("shopflow_order_manager")
    assert privileges["orders"] == ["SELECT", "INSERT", "UPDATE"]
    assert privileges["order_items"] == ["SELECT", "INSERT", "UPDATE"]
    assert "users" not in privileges
    assert "payments" not in privileges
    assert role_table_privileges("shopflow_readonly")["orders"] == ["SELECT"]


def test_migrate_reapplies_the_grants():
    with connection.cursor() as cursor:
        cursor.execute("REVOKE SELECT ON users FROM shopflow_readonly")
    assert "users" not in role_table_privileges("shopflow_readonly")

    emit_post_migrate_signal(verbosity=0, interactive=False, db=connection.alias)

    assert role_table_privileges("shopflow_readonly")["users"] == ["SELECT"]


def test_create_db_roles_is_idempotent(capsys):
    call_command("create_db_roles")
    first = capsys.readouterr().out
    call_command("create_db_roles")

    assert capsys.readouterr().out == first
    assert "shopflow_readonly: SELECT on" in first
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rolname, rolcanlogin FROM pg_roles WHERE rolname LIKE 'shopflow\\_%%' AND rolname <> 'shopflow' "
            "ORDER BY rolname"
        )
        assert cursor.fetchall() == [
            ("shopflow_analyst", False),
            ("shopflow_order_manager", False),
            ("shopflow_readonly", False),
        ]
