import pytest
from rest_framework.test import APIClient

from apps.catalog.services import refresh_search_dictionary
from apps.reviews.models import ProductReview
from tests.factories import create_brand, create_category, create_image, create_product, create_user, create_variant

pytestmark = pytest.mark.django_db
V1 = "/api/v1"


@pytest.fixture
def api():
    return APIClient()


def _names(response):
    return [product["name"] for product in response.json()["results"]]


def test_categories_come_as_a_tree_counting_products_of_subcategories(api):
    audio = create_category("Audio", slug="audio")
    headphones = create_category("Headphones", parent=audio, slug="headphones")
    create_product(category=headphones)
    create_product(category=audio)
    response = api.get(f"{V1}/categories/")
    assert response.status_code == 200
    [root] = response.json()
    assert (root["name"], root["product_count"]) == ("Audio", 2)
    assert [(child["slug"], child["product_count"], child["children"]) for child in root["children"]] == [
        ("headphones", 1, [])
    ]


def test_brands_lists_active_brands_by_name(api):
    create_brand("Zenith")
    create_brand("Acme")
    create_brand("Gone", is_active=False)
    assert [brand["name"] for brand in api.get(f"{V1}/brands/").json()["results"]] == ["Acme", "Zenith"]


def test_products_of_a_category_by_slug_or_id_include_its_subcategories(api):
    audio = create_category("Audio", slug="audio")
    headphones = create_category("Headphones", parent=audio, slug="headphones")
    create_product("Speaker", category=audio)
    create_product("Earbuds", category=headphones)
    create_product("Kettle", category=create_category("Kitchen"))
    by_slug = api.get(f"{V1}/products/", {"category": "audio", "ordering": "price"})
    by_id = api.get(f"{V1}/products/", {"category": str(audio.pk), "ordering": "price"})
    assert sorted(_names(by_slug)) == sorted(_names(by_id)) == ["Earbuds", "Speaker"]


def test_products_filter_by_brand_price_range_and_stock(api):
    acme = create_brand("Acme", slug="acme")
    create_product("Cheap", price="5.00", brand=acme, track_inventory=False)
    create_product("Mid", price="50.00", brand=acme, track_inventory=False)
    create_product("Sold out", price="60.00", brand=acme)
    create_product("Other brand", price="50.00", track_inventory=False)
    response = api.get(f"{V1}/products/", {"brand": "acme", "min_price": "10", "max_price": "70", "in_stock": "true"})
    assert _names(response) == ["Mid"]


def test_products_are_searched_and_ordered_by_price(api):
    create_product("Studio Headphones", price="129.00")
    create_product("Travel Headphones", price="59.00")
    create_product("Kettle", price="20.00")
    response = api.get(f"{V1}/products/", {"search": "headphones", "ordering": "-price"})
    assert _names(response) == ["Studio Headphones", "Travel Headphones"]
    assert response.json()["count"] == 2


def test_a_misspelt_api_search_answers_the_corrected_words_results(api):
    create_product("Classic Pullover Hoodie")
    refresh_search_dictionary()

    corrected = api.get(f"{V1}/products/", {"search": "hoddie"}).json()
    as_typed = api.get(f"{V1}/products/", {"search": "hoddie", "exact": "true"}).json()

    assert [product["name"] for product in corrected["results"]] == ["Classic Pullover Hoodie"]
    assert corrected["search"] == {"query": "hoodie", "corrected_from": "hoddie"}
    assert (as_typed["count"], as_typed["search"]) == (0, {"query": "hoddie", "corrected_from": ""})


def test_bad_product_filters_answer_400_naming_each_field(api):
    response = api.get(f"{V1}/products/", {"ordering": "cheapest", "min_price": "lots", "in_stock": "maybe"})
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert set(fields) == {"ordering", "min_price", "in_stock"}
    assert fields["in_stock"] == ["Select a valid choice. maybe is not one of the available choices."]
    assert fields["ordering"] == ["Select a valid choice. cheapest is not one of the available choices."]
    assert fields["min_price"] == ["Enter a number."]


def test_page_size_is_capped_at_100(api):
    for n in range(101):
        create_product(f"Item {n:03d}")
    response = api.get(f"{V1}/products/", {"page_size": 500})
    assert (response.json()["count"], len(response.json()["results"])) == (101, 100)


@pytest.mark.parametrize("rows", [3, 25])
def test_the_product_list_runs_the_same_queries_for_3_or_25_rows(api, rows, django_assert_max_num_queries):
    brand, category = create_brand(), create_category()
    for _ in range(rows):
        product = create_product(brand=brand, category=category)
        create_image(product, is_primary=True)
    with django_assert_max_num_queries(2):
        response = api.get(f"{V1}/products/", {"page_size": 100})
    assert len(response.json()["results"]) == rows


@pytest.mark.parametrize("page_size", [1, 20, 100])
@pytest.mark.parametrize(
    ("filters", "queries"),
    [
        ({}, 2),  # the count, the page
        ({"ordering": "price"}, 2),
        ({"category": "lamps", "brand": "acme", "in_stock": "true", "ordering": "-price"}, 3),  # + the category's ids
    ],
    ids=["none", "ordering", "category+brand+stock"],
)
def test_the_product_list_query_count_is_the_same_at_every_page_size(
    api, django_assert_max_num_queries, page_size, filters, queries
):
    lamps, acme = create_category("Lamps", slug="lamps"), create_brand(slug="acme")
    for n in range(30):
        product = create_product(category=lamps, brand=acme, track_inventory=False, price=f"{10 + n}.00")
        create_image(product, is_primary=True)

    with django_assert_max_num_queries(queries):
        response = api.get(f"{V1}/products/", {**filters, "page_size": page_size})

    assert response.status_code == 200
    assert len(response.json()["results"]) == min(page_size, 30)


def test_product_detail_by_slug_shows_images_variants_stock_and_rating(api):
    product = create_product("Tee", slug="tee", price="20.00", stock_quantity=0, rating_avg="4.50", review_count=2)
    create_image(product, url="/img/tee.jpg", is_primary=True)
    create_variant(product, name="Large", price="22.00", stock_quantity=0)
    create_variant(product, name="Retired", is_active=False)
    body = api.get(f"{V1}/products/tee/").json()
    assert (body["id"], body["rating"], body["review_count"], body["stock_quantity"]) == (str(product.pk), "4.50", 2, 0)
    assert [image["url"] for image in body["images"]] == ["/img/tee.jpg"]
    assert [(v["name"], v["price"], v["stock_quantity"]) for v in body["variants"]] == [("Large", "22.00", 0)]
    assert api.get(f"{V1}/products/{product.pk}/").json()["slug"] == "tee"


def test_an_unknown_or_inactive_product_answers_404(api):
    create_product(slug="hidden", is_active=False)
    for id_or_slug in ("nope", "hidden"):
        response = api.get(f"{V1}/products/{id_or_slug}/")
        assert (response.status_code, response.json()["error"]["code"]) == (404, "not_found")


def test_an_unchanged_product_answers_304_to_its_etag_and_last_modified(api):
    create_product(slug="tee")
    first = api.get(f"{V1}/products/tee/")
    assert first.status_code == 200
    assert api.get(f"{V1}/products/tee/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert api.get(f"{V1}/products/tee/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304


def test_the_product_list_etag_changes_when_a_product_does(api, django_capture_on_commit_callbacks):
    product = create_product("Tee")
    etag = api.get(f"{V1}/products/")["ETag"]
    assert api.get(f"{V1}/products/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    product.name = "Shirt"
    with django_capture_on_commit_callbacks(execute=True):  # the change commits, then the version moves
        product.save()
    changed = api.get(f"{V1}/products/", HTTP_IF_NONE_MATCH=etag)
    assert (changed.status_code, _names(changed)) == (200, ["Shirt"])


def test_rating_ordering_puts_rated_products_first(api):
    create_product("Unrated")
    rated = create_product("Rated")
    ProductReview.objects.create(product=rated, user=create_user(), rating=5, is_approved=True)
    assert _names(api.get(f"{V1}/products/", {"ordering": "rating"})) == ["Rated", "Unrated"]
