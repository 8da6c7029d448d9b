import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from apps.accounts.models import User
from apps.audit.models import AuditLogEntry
from apps.audit.operations import AuditTable
from apps.audit.selectors import audit_trail
from apps.audit.services import acting_as, ensure_partitions
from apps.audit.tasks import ensure_audit_partitions
from tests.factories import create_product

pytestmark = pytest.mark.django_db


def sql(query, params=()):
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall() if cursor.description else None


def current_actor_setting():
    return sql("SELECT current_setting('shopflow.actor_id', true)")[0][0]


@pytest.fixture
def admin_user():
    return User.objects.create_superuser("boss@shop.test", "correct horse battery")


def test_insert_update_and_delete_of_a_user_are_logged_with_the_actor(admin_user):
    with acting_as(admin_user):
        user = User.objects.create_user("ann@shop.test", "correct horse battery")
        user.role = User.Role.MERCHANT
        user.save()
        User.all_objects.filter(pk=user.pk).delete()

    entries = list(audit_trail(table_name="users", row_id=user.pk))

    assert [entry.operation for entry in entries] == ["INSERT", "UPDATE", "DELETE"]
    assert {entry.actor_id for entry in entries} == {admin_user.pk}
    insert, update, delete = entries
    assert insert.old_values is None and insert.new_values["email"] == "ann@shop.test"
    assert update.changed_fields == ["role", "updated_at"]
    assert (update.old_values["role"], update.new_values["role"]) == ("customer", "merchant")
    assert delete.old_values["email"] == "ann@shop.test" and delete.new_values is None


def test_a_change_made_outside_any_actor_is_logged_without_one():
    user = User.objects.create_user("system@shop.test", "correct horse battery")

    assert audit_trail(table_name="users", row_id=user.pk).get().actor_id is None


def test_an_update_of_an_unwatched_column_writes_nothing():
    user = User.objects.create_user("quiet@shop.test", "correct horse battery")

    user.first_name = "Quentin"
    user.save()

    assert list(audit_trail(table_name="users", row_id=user.pk).values_list("operation", flat=True)) == ["INSERT"]


def test_a_masked_column_never_reaches_the_log():
    user = User.objects.create_user("secret@shop.test", "first password")
    first_hash = user.password

    user.set_password("second password")
    user.email = "secret2@shop.test"
    user.save()

    entries = list(audit_trail(table_name="users", row_id=user.pk))
    assert [entry.operation for entry in entries] == ["INSERT", "UPDATE"]
    assert "email" in entries[1].changed_fields
    assert "password_hash" not in entries[1].changed_fields
    for entry in entries:
        assert "password_hash" not in (entry.old_values or {})
        assert "password_hash" not in (entry.new_values or {})
    (dump,) = sql("SELECT string_agg(to_jsonb(a)::text, '') FROM audit_log a WHERE row_id = %s", [str(user.pk)])[0]
    assert first_hash not in dump and user.password not in dump


def test_a_password_change_alone_writes_nothing():
    user = User.objects.create_user("pw@shop.test", "first password")

    user.set_password("second password")
    user.save()

    assert audit_trail(table_name="users", row_id=user.pk).count() == 1


@pytest.mark.parametrize(
    "statement",
    ["UPDATE audit_log SET table_name = 'forged'", "DELETE FROM audit_log", "TRUNCATE audit_log"],
)
def test_the_database_refuses_to_change_or_remove_log_rows(statement):
    User.objects.create_user("kept@shop.test", "correct horse battery")

    with pytest.raises(DatabaseError, match="audit_log is append-only"), transaction.atomic():
        sql(statement)

    assert AuditLogEntry.objects.filter(row_id__isnull=False, table_name="users").exists()
    assert not AuditLogEntry.objects.filter(table_name="forged").exists()


def test_acting_as_restores_the_previous_actor_and_none_means_the_system(admin_user):
    other = User.objects.create_user("other@shop.test", "correct horse battery")

    with acting_as(admin_user):
        with acting_as(other):
            assert current_actor_setting() == str(other.pk)
        assert current_actor_setting() == str(admin_user.pk)
        with acting_as(None):
            assert current_actor_setting() == ""


def test_a_change_in_a_signed_in_request_records_that_user(client, admin_user):
    """The admin's change form runs in autocommit-mode request handling; the middleware supplies the actor."""
    customer = User.objects.create_user("cust@shop.test", "correct horse battery", first_name="Cy")
    client.force_login(admin_user)
    url = f"/admin/accounts/user/{customer.pk}/change/"
    # The inlines (addresses, sessions) post their management forms, unchanged.
    inlines = {}
    for inline in client.get(url).context["inline_admin_formsets"]:
        management = inline.formset.management_form
        inlines.update({f"{management.prefix}-{name}": value for name, value in management.initial.items()})

    response = client.post(
        url,
        {
            "email": "cust@shop.test",
            "first_name": "Cy",
            "last_name": "",
            "role": "merchant",
            "is_active": "on",
            **inlines,
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    update = audit_trail(table_name="users", row_id=customer.pk).get(operation="UPDATE")
    assert update.actor_id == admin_user.pk
    assert update.new_values["role"] == "merchant"
    # The connection does not carry the admin's id past the request.
    assert current_actor_setting() == ""


def test_an_anonymous_request_sets_no_actor(client):
    client.get("/admin/login/")

    assert current_actor_setting() in ("", None)


def this_month_partition():
    return sql("SELECT 'audit_log_' || to_char(now() AT TIME ZONE 'UTC', '\"y\"YYYY\"m\"MM')")[0][0]


def partition_of(entry_id):
    return sql("SELECT tableoid::regclass::text FROM audit_log WHERE id = %s", [entry_id])[0][0]


def test_partitions_are_created_once_and_rows_land_in_their_month():
    """Migrations create only the DEFAULT partition; the first run moves this month's rows out of it."""
    user = User.objects.create_user("early@shop.test", "correct horse battery")
    early = audit_trail(table_name="users", row_id=user.pk).get()
    assert partition_of(early.id) == "audit_log_default"

    created = ensure_partitions(months_ahead=2)

    assert len(created) == 3 and created[0] == this_month_partition()
    assert created == sorted(created)
    assert partition_of(early.id) == this_month_partition()
    later = User.objects.create_user("later@shop.test", "correct horse battery")
    assert partition_of(audit_trail(table_name="users", row_id=later.pk).get().id) == this_month_partition()
    assert ensure_partitions(months_ahead=2) == []
    # Moving rows detached and re-attached the DEFAULT partition: it still takes rows and guards them.
    (old_id,) = sql(
        "INSERT INTO audit_log (occurred_at, table_name, operation) VALUES ('2001-01-01', 'users', 'INSERT') "
        "RETURNING id"
    )[0]
    assert partition_of(old_id) == "audit_log_default"
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        sql("DELETE FROM audit_log_default")


def test_the_partition_command_is_idempotent(capsys):
    call_command("ensure_audit_partitions", "--months", "1")
    first = capsys.readouterr().out

    call_command("ensure_audit_partitions", "--months", "1")
    second = capsys.readouterr().out

    assert first.startswith("Created ") and this_month_partition() in first
    assert second == "Every partition up to 1 month(s) ahead already exists.\n"
    assert sql("SELECT count(*) FROM pg_inherits WHERE inhparent = 'audit_log'::regclass")[0][0] == 3


def test_the_celery_task_calls_the_service():
    assert ensure_audit_partitions.delay(months_ahead=0).get() == [this_month_partition()]


def test_audit_table_attaches_and_detaches_the_trigger():
    sql("CREATE TABLE audited_thing (id uuid PRIMARY KEY, price numeric, note text, token text)")
    operation = AuditTable("audited_thing", watch=["price"], mask=["token"])

    with connection.schema_editor() as editor:
        operation.database_forwards("audit", editor, None, None)
    sql("INSERT INTO audited_thing VALUES ('00000000-0000-0000-0000-000000000001', 1, 'a', 'tok')")
    sql("UPDATE audited_thing SET note = 'b'")
    sql("UPDATE audited_thing SET price = 2")
    rows = sql(
        "SELECT operation, changed_fields, new_values FROM audit_log WHERE table_name = 'audited_thing' ORDER BY id"
    )
    with connection.schema_editor() as editor:
        operation.database_backwards("audit", editor, None, None)
    sql("UPDATE audited_thing SET price = 3")

    assert [(op, changed) for op, changed, _ in rows] == [("INSERT", None), ("UPDATE", ["price"])]
    assert all("token" not in new_values for *_, new_values in rows)
    assert sql("SELECT count(*) FROM audit_log WHERE table_name = 'audited_thing'")[0][0] == 2


def test_audit_table_refuses_unknown_and_contradictory_columns():
    with pytest.raises(ValueError, match="both watched and masked"):
        AuditTable("users", watch=["email"], mask=["email"])
    with pytest.raises(ValueError, match=r"no column\(s\) \['colour'\]"), connection.schema_editor() as editor:
        AuditTable("users", watch=["colour"]).database_forwards("audit", editor, None, None)


@pytest.mark.django_db
def test_a_price_change_of_a_product_is_audited_but_a_copy_edit_is_not():
    product = create_product(price="10.00")
    product.description = "Better words"
    product.save()
    product.price = "12.50"
    product.save()

    rows = list(AuditLogEntry.objects.filter(table_name="products", row_id=str(product.pk)).order_by("id"))

    assert [row.operation for row in rows] == ["INSERT", "UPDATE"]
    assert rows[1].old_values["price"] == 10.0
    assert rows[1].new_values["price"] == 12.5


@pytest.mark.django_db
def test_orders_payments_refunds_and_coupons_carry_audit_triggers():
    with connection.cursor() as cursor:
        cursor.execute("SELECT tgrelid::regclass::text FROM pg_trigger WHERE tgname LIKE '%\\_audit'")
        audited = {name for (name,) in cursor.fetchall()}

    assert {"orders", "order_items", "payments", "refunds", "coupons", "products", "users"} <= audited
