from django.db import migrations

EXTENSIONS = ("pgcrypto", "pg_trgm")


def drop_if_ours(name):
    # A server may come with the extension installed by its superuser (the local cluster puts it in
    # template1): reversing removes only what this role itself created.
    return f"""
        DO $$ BEGIN
            IF EXISTS (SELECT FROM pg_extension e JOIN pg_roles r ON r.oid = e.extowner
                       WHERE e.extname = '{name}' AND r.rolname = current_user) THEN
                DROP EXTENSION {name};
            END IF;
        END $$;
    """


class Migration(migrations.Migration):
    """Extensions the schema relies on: pgcrypto (encryption, digests) and pg_trgm (fuzzy search).

    Both are trusted extensions, so the app's own role may create them on an external server.
    """

    initial = True
    dependencies = []
    operations = [
        migrations.RunSQL(f"CREATE EXTENSION IF NOT EXISTS {name};", reverse_sql=drop_if_ours(name))
        for name in EXTENSIONS
    ]
