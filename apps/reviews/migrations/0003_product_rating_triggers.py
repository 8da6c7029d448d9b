from django.db import migrations

FORWARD = """
CREATE FUNCTION products_recompute_rating(p_product_id uuid) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    -- Lock, then aggregate in a new statement, so concurrent moderation never stores a stale mean.
    PERFORM 1 FROM products WHERE id = p_product_id FOR NO KEY UPDATE;
    UPDATE products
       SET rating_avg = approved.rating_avg, review_count = approved.review_count
      FROM (SELECT round(avg(rating), 2) AS rating_avg, count(*) AS review_count
              FROM product_reviews WHERE product_id = p_product_id AND is_approved) AS approved
     WHERE id = p_product_id;
END;
$$;
COMMENT ON FUNCTION products_recompute_rating(uuid) IS
    'products.rating_avg = mean of approved ratings (2 decimals, NULL when none); review_count = approved reviews';

CREATE FUNCTION product_reviews_sync_rating() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM products_recompute_rating(OLD.product_id);
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.product_id IS DISTINCT FROM OLD.product_id) THEN
        PERFORM products_recompute_rating(NEW.product_id);
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER product_reviews_sync_rating
    AFTER INSERT OR DELETE OR UPDATE OF product_id, rating, is_approved ON product_reviews
    FOR EACH ROW EXECUTE FUNCTION product_reviews_sync_rating();
"""

REVERSE = """
DROP TRIGGER IF EXISTS product_reviews_sync_rating ON product_reviews;
DROP FUNCTION IF EXISTS product_reviews_sync_rating();
DROP FUNCTION IF EXISTS products_recompute_rating(uuid);
"""


class Migration(migrations.Migration):
    """A product's rating_avg and review_count follow its approved reviews."""

    dependencies = [("reviews", "0002_enforce_on_delete"), ("catalog", "0002_enforce_on_delete")]

    operations = [migrations.RunSQL(FORWARD, reverse_sql=REVERSE)]
