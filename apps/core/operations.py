"""Migration operations for what Django declares but does not put in the database."""

from django.db import migrations, models
from django.db.migrations.operations.base import Operation

# Django 5.2 emulates on_delete in Python and creates every foreign key as NO ACTION. These are the
# rules the database itself applies when a row is deleted by SQL (seed 003 §8.1).
ON_DELETE_SQL = {
    models.CASCADE: "CASCADE",
    models.SET_NULL: "SET NULL",
    models.PROTECT: "RESTRICT",
    models.RESTRICT: "RESTRICT",
    models.DO_NOTHING: "NO ACTION",
}


class EnforceOnDelete(Operation):
    """Rebuild a foreign key so that PostgreSQL applies the field's own on_delete rule.

    Place it after the operation that creates the field. The rule is read from the field in
    the migration state, so the database and Django cannot disagree; ON UPDATE is CASCADE.
    Reversing restores Django's NO ACTION constraint.
    """

    reversible = True

    def __init__(self, model_name, field_name):
        self.model_name = model_name
        self.field_name = field_name

    def deconstruct(self):
        return self.__class__.__name__, [], {"model_name": self.model_name, "field_name": self.field_name}

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        field = self._field(app_label, to_state)
        rule = ON_DELETE_SQL[field.remote_field.on_delete]
        self._rebuild(schema_editor, field, f"ON DELETE {rule} ON UPDATE CASCADE")

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        self._rebuild(schema_editor, self._field(app_label, from_state), "")

    def describe(self):
        return f"Enforce on_delete of {self.model_name}.{self.field_name} in the database"

    @property
    def migration_name_fragment(self):
        return f"enforce_on_delete_{self.model_name.lower()}_{self.field_name.lower()}"

    def _field(self, app_label, state):
        return state.apps.get_model(app_label, self.model_name)._meta.get_field(self.field_name)

    def _rebuild(self, schema_editor, field, rules):
        model = field.model
        table = model._meta.db_table
        target = field.remote_field.model._meta
        target_column = target.get_field(field.remote_field.field_name).column
        with schema_editor.connection.cursor() as cursor:
            constraints = schema_editor.connection.introspection.get_constraints(cursor, table)
        names = [
            name for name, info in constraints.items() if info["foreign_key"] and info["columns"] == [field.column]
        ]
        quote = schema_editor.quote_name
        for name in names:
            schema_editor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
        name = names[0] if names else f"{table}_{field.column}_fk"
        schema_editor.execute(
            f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} FOREIGN KEY ({quote(field.column)}) "
            f"REFERENCES {quote(target.db_table)} ({quote(target_column)}) {rules} DEFERRABLE INITIALLY DEFERRED"
        )


def keep_updated_at(*tables):
    """The database keeps `updated_at` of these tables: analytics' set_updated_at() trigger, the one
    every ShopFlow table carries, added by the migration that creates the table."""
    return migrations.RunSQL(
        sql=[
            f"CREATE TRIGGER set_updated_at BEFORE UPDATE ON {table} FOR EACH ROW EXECUTE FUNCTION set_updated_at()"
            for table in tables
        ],
        reverse_sql=[f"DROP TRIGGER set_updated_at ON {table}" for table in tables],
    )
