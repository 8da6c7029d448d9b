import django.contrib.postgres.fields
from django.db import migrations, models

# The table is partitioned by month (UTC). Only the DEFAULT partition is created here: a migration
# must build the same schema whatever day it runs, so the monthly partitions are made by
# audit_log_ensure_partitions() (the `ensure_audit_partitions` command and its daily Celery task),
# which also moves rows that reached the DEFAULT partition before their month's partition existed.
CREATE_TABLE = """
CREATE TABLE audit_log (
    id bigint GENERATED ALWAYS AS IDENTITY,
    occurred_at timestamptz NOT NULL DEFAULT now(),
    table_name text NOT NULL,
    operation text NOT NULL CONSTRAINT audit_log_operation_check CHECK (operation IN ('INSERT', 'UPDATE', 'DELETE')),
    row_id text,
    old_values jsonb,
    new_values jsonb,
    changed_fields text[],
    actor_id uuid,
    CONSTRAINT audit_log_pkey PRIMARY KEY (id, occurred_at)
) PARTITION BY RANGE (occurred_at);

COMMENT ON TABLE audit_log IS 'Append-only log of changes to audited tables, written by the audit_row_change() trigger; partitioned by month';
COMMENT ON COLUMN audit_log.occurred_at IS 'Start of the transaction that made the change';
COMMENT ON COLUMN audit_log.row_id IS 'The changed row''s id, as text';
COMMENT ON COLUMN audit_log.old_values IS 'The row before the change (UPDATE, DELETE), masked columns removed';
COMMENT ON COLUMN audit_log.new_values IS 'The row after the change (INSERT, UPDATE), masked columns removed';
COMMENT ON COLUMN audit_log.changed_fields IS 'Columns whose value changed (UPDATE only), masked columns excluded';
COMMENT ON COLUMN audit_log.actor_id IS 'The acting user (setting shopflow.actor_id); NULL for system changes';

CREATE TABLE audit_log_default PARTITION OF audit_log DEFAULT;

CREATE INDEX audit_log_old_values_gin ON audit_log USING gin (old_values jsonb_path_ops);
CREATE INDEX audit_log_new_values_gin ON audit_log USING gin (new_values jsonb_path_ops);
CREATE INDEX audit_log_row_idx ON audit_log (table_name, row_id, occurred_at);
"""

DROP_TABLE = "DROP TABLE audit_log;"

# Row triggers on a partitioned table are cloned onto every partition, present and future, so a
# row cannot be changed through a partition either. TRUNCATE has its own statement trigger.
APPEND_ONLY = """
CREATE FUNCTION audit_log_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP
        USING HINT = 'Old entries leave by dropping their monthly partition.';
END;
$$;

CREATE TRIGGER audit_log_append_only
    BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();

CREATE TRIGGER audit_log_no_truncate
    BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
"""

DROP_APPEND_ONLY = """
DROP TRIGGER audit_log_no_truncate ON audit_log;
DROP TRIGGER audit_log_append_only ON audit_log;
DROP FUNCTION audit_log_refuse_change();
"""

# SECURITY DEFINER: the function runs as the owner of audit_log, so a role that may write to an
# audited table (shopflow_order_manager) is audited without being allowed to write the log itself.
# The pinned search_path keeps such a function from resolving names in a caller's schema.
ROW_CHANGE = """
CREATE FUNCTION audit_row_change() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    watched text[] := '{}';
    masked text[] := '{}';
    old_row jsonb;
    new_row jsonb;
    changed text[];
BEGIN
    FOR i IN 0 .. TG_NARGS - 1 LOOP
        IF TG_ARGV[i] LIKE 'mask:%' THEN
            masked := masked || substr(TG_ARGV[i], 6);
        ELSE
            watched := watched || TG_ARGV[i];
        END IF;
    END LOOP;

    IF TG_OP <> 'INSERT' THEN
        old_row := to_jsonb(OLD) - masked;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        new_row := to_jsonb(NEW) - masked;
    END IF;

    IF TG_OP = 'UPDATE' THEN
        SELECT array_agg(n.key ORDER BY n.key) INTO changed
          FROM jsonb_each(new_row) AS n
          JOIN jsonb_each(old_row) AS o USING (key)
         WHERE n.value IS DISTINCT FROM o.value;
        IF changed IS NULL OR (cardinality(watched) > 0 AND NOT changed && watched) THEN
            RETURN NULL;
        END IF;
    END IF;

    INSERT INTO audit_log (table_name, operation, row_id, old_values, new_values, changed_fields, actor_id)
    VALUES (TG_TABLE_NAME, TG_OP, coalesce(new_row, old_row) ->> 'id', old_row, new_row, changed,
            nullif(current_setting('shopflow.actor_id', true), '')::uuid);
    RETURN NULL;
END;
$$;

COMMENT ON FUNCTION audit_row_change() IS
'AFTER INSERT OR UPDATE OR DELETE row trigger writing one audit_log row per change. Arguments: a plain column name is watched (an UPDATE is logged only when a watched column changed; no watched column means every UPDATE that changes something); ''mask:<column>'' removes that column from old_values, new_values and changed_fields. The actor is the setting shopflow.actor_id.';
"""

DROP_ROW_CHANGE = "DROP FUNCTION audit_row_change();"

ENSURE_PARTITIONS = """
CREATE FUNCTION audit_log_ensure_partitions(months_ahead integer) RETURNS SETOF text
-- New tables are named with their schema: with pg_catalog first in the pinned search_path, an
-- unqualified CREATE TABLE would aim at pg_catalog.
LANGUAGE plpgsql SET search_path = pg_catalog, public AS $$
DECLARE
    month_start timestamp;
    lower_bound timestamptz;
    upper_bound timestamptz;
    partition_name text;
BEGIN
    IF months_ahead IS NULL OR months_ahead < 0 THEN
        RAISE EXCEPTION 'months_ahead must be 0 or more, not %', months_ahead;
    END IF;
    FOR i IN 0 .. months_ahead LOOP
        -- Months are UTC months whatever the session's TimeZone.
        month_start := date_trunc('month', now() AT TIME ZONE 'UTC') + make_interval(months => i);
        partition_name := 'audit_log_' || to_char(month_start, '"y"YYYY"m"MM');
        CONTINUE WHEN to_regclass('public.' || partition_name) IS NOT NULL;
        lower_bound := month_start AT TIME ZONE 'UTC';
        upper_bound := (month_start + interval '1 month') AT TIME ZONE 'UTC';

        IF EXISTS (SELECT FROM audit_log_default WHERE occurred_at >= lower_bound AND occurred_at < upper_bound) THEN
            -- The month's rows already sit in the DEFAULT partition, which would make CREATE ...
            -- PARTITION OF fail. Detached, the default partition loses the append-only trigger
            -- for the length of this transaction, so its rows can move to the new partition.
            ALTER TABLE audit_log DETACH PARTITION audit_log_default;
            EXECUTE format('CREATE TABLE public.%I PARTITION OF audit_log FOR VALUES FROM (%L) TO (%L)',
                           partition_name, lower_bound, upper_bound);
            EXECUTE format('INSERT INTO public.%I OVERRIDING SYSTEM VALUE SELECT * FROM audit_log_default '
                           'WHERE occurred_at >= $1 AND occurred_at < $2', partition_name)
                USING lower_bound, upper_bound;
            DELETE FROM audit_log_default WHERE occurred_at >= lower_bound AND occurred_at < upper_bound;
            ALTER TABLE audit_log ATTACH PARTITION audit_log_default DEFAULT;
        ELSE
            EXECUTE format('CREATE TABLE public.%I PARTITION OF audit_log FOR VALUES FROM (%L) TO (%L)',
                           partition_name, lower_bound, upper_bound);
        END IF;
        RETURN NEXT partition_name;
    END LOOP;
END;
$$;

COMMENT ON FUNCTION audit_log_ensure_partitions(integer) IS
'Creates the monthly partitions audit_log_yYYYYmMM of the current UTC month and the next months_ahead months that do not exist yet, moving their rows out of the DEFAULT partition; returns the names created.';
"""

DROP_ENSURE_PARTITIONS = "DROP FUNCTION audit_log_ensure_partitions(integer);"


class Migration(migrations.Migration):
    """The append-only, monthly-partitioned audit log and the trigger function that feeds it."""

    initial = True

    dependencies = [
        ("core", "0001_extensions"),
    ]

    operations = [
        migrations.RunSQL(CREATE_TABLE, DROP_TABLE),
        migrations.RunSQL(APPEND_ONLY, DROP_APPEND_ONLY),
        migrations.RunSQL(ROW_CHANGE, DROP_ROW_CHANGE),
        migrations.RunSQL(ENSURE_PARTITIONS, DROP_ENSURE_PARTITIONS),
        migrations.CreateModel(
            name="AuditLogEntry",
            fields=[
                ("id", models.BigIntegerField(primary_key=True, serialize=False)),
                ("occurred_at", models.DateTimeField()),
                ("table_name", models.TextField()),
                (
                    "operation",
                    models.TextField(choices=[("INSERT", "Insert"), ("UPDATE", "Update"), ("DELETE", "Delete")]),
                ),
                ("row_id", models.TextField(null=True)),
                ("old_values", models.JSONField(null=True)),
                ("new_values", models.JSONField(null=True)),
                (
                    "changed_fields",
                    django.contrib.postgres.fields.ArrayField(base_field=models.TextField(), null=True, size=None),
                ),
                ("actor_id", models.UUIDField(null=True)),
            ],
            options={
                "verbose_name": "audit log entry",
                "verbose_name_plural": "audit log entries",
                "db_table": "audit_log",
                "ordering": ["-occurred_at", "-id"],
                "managed": False,
            },
        ),
    ]
