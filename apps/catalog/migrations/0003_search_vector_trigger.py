from django.db import migrations

FORWARD = """
CREATE FUNCTION product_search_document(
    p_name text, p_description text, p_tags text[], p_brand_id uuid
) RETURNS tsvector
LANGUAGE sql STABLE AS $$
    SELECT setweight(to_tsvector('english', coalesce(p_name, '')), 'A')
        || setweight(to_tsvector('english', concat_ws(' ',
               (SELECT name FROM brands WHERE id = p_brand_id),
               array_to_string(p_tags, ' '))), 'B')
        || setweight(to_tsvector('english', coalesce(p_description, '')), 'C');
$$;
COMMENT ON FUNCTION product_search_document(text, text, text[], uuid) IS
    'Weighted search document of a product: name A, brand name and tags B, description C';

CREATE FUNCTION products_set_search_vector() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector := product_search_document(NEW.name, NEW.description, NEW.tags::text[], NEW.brand_id);
    RETURN NEW;
END;
$$;

CREATE TRIGGER products_set_search_vector
    BEFORE INSERT OR UPDATE OF name, description, tags, brand_id ON products
    FOR EACH ROW EXECUTE FUNCTION products_set_search_vector();

CREATE FUNCTION brands_refresh_product_search_vectors() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE products
       SET search_vector = product_search_document(name, description, tags::text[], brand_id)
     WHERE brand_id = NEW.id;
    RETURN NULL;
END;
$$;

CREATE TRIGGER brands_refresh_product_search_vectors
    AFTER UPDATE OF name ON brands
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION brands_refresh_product_search_vectors();

UPDATE products SET search_vector = product_search_document(name, description, tags::text[], brand_id);
"""

REVERSE = """
DROP TRIGGER IF EXISTS brands_refresh_product_search_vectors ON brands;
DROP FUNCTION IF EXISTS brands_refresh_product_search_vectors();
DROP TRIGGER IF EXISTS products_set_search_vector ON products;
DROP FUNCTION IF EXISTS products_set_search_vector();
DROP FUNCTION IF EXISTS product_search_document(text, text, text[], uuid);
UPDATE products SET search_vector = NULL;
"""


class Migration(migrations.Migration):
    """products.search_vector kept by the database, including when a product's brand is renamed."""

    dependencies = [("catalog", "0002_enforce_on_delete")]

    operations = [migrations.RunSQL(FORWARD, reverse_sql=REVERSE)]
