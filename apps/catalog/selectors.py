"""Catalog reads: the category tree, product listings and details, search."""

import uuid
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchRank
from django.db import connection
from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, F, OuterRef, Prefetch, Q, Subquery
from django.db.models.fields.json import KeyTextTransform
from django.db.models.lookups import In

from apps.catalog.models import Brand, Category, Product, ProductImage, ProductVariant
from apps.catalog.prices import PRICE_BANDS
from apps.catalog.search import search_query
from apps.core.lookups import EqualsAny

PRODUCT_ORDERINGS = ("price", "-price", "-created_at", "rating", "relevance")

# The category and its active descendants. UNION (not UNION ALL) drops rows already seen, so a
# cycle in bad data ends the walk instead of looping. Inactive subcategories, and everything under
# them, are hidden from shoppers: they are neither listed nor counted.
# {root} picks the start: by id, or by slug among active categories.
_DESCENDANTS_SQL = """
    WITH RECURSIVE tree(id) AS (
        SELECT id FROM categories WHERE {root}
        UNION
        SELECT child.id FROM categories child JOIN tree ON child.parent_id = tree.id WHERE child.is_active
    )
    SELECT id FROM tree
"""
_BY_ID = "id = %s"
_BY_ACTIVE_SLUG = "slug = %s AND is_active"


@dataclass
class CategoryNode:
    """One active category of the tree, with the sellable products in it and all its subcategories."""

    category: Category
    product_count: int = 0
    children: list["CategoryNode"] = field(default_factory=list)

    def subtree_ids(self):
        """Ids of this category and of every category below it."""
        return [self.category.pk, *(pk for child in self.children for pk in child.subtree_ids())]


def category_tree():
    """Active categories as a forest of CategoryNode, in their sort order; two queries.

    A category under an inactive parent is hidden with its parent.
    """
    nodes = {category.pk: CategoryNode(category) for category in Category.objects.filter(is_active=True)}
    own_counts = Product.objects.sellable().filter(category__in=nodes.keys()).values("category").annotate(n=Count("pk"))
    for row in own_counts:
        nodes[row["category"]].product_count = row["n"]

    roots = []
    for node in nodes.values():  # categories come in sort order, so children lists keep it
        parent_id = node.category.parent_id
        if parent_id is None:
            roots.append(node)
        elif parent_id in nodes:
            nodes[parent_id].children.append(node)

    def add_descendant_counts(node):
        node.product_count += sum(add_descendant_counts(child) for child in node.children)
        return node.product_count

    for root in roots:
        add_descendant_counts(root)
    return roots


def category_with_descendants_ids(category):
    """Ids of `category` and of its active descendants at any depth (one recursive query)."""
    with connection.cursor() as cursor:
        cursor.execute(_DESCENDANTS_SQL.format(root=_BY_ID), [category.pk])
        return [row[0] for row in cursor.fetchall()]


def _category_ids(category):
    """Ids of a Category, or of the active category with that slug, and of its active descendants
    ([] for an unknown slug): one query."""
    root, value = (_BY_ID, category.pk) if isinstance(category, Category) else (_BY_ACTIVE_SLUG, category)
    with connection.cursor() as cursor:
        cursor.execute(_DESCENDANTS_SQL.format(root=root), [value])
        return [row[0] for row in cursor.fetchall()]


def primary_image_url(product_ref="pk", *, colours=()):
    """Subquery: the url of the product's primary image, else of its first image (None without images).

    `product_ref` names the product's id in the outer query ("pk" on products, "product" on rows that
    point at one). With `colours` (a colour filter), a picture of a variant in one of them comes first.
    """
    images = ProductImage.objects.filter(product=OuterRef(product_ref))
    order = ["-is_primary", "sort_order", "pk"]
    if colours:
        images = images.annotate(
            in_colour=ExpressionWrapper(
                Q(In(KeyTextTransform("color", "variant__option_values"), list(colours))), output_field=BooleanField()
            )
        )
        order = [F("in_colour").desc(nulls_last=True), *order]
    return Subquery(images.order_by(*order).values("url")[:1])


# What a product card and the API's list show: only these columns are read, not the description,
# search vector and attributes of every listed product.
LISTING_FIELDS = (
    "name",
    "slug",
    "price",
    "compare_at_price",
    "currency",
    "stock_quantity",
    "track_inventory",
    "rating_avg",
    "review_count",
    "created_at",
    "category__name",
    "category__slug",
    "brand__name",
    "brand__slug",
)


def _listing(*, colours=()):
    """Sellable products as listings show them: category, brand, image url (of one of `colours`
    when the product has a picture in it) and rating in one query."""
    return (
        Product.objects.sellable()
        .select_related("category", "brand")
        .only(*LISTING_FIELDS)
        .annotate(primary_image_url=primary_image_url(colours=colours), rating=F("rating_avg"))
    )


def _brand_filter(brand):
    if isinstance(brand, Brand):
        return Q(brand=brand)
    try:
        return Q(brand_id=uuid.UUID(str(brand)))
    except ValueError:
        return Q(brand__slug=brand)


def _any_of(conditions):
    combined = Q()
    for condition in conditions:
        combined |= condition
    return combined


def _price_band_filter(keys):
    bands = [band for band in PRICE_BANDS if band.key in keys]
    return _any_of(band.condition() for band in bands) if bands else Q(pk__in=[])


def _attribute_filter(key, values):
    """The product's own attribute, or one of its active variants' options, is one of `values`."""
    values = list(values)
    on_variant = ProductVariant.objects.filter(product=OuterRef("pk"), is_active=True).filter(
        In(KeyTextTransform(key, "option_values"), values)
    )
    return Q(In(KeyTextTransform(key, "attributes"), values)) | Q(Exists(on_variant))


BUYABLE = Q(track_inventory=False) | Q(stock_quantity__gt=0)


def listing_filters(
    *, brand=None, brands=(), price_bands=(), min_price=None, max_price=None, in_stock=None, attributes=None
):
    """{facet name: Q} for each filter chosen. Facet names: "brand", "price", "stock", and
    "attr:<key>" for an attribute or variant option (colour, size, material, ...).

    Within a facet the options add up (Black or Navy); across facets they all apply. Facet counts
    leave out a facet's own filter, hence the names.
    """
    filters = {}
    chosen_brands = [*([brand] if brand is not None else []), *brands]
    if chosen_brands:
        filters["brand"] = _any_of(_brand_filter(one) for one in chosen_brands)
    price = Q()
    if price_bands:
        price &= _price_band_filter(set(price_bands))
    if min_price is not None:
        price &= Q(price__gte=min_price)
    if max_price is not None:
        price &= Q(price__lte=max_price)
    if price:
        filters["price"] = price
    if in_stock is not None:
        filters["stock"] = BUYABLE if in_stock else ~BUYABLE
    for key, values in sorted((attributes or {}).items()):
        if values:
            filters[f"attr:{key}"] = _attribute_filter(key, values)
    return filters


def listed_products(*, category=None, query=None, colours=()):
    """Sellable products in `category` (its active subcategories included, found with no query
    when it is a CategoryNode of a held tree; an unknown slug lists nothing) matching `query` (a
    SearchQuery), annotated with `rank` when searching; their pictures in one of `colours` when
    they have one."""
    products = _listing(colours=colours)
    if query is not None:
        products = products.filter(search_vector=query).annotate(
            rank=SearchRank(F("search_vector"), query, cover_density=True)
        )
    if category is not None:
        # The ids as an array (one small query) rather than a subquery: the planner then knows how
        # many products to expect and picks the category index for a small branch of the tree; one
        # array parameter keeps the statement's text the same whatever the size of the branch.
        ids = category.subtree_ids() if isinstance(category, CategoryNode) else _category_ids(category)
        products = products.filter(EqualsAny(F("category_id"), ids)) if ids else products.none()
    return products


def order_products(products, ordering, *, searching):
    """`products` in one of PRODUCT_ORDERINGS; by default relevance when searching, else newest
    first. "rating" puts unrated products last. Ties go by name."""
    if ordering is not None and ordering not in PRODUCT_ORDERINGS:
        raise ValueError(f"ordering must be one of {', '.join(PRODUCT_ORDERINGS)}, not {ordering!r}.")
    ordering = ordering or ("relevance" if searching else "-created_at")
    order_by = {
        "price": ["price"],
        "-price": ["-price"],
        "-created_at": ["-created_at"],
        "rating": [F("rating_avg").desc(nulls_last=True), "-review_count"],
        "relevance": ["-rank"] if searching else ["-created_at"],
    }[ordering]
    return products.order_by(*order_by, "name", "pk")


def product_list(*, category=None, search=None, ordering=None, **filters):
    """Sellable products for a listing, each annotated with `primary_image_url` and `rating` (its
    review_count is a column), with category and brand joined: one query whatever the page size.

    category: a Category or a slug, subcategories included. search: the shopper's words as typed
    (catalog.search.search_query; no spelling correction: catalog.listing does that). filters: those
    of listing_filters, e.g. brand (a Brand, its id or slug), min_price, in_stock (True keeps what can
    be bought now, stock above zero or not tracked; False the rest), attributes={"color": ["Black"]}.
    """
    search = (search or "").strip()
    products = listed_products(category=category, query=search_query(search) if search else None)
    for condition in listing_filters(**filters).values():
        products = products.filter(condition)
    return order_products(products, ordering, searching=bool(search))


def product_detail(*, id_or_slug):
    """One sellable product by id or slug, with category, brand, images (in order) and its active
    variants (in order, as `active_variants`) loaded: three queries.

    Raises Product.DoesNotExist for an unknown, inactive or deleted product.
    """
    try:
        lookup = Q(pk=uuid.UUID(str(id_or_slug)))
    except ValueError:
        lookup = Q(slug=id_or_slug)
    return (
        Product.objects.sellable()
        .select_related("category", "brand")
        .prefetch_related(
            Prefetch("images", queryset=ProductImage.objects.select_related("variant").order_by("sort_order", "pk")),
            Prefetch(
                "variants",
                queryset=ProductVariant.objects.filter(is_active=True).order_by("sort_order", "name"),
                to_attr="active_variants",
            ),
        )
        .get(lookup)
    )


def featured_products(*, limit=8):
    """Up to `limit` featured sellable products, newest first, annotated like product_list."""
    return _listing().filter(is_featured=True).order_by("-created_at", "name")[:limit]


def brands():
    """Active brands by name."""
    return Brand.objects.filter(is_active=True).order_by("name")


def search_products(query, *, limit=20):
    """Sellable products matching a shopper's query, best first.

    The query uses web-search syntax ("quoted phrase", -excluded, or). Ranking is ts_rank_cd over
    the weighted search_vector (name A, brand and tags B, description C), so a product named after
    the word ranks above one that only mentions it.
    """
    query = (query or "").strip()
    if not query:
        return Product.objects.none()
    query = search_query(query)
    return (
        Product.objects.sellable()
        .filter(search_vector=query)
        .annotate(rank=SearchRank(F("search_vector"), query, cover_density=True))
        .select_related("brand")
        .order_by("-rank", "name")[:limit]
    )


SUGGESTION_POOL = 200


def _names_starting_with(queryset, text, limit):
    """Rows of `queryset` with a word of their name starting with `text` (small tables: brands,
    categories), as (name, slug)."""
    starts = Q(name__istartswith=text) | Q(name__icontains=f" {text}")
    return list(queryset.filter(starts, is_active=True).order_by("name").values_list("name", "slug")[:limit])


def search_suggestions(text, *, limit=6):
    """What the search box offers while the shopper types: up to `limit` products (best match
    first, the last word as a prefix), and up to three categories and brands whose names have a
    word starting with the text. Three queries; nothing for fewer than two characters.

    Returns {"products": [{"name", "slug", "price", "image"}], "categories": [(name, slug)],
    "brands": [(name, slug)]}.
    """
    text = " ".join((text or "").split())[:100]
    if len(text) < 2:
        return {"products": [], "categories": [], "brands": []}
    query = search_query(text)
    # A short prefix can match thousands of products: rank a bounded pool of them (any, as the
    # index finds them), so the box answers as fast for "ho" as for "hoodie".
    pool = Product.objects.sellable().filter(search_vector=query).values("pk")[:SUGGESTION_POOL]
    products = (
        Product.objects.filter(pk__in=pool)
        .annotate(rank=SearchRank(F("search_vector"), query, cover_density=True), image=primary_image_url())
        .order_by("-rank", "name")
        .values("name", "slug", "price", "image")[:limit]
    )
    return {
        "products": list(products),
        "categories": _names_starting_with(Category.objects, text, 3),
        "brands": _names_starting_with(Brand.objects, text, 3),
    }
