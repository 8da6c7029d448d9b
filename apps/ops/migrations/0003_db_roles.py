from django.db import migrations

# Roles are cluster-wide while grants live in each database, and test databases come and go on
# the same cluster: role creation is idempotent (and safe against a concurrent test run doing the
# same), and the grants are a function each database can re-run as its tables appear. The ops
# app's post_migrate hook calls it after every `migrate`, so tables added by later migrations
# (orders, order_items, materialized views) are granted without a migration here.
APPLY_ROLE_GRANTS = """
CREATE FUNCTION shopflow_apply_role_grants() RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, public AS $$
DECLARE
    group_role text;
    order_table text;
BEGIN
    FOREACH group_role IN ARRAY ARRAY['shopflow_readonly', 'shopflow_order_manager', 'shopflow_analyst'] LOOP
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = group_role) THEN
            BEGIN
                EXECUTE format('CREATE ROLE %I NOLOGIN', group_role);
            EXCEPTION WHEN duplicate_object OR unique_violation THEN
                NULL;  -- created meanwhile by another database's migration
            END;
        END IF;
        EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), group_role);
        EXECUTE format('GRANT USAGE ON SCHEMA public TO %I', group_role);
    END LOOP;

    -- ALL TABLES covers views, materialized views and partitions; the default privileges cover
    -- what the migrating role creates later.
    GRANT SELECT ON ALL TABLES IN SCHEMA public TO shopflow_readonly, shopflow_analyst;
    ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO shopflow_readonly, shopflow_analyst;

    FOREACH order_table IN ARRAY ARRAY['orders', 'order_items'] LOOP
        IF to_regclass(format('public.%I', order_table)) IS NOT NULL THEN
            EXECUTE format('GRANT SELECT, INSERT, UPDATE ON public.%I TO shopflow_order_manager', order_table);
        END IF;
    END LOOP;
END;
$$;

COMMENT ON FUNCTION shopflow_apply_role_grants() IS
'Creates the group roles shopflow_readonly, shopflow_order_manager and shopflow_analyst if missing and grants them their privileges in this database (order tables only once they exist). Idempotent.';

SELECT shopflow_apply_role_grants();
"""

# Revoke this database's grants, then drop each role unless another database of the cluster still
# grants it something (the development database while a test database unmigrates, for instance).
REVOKE_ROLE_GRANTS = """
DO $$
DECLARE
    group_role text;
BEGIN
    FOREACH group_role IN ARRAY ARRAY['shopflow_readonly', 'shopflow_order_manager', 'shopflow_analyst'] LOOP
        CONTINUE WHEN NOT EXISTS (SELECT FROM pg_roles WHERE rolname = group_role);
        EXECUTE format('REVOKE ALL ON ALL TABLES IN SCHEMA public FROM %I', group_role);
        EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM %I', group_role);
        EXECUTE format('REVOKE USAGE ON SCHEMA public FROM %I', group_role);
        EXECUTE format('REVOKE CONNECT ON DATABASE %I FROM %I', current_database(), group_role);
        BEGIN
            EXECUTE format('DROP ROLE %I', group_role);
        EXCEPTION WHEN dependent_objects_still_exist THEN
            RAISE NOTICE 'role % kept: another database still grants it privileges', group_role;
        END;
    END LOOP;
END;
$$;

DROP FUNCTION shopflow_apply_role_grants();
"""


class Migration(migrations.Migration):
    """Group roles of seed 001 (Security): read-only, order manager, analyst."""

    dependencies = [
        ("audit", "0001_audit_log"),
        ("ops", "0002_enforce_on_delete"),
        # The order manager's grants name these tables.
        ("orders", "0004_human_number_sequences"),
    ]

    operations = [
        migrations.RunSQL(APPLY_ROLE_GRANTS, REVOKE_ROLE_GRANTS),
    ]
