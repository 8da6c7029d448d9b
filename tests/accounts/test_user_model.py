import pytest
from django.contrib.auth import authenticate
from django.db import IntegrityError, connection

from apps.accounts.models import User
from apps.accounts.services import ensure_superuser

pytestmark = pytest.mark.django_db


def insert_user_row(email, role="customer"):
    """Write straight to the table, past Django's validation: the database alone must refuse."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO users (email, password_hash, first_name, last_name, role, is_superuser) "
            "VALUES (%s, 'x', 'A', 'B', %s, false)",
            [email, role],
        )


def test_the_user_table_is_the_seeds_users_table():
    assert User._meta.db_table == "users"
    with connection.cursor() as cursor:
        cursor.execute("SELECT column_name FROM information_schema.columns WHERE table_name = 'users'")
        columns = {name for (name,) in cursor.fetchall()}
    assert {"id", "email", "password_hash", "first_name", "last_name", "role", "email_verified"} <= columns
    assert {"created_at", "updated_at", "deleted_at"} <= columns


def test_a_row_inserted_by_sql_gets_its_uuid_and_timestamps_from_the_database():
    insert_user_row("sql@example.com")

    user = User.objects.get(email="sql@example.com")

    assert user.id is not None
    assert user.created_at is not None
    assert user.role == User.Role.CUSTOMER


def test_the_same_email_in_another_letter_case_is_refused_by_the_database():
    insert_user_row("Mary@Example.com")

    with pytest.raises(IntegrityError, match="users_email_ci_key"):
        insert_user_row("mary@example.COM")


def test_an_unknown_role_is_refused_by_the_database():
    with pytest.raises(IntegrityError, match="users_role_check"):
        insert_user_row("boss@example.com", role="emperor")


def test_sign_in_matches_the_email_whatever_its_case(rf):
    User.objects.create_user("lin@example.com", "correct horse battery")

    request = rf.post("/admin/login/")
    assert authenticate(request, username="LIN@example.com", password="correct horse battery") is not None
    assert authenticate(request, username="lin@example.com", password="wrong") is None


def test_passwords_are_hashed_with_argon2():
    user = User.objects.create_user("argon@example.com", "correct horse battery")

    assert user.password.startswith("argon2$")


def test_a_soft_deleted_user_is_hidden_by_the_default_manager_but_kept(rf):
    user = User.objects.create_user("gone@example.com", "correct horse battery")

    user.mark_deleted()

    assert not User.objects.filter(pk=user.pk).exists()
    assert User.all_objects.get(pk=user.pk).is_deleted
    assert authenticate(rf.post("/admin/login/"), username="gone@example.com", password="correct horse battery") is None


def test_ensure_superuser_creates_the_admin_once():
    first, created = ensure_superuser(email="admin@shop.test", password="s3cret-pass")
    again, created_again = ensure_superuser(email="ADMIN@shop.test", password="other")

    assert created and not created_again
    assert first.pk == again.pk
    assert first.is_staff and first.is_superuser and first.role == User.Role.ADMIN
    assert again.check_password("s3cret-pass")
