"""PostgreSQL lookups the ORM does not spell itself."""

from django.db.models import Lookup


class EqualsAny(Lookup):
    """`column = ANY(%s)` with the values bound as one array parameter.

    Django writes `column IN (%s, %s, ...)` with a parameter per value: the statement's text then
    changes with the number of values (so it is never the same prepared statement) and each value
    is adapted separately. Use it as an expression: .filter(EqualsAny(F("category_id"), ids)).
    """

    lookup_name = "equals_any"
    prepare_rhs = False  # a list of values, not one value of the column's type

    def get_db_prep_lookup(self, value, connection):
        field = self.lhs.output_field
        return ("%s", [[field.get_db_prep_value(item, connection, prepared=False) for item in value]])

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY({rhs})", [*lhs_params, *rhs_params]
