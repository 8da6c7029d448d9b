import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from apps.ops.schema_docs import render_schema_markdown

pytestmark = pytest.mark.django_db


def test_the_committed_schema_document_matches_the_migrations(capsys):
    """Fails after a migration until `manage.py document_schema` is run and docs/schema.md committed."""
    call_command("document_schema", "--check")

    assert capsys.readouterr().out.endswith("schema.md is up to date.\n")


def test_the_document_is_deterministic_and_shows_what_sql_migrations_create():
    document = render_schema_markdown()

    assert render_schema_markdown() == document
    assert document.index("## ShopFlow tables") < document.index("### `users`") < document.index("## Framework tables")
    assert document.index("## Framework tables") < document.index("### `django_session`")
    assert "*Partitioned table, partitioned by `range (occurred_at)`*" in document
    assert "| `audit_log_default` | DEFAULT |" in document
    assert "### `audit_log_default`" not in document
    assert "FOR EACH STATEMENT EXECUTE FUNCTION audit_changed_rows('role', 'email', 'mask:password_hash')" in document
    assert "| `users_role_check` | CHECK |" in document
    assert "| `email` | character varying(255) | no |  | Login; unique whatever its letter case |" in document
    assert '    users ||--o{ users_groups : "user_id"' in document
    assert "pgp_sym_encrypt" not in document  # extension functions are not ShopFlow's


def test_a_foreign_key_shows_its_delete_and_update_rules():
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE doc_child (id int PRIMARY KEY, "
            "user_id uuid REFERENCES users (id) ON DELETE RESTRICT ON UPDATE CASCADE)"
        )

    document = render_schema_markdown()

    assert "| `doc_child_user_id_fkey` | FOREIGN KEY | `FOREIGN KEY (user_id) REFERENCES users(id) " in document
    assert "ON UPDATE CASCADE ON DELETE RESTRICT` | RESTRICT | CASCADE |" in document
    assert '    users |o--o{ doc_child : "user_id"' in document


def test_check_fails_with_a_diff_when_the_file_is_stale(tmp_path, capsys):
    stale = tmp_path / "schema.md"
    stale.write_text("# an old schema\n")

    with pytest.raises(CommandError, match="is out of date"):
        call_command("document_schema", "--check", "--output", str(stale))

    out = capsys.readouterr().out
    assert "-# an old schema" in out and "+# ShopFlow database schema" in out

    call_command("document_schema", "--output", str(stale))
    assert stale.read_text() == render_schema_markdown()
