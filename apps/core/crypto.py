"""Column encryption with pgcrypto: the database encrypts and decrypts, Django never sees ciphertext.

`EncryptedTextField` stores pgp_sym_encrypt(value, key) in a bytea column and reads it back
through pgp_sym_decrypt(column, key). The key comes from settings.FIELD_ENCRYPTION_KEY when a
query is compiled and always travels as a query parameter, never inside the SQL text Django
builds, so pg_stat_statements (which normalizes parameters and literals to $N) never stores it.

Where the key can still show up, and what production does about it:
- Django binds parameters on the client by default, so the statement text the server receives,
  and therefore pg_stat_activity.query and any statement the server logs (log_statement = 'all'
  or 'mod', log_min_duration_statement), contains the key. Production keeps log_statement at
  'ddl' or 'none' and, if slow statements are logged, sets OPTIONS["server_side_binding"] so the
  key is a bind parameter, plus log_parameter_max_length = 0 for the app role (a superuser:
  ALTER ROLE shopflow SET log_parameter_max_length = 0) so bind values are not logged.
- Anyone who can read the table and knows the key can decrypt: the key belongs in the
  environment of the app servers, not in the database or the repository.

pgp_sym_encrypt salts every value, so equal plaintexts give different ciphertexts: encrypted
columns cannot be filtered, joined or made unique; only `isnull` lookups are allowed.
"""

from django.conf import settings
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.db import models
from django.db.models.expressions import Expression
from django.db.models.lookups import IsNull

# AES-256 rather than pgcrypto's AES-128 default. Not secret, so it may sit in the SQL text.
ENCRYPT_OPTIONS = "cipher-algo=aes256"


def encryption_key() -> str:
    key = settings.FIELD_ENCRYPTION_KEY
    if not key:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEY is empty; encrypted columns cannot be read or written.")
    return key


class PgpSymEncrypt(Expression):
    """pgp_sym_encrypt(plaintext, key): the ciphertext of one value, for an INSERT or UPDATE.

    The key is fetched when the SQL is compiled, so the expression never holds it and its repr
    cannot leak it into a traceback or a log line.
    """

    output_field = models.BinaryField()

    def __init__(self, plaintext: str):
        super().__init__()
        self.plaintext = plaintext

    def __repr__(self):
        return f"{self.__class__.__name__}(<{len(self.plaintext)} characters>)"

    def as_sql(self, compiler, connection):
        return f"pgp_sym_encrypt(%s::text, %s::text, '{ENCRYPT_OPTIONS}')", [self.plaintext, encryption_key()]


class EncryptedTextField(models.TextField):
    """Text encrypted at rest by pgcrypto; reads and writes through the ORM see plaintext.

    The column is bytea. Writes go through get_db_prep_save, which Django's INSERT and UPDATE
    compilers call for every saved value and which may return an expression: it returns
    PgpSymEncrypt, whose SQL carries the key as a parameter. (get_placeholder cannot do this: it
    receives one parameter, the value, and has nowhere to put the key.) Reads go through
    select_format, which wraps the selected column in pgp_sym_decrypt with the key as a parameter.

    Decrypting with another key fails in the database ("Wrong key or corrupt data"). Values in
    other expressions (annotations, F()) stay ciphertext, and bulk_update() is refused by
    psycopg because it cannot pass an expression as a parameter; save() and update() work.
    """

    description = "Text encrypted with pgcrypto (bytea)"

    def db_type(self, connection):
        return "bytea"

    def get_db_prep_save(self, value, connection):
        value = self.get_prep_value(value)
        if value is None:
            return None
        return PgpSymEncrypt(value)

    def select_format(self, compiler, sql, params):
        return f"pgp_sym_decrypt({sql}, %s::text)", [*params, encryption_key()]

    def get_lookup(self, lookup_name):
        if lookup_name == IsNull.lookup_name:
            return IsNull
        raise FieldError(
            f"{self.__class__.__name__} {self.name!r} cannot be filtered with {lookup_name!r}: "
            "its ciphertext differs for every value, only 'isnull' is possible."
        )
