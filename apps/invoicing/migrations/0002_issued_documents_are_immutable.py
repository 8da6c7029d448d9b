from django.db import migrations

from apps.core.operations import EnforceOnDelete

IMMUTABLE = """
CREATE FUNCTION billing_documents_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'billing document % is issued and cannot change', OLD.number
        USING ERRCODE = 'integrity_constraint_violation';
END $$;
CREATE TRIGGER billing_documents_immutable BEFORE UPDATE OR DELETE ON billing_documents
    FOR EACH ROW EXECUTE FUNCTION billing_documents_immutable();
"""

MUTABLE = """
DROP TRIGGER billing_documents_immutable ON billing_documents;
DROP FUNCTION billing_documents_immutable();
"""


class Migration(migrations.Migration):
    """An issued invoice or credit note is never updated nor deleted: the database refuses it."""

    dependencies = [("invoicing", "0001_billing_documents")]

    operations = [
        EnforceOnDelete("BillingDocument", "order"),
        EnforceOnDelete("BillingDocument", "refund"),
        migrations.RunSQL(IMMUTABLE, MUTABLE),
    ]
