"""A migration operation that attaches the audit trigger to a table with one line."""

from django.db.migrations.operations.base import Operation

MASK_PREFIX = "mask:"


class AuditTable(Operation):
    """Log every INSERT, UPDATE and DELETE of `table` into audit_log.

        AuditTable("products", watch=["price", "stock"])
        AuditTable("users", watch=["role", "email"], mask=["password_hash"])

    `watch` names the columns whose change is worth a log row: an UPDATE that changes none of
    them writes nothing (with no `watch`, every UPDATE that changes a value is logged). INSERT
    and DELETE are always logged. `mask` names columns whose values must never reach the log
    (hashes, tokens); they are removed from old_values, new_values and changed_fields, so a
    masked column cannot also be watched. Names are database column names (`db_column`).

    The trigger is `<table>_audit`, calling audit_row_change() with the watched columns as
    arguments followed by one 'mask:<column>' argument per masked column. The migration holding
    this operation must depend on the one that creates the table and on audit's 0001.
    """

    reversible = True
    reduces_to_sql = True

    def __init__(self, table, watch=(), mask=()):
        overlap = set(watch) & set(mask)
        if overlap:
            raise ValueError(f"Columns cannot be both watched and masked: {sorted(overlap)}")
        self.table = table
        self.watch = list(watch)
        self.mask = list(mask)

    @property
    def trigger_name(self):
        return f"{self.table}_audit"

    def state_forwards(self, app_label, state):
        # The trigger lives only in the database; Django's model state does not change.
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        connection = schema_editor.connection
        with connection.cursor() as cursor:
            columns = {column.name for column in connection.introspection.get_table_description(cursor, self.table)}
        unknown = (set(self.watch) | set(self.mask)) - columns
        if unknown:
            raise ValueError(f"Table {self.table!r} has no column(s) {sorted(unknown)} to audit")
        arguments = [*self.watch, *(MASK_PREFIX + column for column in self.mask)]
        schema_editor.execute(
            "CREATE TRIGGER {trigger} AFTER INSERT OR UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION audit_row_change({arguments})".format(
                trigger=schema_editor.quote_name(self.trigger_name),
                table=schema_editor.quote_name(self.table),
                arguments=", ".join(schema_editor.quote_value(argument) for argument in arguments),
            )
        )

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        schema_editor.execute(
            f"DROP TRIGGER {schema_editor.quote_name(self.trigger_name)} ON {schema_editor.quote_name(self.table)}"
        )

    def describe(self):
        return f"Audit changes to table {self.table}"

    @property
    def migration_name_fragment(self):
        return f"audit_{self.table}"
