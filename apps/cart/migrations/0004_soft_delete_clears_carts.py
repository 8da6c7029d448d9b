from django.db import migrations

# Seed 003 §9.3: a soft-deleted product leaves every cart, a soft-deleted user loses their cart.
# The database does it, so catalog and accounts (lower layers) never reach up into the cart, and a
# deleted_at stamped by plain SQL has the same effect as one stamped by a service.
FORWARD = """
CREATE FUNCTION cart_forget_deleted_product() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM cart_items WHERE product_id = NEW.id;
    RETURN NULL;
END;
$$;

CREATE TRIGGER products_soft_delete_clears_cart_items
    AFTER UPDATE OF deleted_at ON products
    FOR EACH ROW
    WHEN (OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL)
    EXECUTE FUNCTION cart_forget_deleted_product();

CREATE FUNCTION cart_forget_deleted_user() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM carts WHERE user_id = NEW.id;
    RETURN NULL;
END;
$$;

CREATE TRIGGER users_soft_delete_clears_carts
    AFTER UPDATE OF deleted_at ON users
    FOR EACH ROW
    WHEN (OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL)
    EXECUTE FUNCTION cart_forget_deleted_user();
"""

REVERSE = """
DROP TRIGGER IF EXISTS users_soft_delete_clears_carts ON users;
DROP FUNCTION IF EXISTS cart_forget_deleted_user();
DROP TRIGGER IF EXISTS products_soft_delete_clears_cart_items ON products;
DROP FUNCTION IF EXISTS cart_forget_deleted_product();
"""


class Migration(migrations.Migration):
    """Soft-deleting a product or a user empties the carts that held them (the cart lines' FK cascades)."""

    dependencies = [
        ("cart", "0003_enforce_on_delete"),
        ("accounts", "0002_enforce_on_delete"),
        ("catalog", "0002_enforce_on_delete"),
    ]

    operations = [migrations.RunSQL(FORWARD, reverse_sql=REVERSE)]
