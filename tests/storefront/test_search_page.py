"""The search page served from the search's kept results: pages, the capped count, and no query for
another address of a search already worked out."""

import pytest

from apps.catalog import search_results
from tests.factories import create_product, create_user

pytestmark = pytest.mark.django_db


def _lamps(count):
    """`count` lamps priced 10, 11, 12...: in price order their numbers follow."""
    for n in range(count):
        create_product(f"Lamp {n:02d}", price=f"{10 + n}.00", track_inventory=False)


def test_the_second_page_lists_the_next_products_in_order(client):
    _lamps(30)

    first = client.get("/search/", {"q": "lamp", "sort": "price"}).content.decode()
    second = client.get("/search/", {"q": "lamp", "sort": "price", "page": "2"}).content.decode()

    assert "30 results" in first and "Page 1 of 2" in first
    assert "Lamp 23" in first and "Lamp 24" not in first
    assert "Lamp 24" in second and "Lamp 29" in second and "Lamp 23" not in second
    assert "Page 2 of 2" in second


def test_a_search_broader_than_the_cap_reads_n_plus_results(client, monkeypatch):
    monkeypatch.setattr(search_results, "RESULT_CAP", 25)
    _lamps(30)

    content = client.get("/search/", {"q": "lamp", "sort": "price"}).content.decode()

    assert "25+ results" in content and "Page 1 of 2" in content
    last = client.get("/search/", {"q": "lamp", "sort": "price", "page": "2"}).content.decode()
    assert "Lamp 24" in last and "Lamp 25" not in last  # only the best 25 are kept


def test_another_address_of_a_search_already_shown_runs_no_query(client, django_assert_num_queries):
    _lamps(3)
    client.get("/search/", {"q": "lamp"})

    with django_assert_num_queries(0):  # results, facets and cards kept; the page cache misses the new address
        response = client.get("/search/", {"q": "lamp", "utm_source": "newsletter"})

    content = response.content.decode()
    assert response.status_code == 200
    assert "3 results" in content and "Lamp 00" in content and "Lamp 02" in content


def test_a_signed_in_shopper_s_search_costs_the_same_queries_on_every_page(client, django_assert_max_num_queries):
    _lamps(30)
    client.force_login(create_user())
    client.get("/search/", {"q": "lamp"})
    client.get("/search/", {"q": "lamp", "page": "2"})

    with django_assert_max_num_queries(4):  # the session, the user, the cart badge; no search query
        assert client.get("/search/", {"q": "lamp", "page": "2", "sort": "relevance"}).status_code == 200
