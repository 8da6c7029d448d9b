"""Query parameters of the product list, validated by django-filter (bad input is a 400 naming the field)."""

import uuid

import django_filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from apps.catalog.listing import browse
from apps.catalog.models import Category, Product
from apps.catalog.selectors import PRODUCT_ORDERINGS


def _category(value):
    """A Category for an id, else the value as a slug (product_list lists nothing for an unknown one)."""
    try:
        category_id = uuid.UUID(value)
    except ValueError:
        return value
    return Category.objects.filter(pk=category_id, is_active=True).first() or value


# The longest slug (catalog models) and search text, and the highest price (numeric(12,2)) a filter takes.
SLUG_MAX_LENGTH = Category._meta.get_field("slug").max_length
SEARCH_MAX_LENGTH = 200
PRICE_MAX = 10**10 - 1


@extend_schema_field(OpenApiTypes.BOOL)
class StrictBooleanFilter(django_filters.TypedChoiceFilter):
    """true or false, anything else refused (BooleanFilter reads "maybe" as "not given")."""

    def __init__(self, **kwargs):
        super().__init__(choices=[("true", "true"), ("false", "false")], coerce=lambda value: value == "true", **kwargs)


class ProductFilter(django_filters.FilterSet):
    category = django_filters.CharFilter(
        max_length=SLUG_MAX_LENGTH, help_text="Category slug or id; its subcategories are included."
    )
    brand = django_filters.CharFilter(max_length=SLUG_MAX_LENGTH, help_text="Brand slug or id.")
    min_price = django_filters.NumberFilter(min_value=0, max_value=PRICE_MAX, help_text="Lowest price, inclusive.")
    max_price = django_filters.NumberFilter(min_value=0, max_value=PRICE_MAX, help_text="Highest price, inclusive.")
    in_stock = StrictBooleanFilter(help_text="true: can be bought now; false: out of stock.")
    search = django_filters.CharFilter(
        max_length=SEARCH_MAX_LENGTH,
        help_text='Full-text search: "quoted phrase", -excluded, or; the last word also matches as a prefix. '
        "Misspelt words are corrected (see `search` in the response) unless `exact` is true.",
    )
    exact = StrictBooleanFilter(help_text="true: search the words as typed, without spelling correction.")
    ordering = django_filters.ChoiceFilter(
        choices=[(choice, choice) for choice in PRODUCT_ORDERINGS],
        help_text="Newest first by default; relevance first when searching.",
    )

    class Meta:
        model = Product
        fields = []

    def filter_queryset(self, queryset):
        """catalog.listing.browse builds the whole query (subcategories, spelling, ranking,
        ordering) from the cleaned parameters, so the filters are not applied one by one to
        `queryset`. The listing is kept as `self.listing` for the response's `search`."""
        given = {name: value for name, value in self.form.cleaned_data.items() if value not in (None, "")}
        if "category" in given:
            given["category"] = _category(given["category"])
        self.listing = browse(with_facets=False, **given)
        return self.listing.products
