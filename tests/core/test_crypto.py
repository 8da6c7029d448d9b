import uuid

import pytest
from django.core.exceptions import FieldError
from django.db import DatabaseError, connection, models, transaction
from django.test.utils import isolate_apps

from apps.core.crypto import EncryptedTextField, PgpSymEncrypt

pytestmark = pytest.mark.django_db

CARD_TOKEN = "tok_visa_4242424242424242"


@pytest.fixture
def vault():
    """A model with an encrypted column and its table, created inside the test's transaction."""
    with isolate_apps("apps.core"):

        class PaymentToken(models.Model):
            label = models.CharField(max_length=50)
            secret = EncryptedTextField(null=True)

            class Meta:
                app_label = "core"
                db_table = "test_payment_token"

            def __str__(self):
                return self.label

        with connection.schema_editor() as editor:
            editor.create_model(PaymentToken)
        yield PaymentToken


def raw(query, params=()):
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall()


def test_the_column_holds_ciphertext_and_the_orm_returns_plaintext(vault):
    token = vault.objects.create(label="visa", secret=CARD_TOKEN)

    ((column_type,),) = raw(
        "SELECT data_type FROM information_schema.columns "
        "WHERE table_name = 'test_payment_token' AND column_name = 'secret'"
    )
    ((stored,),) = raw("SELECT secret FROM test_payment_token WHERE id = %s", [token.pk])
    assert column_type == "bytea"
    assert CARD_TOKEN.encode() not in bytes(stored)
    assert vault.objects.get(pk=token.pk).secret == CARD_TOKEN
    assert list(vault.objects.values_list("label", "secret")) == [("visa", CARD_TOKEN)]


def test_updates_are_encrypted_too(vault):
    token = vault.objects.create(label="visa", secret=CARD_TOKEN)

    token.secret = "tok_new"
    token.save()
    vault.objects.filter(label="visa").update(label="mastercard")
    vault.objects.filter(pk=token.pk).update(secret="tok_updated")

    ((stored,),) = raw("SELECT secret FROM test_payment_token")
    assert b"tok_updated" not in bytes(stored)
    assert vault.objects.get().secret == "tok_updated"


def test_null_stays_null(vault):
    vault.objects.create(label="empty", secret=None)

    assert raw("SELECT secret FROM test_payment_token") == [(None,)]
    assert vault.objects.get(secret__isnull=True).secret is None


def test_the_same_value_encrypts_differently_each_time(vault):
    vault.objects.create(label="a", secret=CARD_TOKEN)
    vault.objects.create(label="b", secret=CARD_TOKEN)

    ((distinct,),) = raw("SELECT count(DISTINCT secret) FROM test_payment_token")
    assert distinct == 2


def test_the_wrong_key_cannot_decrypt(vault, settings):
    vault.objects.create(label="visa", secret=CARD_TOKEN)

    with pytest.raises(DatabaseError, match="Wrong key or corrupt data"), transaction.atomic():
        raw("SELECT pgp_sym_decrypt(secret, 'not-the-key') FROM test_payment_token")
    settings.FIELD_ENCRYPTION_KEY = "another-key"
    with pytest.raises(DatabaseError, match="Wrong key or corrupt data"), transaction.atomic():
        vault.objects.get()


def test_filtering_on_ciphertext_is_refused(vault):
    with pytest.raises(FieldError, match="only 'isnull' is possible"):
        vault.objects.filter(secret=CARD_TOKEN)


def test_the_expression_repr_does_not_show_the_value():
    assert repr(PgpSymEncrypt(CARD_TOKEN)) == "PgpSymEncrypt(<25 characters>)"


def test_pg_stat_statements_stores_the_query_without_the_key(vault, settings):
    if not raw("SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements'"):
        pytest.skip("pg_stat_statements is not installed in this database")
    key = f"key-{uuid.uuid4().hex}"
    settings.FIELD_ENCRYPTION_KEY = key

    token = vault.objects.create(label="visa", secret=CARD_TOKEN)
    assert vault.objects.get(pk=token.pk).secret == CARD_TOKEN

    statements = [
        query
        for (query,) in raw(
            "SELECT query FROM pg_stat_statements WHERE query LIKE %s AND dbid = "
            "(SELECT oid FROM pg_database WHERE datname = current_database())",
            ["%test_payment_token%pgp_sym_%"],
        )
    ]
    assert any("pgp_sym_encrypt($" in query for query in statements)
    assert any("pgp_sym_decrypt(" in query for query in statements)
    assert not [query for query in statements if key in query or CARD_TOKEN in query]
