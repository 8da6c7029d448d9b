from django.db import migrations

# The same log rows as audit_row_change() (0001), written by one INSERT ... SELECT per statement
# over its transition tables instead of one function call and one INSERT per changed row: a
# checkout's order items, stock rows and product syncs are each logged in one go.
STATEMENT_FUNCTION = """
CREATE FUNCTION audit_changed_rows() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    watched text[] := '{}';
    masked text[] := '{}';
    actor uuid := nullif(current_setting('shopflow.actor_id', true), '')::uuid;
BEGIN
    FOR i IN 0 .. TG_NARGS - 1 LOOP
        IF TG_ARGV[i] LIKE 'mask:%' THEN
            masked := masked || substr(TG_ARGV[i], 6);
        ELSE
            watched := watched || TG_ARGV[i];
        END IF;
    END LOOP;
    IF TG_OP = 'INSERT' THEN
        INSERT INTO audit_log (table_name, operation, row_id, new_values, actor_id)
        SELECT TG_TABLE_NAME, TG_OP, r.new_row ->> 'id', r.new_row, actor
          FROM (SELECT to_jsonb(n) - masked AS new_row FROM new_rows n) r;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO audit_log (table_name, operation, row_id, old_values, actor_id)
        SELECT TG_TABLE_NAME, TG_OP, r.old_row ->> 'id', r.old_row, actor
          FROM (SELECT to_jsonb(o) - masked AS old_row FROM old_rows o) r;
    ELSE
        INSERT INTO audit_log (table_name, operation, row_id, old_values, new_values, changed_fields, actor_id)
        SELECT TG_TABLE_NAME, TG_OP, c.new_row ->> 'id', c.old_row, c.new_row, c.changed, actor
          FROM (SELECT o.old_row, n.new_row,
                       (SELECT array_agg(nv.key ORDER BY nv.key)
                          FROM jsonb_each(n.new_row) AS nv JOIN jsonb_each(o.old_row) AS ov USING (key)
                         WHERE nv.value IS DISTINCT FROM ov.value) AS changed
                  FROM (SELECT to_jsonb(x) - masked AS old_row FROM old_rows x) o
                  JOIN (SELECT to_jsonb(x) - masked AS new_row FROM new_rows x) n
                    ON n.new_row -> 'id' = o.old_row -> 'id') c
         WHERE c.changed IS NOT NULL AND (cardinality(watched) = 0 OR c.changed && watched);
    END IF;
    RETURN NULL;
END;
$$;
COMMENT ON FUNCTION audit_changed_rows() IS
'Statement-level twin of audit_row_change(): the same arguments and log rows, one INSERT per statement.';
"""

# Every `<table>_audit` row trigger becomes three statement triggers with the same arguments; the
# UPDATE one keeps the name, INSERT and DELETE get `_on_insert` / `_on_delete`.
TO_STATEMENTS = """
DO $$
DECLARE
    t record;
BEGIN
    FOR t IN
        SELECT tg.tgrelid::regclass AS tbl, tg.tgname AS name,
               (SELECT coalesce(string_agg(quote_literal(a), ', '), '')
                  FROM unnest(string_to_array(encode(tg.tgargs, 'escape'), '\\000')) AS a WHERE a <> '') AS args
          FROM pg_trigger tg
         WHERE tg.tgfoid = 'audit_row_change'::regproc AND NOT tg.tgisinternal
    LOOP
        EXECUTE format('DROP TRIGGER %I ON %s', t.name, t.tbl);
        EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %s REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION audit_changed_rows(%s)', t.name, t.tbl, t.args);
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %s REFERENCING NEW TABLE AS new_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION audit_changed_rows(%s)', t.name || '_on_insert', t.tbl, t.args);
        EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %s REFERENCING OLD TABLE AS old_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION audit_changed_rows(%s)', t.name || '_on_delete', t.tbl, t.args);
    END LOOP;
END;
$$;
"""

TO_ROWS = """
DO $$
DECLARE
    t record;
BEGIN
    FOR t IN
        SELECT tg.tgrelid::regclass AS tbl, tg.tgname AS name,
               (SELECT coalesce(string_agg(quote_literal(a), ', '), '')
                  FROM unnest(string_to_array(encode(tg.tgargs, 'escape'), '\\000')) AS a WHERE a <> '') AS args
          FROM pg_trigger tg
         WHERE tg.tgfoid = 'audit_changed_rows'::regproc AND NOT tg.tgisinternal
           AND tg.tgname NOT LIKE '%\\_on\\_insert' AND tg.tgname NOT LIKE '%\\_on\\_delete'
    LOOP
        EXECUTE format('DROP TRIGGER %I ON %s', t.name, t.tbl);
        EXECUTE format('DROP TRIGGER %I ON %s', t.name || '_on_insert', t.tbl);
        EXECUTE format('DROP TRIGGER %I ON %s', t.name || '_on_delete', t.tbl);
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %s '
                       'FOR EACH ROW EXECUTE FUNCTION audit_row_change(%s)', t.name, t.tbl, t.args);
    END LOOP;
END;
$$;
"""


class Migration(migrations.Migration):
    """Audit rows batched per statement (issue #17); the log's content is unchanged."""

    dependencies = [("audit", "0003_audit_domain_tables")]

    operations = [
        migrations.RunSQL(STATEMENT_FUNCTION, reverse_sql="DROP FUNCTION audit_changed_rows();"),
        migrations.RunSQL(TO_STATEMENTS, reverse_sql=TO_ROWS),
    ]
