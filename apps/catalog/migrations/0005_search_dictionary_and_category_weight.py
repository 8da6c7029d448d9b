from django.db import migrations

# The search document gains the category's name at weight B, beside the brand: ranking is name (A),
# then brand, category and tags (B), then description (C).
DOCUMENT_WITH_CATEGORY = """
CREATE FUNCTION product_search_document(
    p_name text, p_description text, p_tags text[], p_brand_id uuid, p_category_id uuid
) RETURNS tsvector
LANGUAGE sql STABLE AS $$
    SELECT setweight(to_tsvector('english', coalesce(p_name, '')), 'A')
        || setweight(to_tsvector('english', concat_ws(' ',
               (SELECT name FROM brands WHERE id = p_brand_id),
               (SELECT name FROM categories WHERE id = p_category_id),
               array_to_string(p_tags, ' '))), 'B')
        || setweight(to_tsvector('english', coalesce(p_description, '')), 'C');
$$;
COMMENT ON FUNCTION product_search_document(text, text, text[], uuid, uuid) IS
    'Weighted search document of a product: name A, brand, category and tags B, description C';

DROP TRIGGER products_set_search_vector ON products;
CREATE OR REPLACE FUNCTION products_set_search_vector() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector := product_search_document(
        NEW.name, NEW.description, NEW.tags::text[], NEW.brand_id, NEW.category_id);
    RETURN NEW;
END;
$$;
CREATE TRIGGER products_set_search_vector
    BEFORE INSERT OR UPDATE OF name, description, tags, brand_id, category_id ON products
    FOR EACH ROW EXECUTE FUNCTION products_set_search_vector();

CREATE OR REPLACE FUNCTION brands_refresh_product_search_vectors() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE products
       SET search_vector = product_search_document(name, description, tags::text[], brand_id, category_id)
     WHERE brand_id = NEW.id;
    RETURN NULL;
END;
$$;

CREATE FUNCTION categories_refresh_product_search_vectors() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE products
       SET search_vector = product_search_document(name, description, tags::text[], brand_id, category_id)
     WHERE category_id = NEW.id;
    RETURN NULL;
END;
$$;
CREATE TRIGGER categories_refresh_product_search_vectors
    AFTER UPDATE OF name ON categories
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION categories_refresh_product_search_vectors();

DROP FUNCTION product_search_document(text, text, text[], uuid);
UPDATE products SET search_vector = product_search_document(name, description, tags::text[], brand_id, category_id);
"""

DOCUMENT_WITHOUT_CATEGORY = """
DROP TRIGGER categories_refresh_product_search_vectors ON categories;
DROP FUNCTION categories_refresh_product_search_vectors();

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

DROP TRIGGER products_set_search_vector ON products;
CREATE OR REPLACE FUNCTION products_set_search_vector() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector := product_search_document(NEW.name, NEW.description, NEW.tags::text[], NEW.brand_id);
    RETURN NEW;
END;
$$;
CREATE TRIGGER products_set_search_vector
    BEFORE INSERT OR UPDATE OF name, description, tags, brand_id ON products
    FOR EACH ROW EXECUTE FUNCTION products_set_search_vector();

CREATE OR REPLACE FUNCTION brands_refresh_product_search_vectors() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE products
       SET search_vector = product_search_document(name, description, tags::text[], brand_id)
     WHERE brand_id = NEW.id;
    RETURN NULL;
END;
$$;

DROP FUNCTION product_search_document(text, text, text[], uuid, uuid);
UPDATE products SET search_vector = product_search_document(name, description, tags::text[], brand_id);
"""

# The words shoppers may mean: every word of sellable products' names, brands, categories, tags and
# descriptions, unstemmed ('simple') so that a correction reads as a word ("hoodie", not "hoodi"),
# with its English stem (so "hoodies" counts as known) and how many products use it.
# Refreshed by the task catalog.refresh_search_dictionary. The tables are schema-qualified: ts_stat
# runs its query text under the caller's search_path, which pg_restore empties.
DICTIONARY = """
CREATE MATERIALIZED VIEW catalog_search_words AS
SELECT word, coalesce((ts_lexize('english_stem', word))[1], word) AS stem, ndoc
  FROM ts_stat($q$
      SELECT to_tsvector('simple', concat_ws(' ', p.name, b.name, c.name, array_to_string(p.tags, ' '), p.description))
        FROM public.products p
        LEFT JOIN public.brands b ON b.id = p.brand_id
        LEFT JOIN public.categories c ON c.id = p.category_id
       WHERE p.is_active AND p.deleted_at IS NULL
  $q$)
 WHERE length(word) >= 3 AND word !~ '[0-9]';
COMMENT ON MATERIALIZED VIEW catalog_search_words IS
    'Words of the sellable catalog (ts_stat) with their product counts: the spelling dictionary of search';
CREATE UNIQUE INDEX catalog_search_words_word ON catalog_search_words (word);
CREATE INDEX catalog_search_words_stem ON catalog_search_words (stem);
CREATE INDEX catalog_search_words_trgm ON catalog_search_words USING gin (word gin_trgm_ops);
"""


class Migration(migrations.Migration):
    """Search ranks the category name beside the brand, and a dictionary of the catalog's words
    lets a misspelt query be corrected."""

    dependencies = [("catalog", "0004_search_indexes")]

    operations = [
        migrations.RunSQL(DOCUMENT_WITH_CATEGORY, reverse_sql=DOCUMENT_WITHOUT_CATEGORY),
        migrations.RunSQL(DICTIONARY, reverse_sql="DROP MATERIALIZED VIEW catalog_search_words;"),
    ]
