"""Facets of a listing: each option with how many products it would leave, given the other filters.

All counts come from one SQL query. Its first part is the listing before filters (category and
search), compiled by the ORM, with one boolean column per chosen filter; every product then yields
its options (brand, price band, in stock, each string attribute and each active variant's option
values), and an option's count is the number of distinct products passing every filter but the
one of its own facet. So the query count stays the same whatever the shopper chooses. The same
query counts the products passing every filter: the listing's length, for its pages.

Each option row carries its product's filter flags, and a product yields each option once (UNION
where it could yield one twice: an attribute its variants repeat, two variants of one colour), so
the counts are a plain hash aggregate, with no join back to the products, no sort and no DISTINCT
(a broad search yields tens of thousands of option rows).
"""

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import BooleanField, ExpressionWrapper

from apps.catalog.prices import PRICE_BANDS
from apps.catalog.selectors import BUYABLE

ATTRIBUTE_PREFIX = "attr:"
ATTRIBUTE_LABELS = {"color": "Colour", "colour": "Colour"}
# Sizes read best in the order of the size chart; anything else sorts alphabetically.
SIZE_ORDER = {size: n for n, size in enumerate(["XXS", "XS", "S", "M", "L", "XL", "XXL", "XXXL"])}

_COUNTS_SQL = """
WITH base ({columns}) AS MATERIALIZED ({base}),
options (id, facet, value, label{flags}) AS (
    SELECT id, 'brand', brand_slug, brand_name{flags} FROM base WHERE brand_slug IS NOT NULL
    UNION ALL
    SELECT id, 'price', {band}, NULL{flags} FROM base
    UNION ALL
    SELECT id, 'stock', 'in', NULL{flags} FROM base WHERE buyable
    UNION ALL (
        SELECT base.id, '{prefix}' || attribute.key, attribute.value #>> '{{}}', NULL{base_flags}
          FROM base CROSS JOIN LATERAL jsonb_each(base.attributes) AS attribute
         WHERE jsonb_typeof(attribute.value) = 'string'
        UNION
        SELECT base.id, '{prefix}' || option.key, option.value #>> '{{}}', NULL{base_flags}
          FROM base
          JOIN product_variants variant ON variant.product_id = base.id AND variant.is_active
          CROSS JOIN LATERAL jsonb_each(variant.option_values) AS option
         WHERE jsonb_typeof(option.value) = 'string'
    )
)
SELECT options.facet, options.value, max(options.label), count(*) FILTER (WHERE {applies})
  FROM options
 GROUP BY options.facet, options.value
UNION ALL
SELECT NULL, NULL, NULL, count(*) FILTER (WHERE {passes_all}) FROM base
"""


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    name: str  # "brand", "price", "stock" or "attr:<key>"
    label: str
    options: list[FacetOption] = field(default_factory=list)

    @property
    def param(self) -> str:
        """The query parameter that picks the options: brand, price, in_stock or attr_<key>."""
        if self.name.startswith(ATTRIBUTE_PREFIX):
            return "attr_" + self.name.removeprefix(ATTRIBUTE_PREFIX)
        return {"stock": "in_stock"}.get(self.name, self.name)


def _band_sql():
    """CASE expression naming the price band of `price` (the bands are constants of the code)."""
    whens = []
    for band in PRICE_BANDS:
        bounds = [f"price >= {band.low}" if band.low is not None else "", f"price < {band.high}" if band.high else ""]
        whens.append(f"WHEN {' AND '.join(b for b in bounds if b)} THEN '{band.key}'")
    return f"CASE {' '.join(whens)} END"


def _counts(products, filters):
    """({(facet, value): (label, count)}, products passing every filter) in one query; `filters` as
    catalog.selectors.listing_filters."""
    flags = {name: f"passes_{n}" for n, name in enumerate(filters)}
    base = (
        products.order_by()
        .annotate(
            buyable=ExpressionWrapper(BUYABLE, output_field=BooleanField()),
            **{
                flags[name]: ExpressionWrapper(condition, output_field=BooleanField())
                for name, condition in filters.items()
            },
        )
        .values_list("pk", "brand__slug", "brand__name", "price", "buyable", "attributes", *flags.values())
    )
    base_sql, base_params = base.query.sql_with_params()
    columns = ["id", "brand_slug", "brand_name", "price", "buyable", "attributes", *flags.values()]

    def all_but(name):
        return " AND ".join(f"options.{flag}" for other, flag in flags.items() if other != name) or "TRUE"

    cases = " ".join("WHEN %s THEN " + all_but(name) for name in flags)
    applies = f"CASE options.facet {cases} ELSE {all_but(None)} END" if flags else "TRUE"
    sql = _COUNTS_SQL.format(
        columns=", ".join(columns),
        base=base_sql,
        band=_band_sql(),
        prefix=ATTRIBUTE_PREFIX,
        applies=applies,
        flags="".join(f", {flag}" for flag in flags.values()),
        base_flags="".join(f", base.{flag}" for flag in flags.values()),
        passes_all=" AND ".join(f"base.{flag}" for flag in flags.values()) or "TRUE",
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*base_params, *flags])
        rows = cursor.fetchall()
    total = next(count for facet, _, _, count in rows if facet is None)
    return {(facet, value): (label, count) for facet, value, label, count in rows if facet is not None}, total


def _option_order(facet_name):
    if facet_name == "price":
        positions = {band.key: n for n, band in enumerate(PRICE_BANDS)}
        return lambda option: positions.get(option.value, len(positions))
    return lambda option: (SIZE_ORDER.get(option.value.upper(), len(SIZE_ORDER)), option.label.lower())


def _facet_label(name):
    if name.startswith(ATTRIBUTE_PREFIX):
        key = name.removeprefix(ATTRIBUTE_PREFIX)
        return ATTRIBUTE_LABELS.get(key, key.replace("_", " ").capitalize())
    return {"brand": "Brand", "price": "Price", "stock": "Availability"}[name]


def _option_label(facet_name, value, label):
    if facet_name == "price":
        return next((band.label for band in PRICE_BANDS if band.key == value), value)
    if facet_name == "stock":
        return "In stock"
    return label or value


def facets(products, *, filters, chosen):
    """The facets of `products` (a listing before filters) given the chosen `filters`
    ({name: Q}, listing_filters) and `chosen` ({facet name: set of values}, to mark the options),
    and how many of the products pass every filter; one query.

    Options that would leave nothing are left out, unless chosen (so the shopper can unpick them).
    Facets: brand, price and stock first, then attributes in name order (colour, material, size...).
    """
    counts, total = _counts(products, filters) if not products.query.is_empty() else ({}, 0)
    for name, values in chosen.items():
        for value in values:
            counts.setdefault((name, value), (None, 0))
    by_name = {}
    for (name, value), (label, count) in counts.items():
        selected = value in chosen.get(name, ())
        if count or selected:
            facet = by_name.setdefault(name, Facet(name=name, label=_facet_label(name)))
            facet.options.append(FacetOption(value, _option_label(name, value, label), count, selected))
    fixed = [by_name.pop(name) for name in ("brand", "price", "stock") if name in by_name]
    result = [*fixed, *(by_name[name] for name in sorted(by_name))]
    for facet in result:
        facet.options.sort(key=_option_order(facet.name))
    return result, total
