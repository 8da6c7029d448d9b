from django.contrib.postgres.operations import CryptoExtension, TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    """Extensions the schema relies on: pgcrypto (encryption, digests) and pg_trgm (fuzzy search).

    Both are trusted extensions, so the app's own role may create them on an external server.
    """

    initial = True
    dependencies = []
    operations = [CryptoExtension(), TrigramExtension()]
