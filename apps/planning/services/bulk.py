"""Writing many computed rows at once: COPY on Django's own connection (it joins the open transaction)."""

from django.db import connection


def copy_rows(table, columns, rows):
    connection.ensure_connection()
    with (
        connection.connection.cursor() as cursor,
        cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)
