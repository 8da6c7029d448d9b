"""Orders, customers and stock levels export as CSV: the rows the list's filters and search select."""

import pytest
from django.urls import reverse

from tests.factories import create_product, create_stock, create_user, create_warehouse
from tests.model_factories import create_order

pytestmark = pytest.mark.django_db


def csv_lines(response):
    assert response["Content-Type"].startswith("text/csv")
    return response.content.decode().splitlines()


def test_the_orders_export_is_the_filtered_list_as_csv(admin_client):
    create_order(subtotal="20.00", status="pending", order_number="SF-2026-000001")
    create_order(subtotal="35.00", status="cancelled", order_number="SF-2026-000002")

    response = admin_client.get(reverse("admin:orders_order_export") + "?status__exact=cancelled")

    lines = csv_lines(response)
    assert lines[0].startswith("order_number,placed_at,customer_email,status,subtotal")
    assert [line.split(",")[0] for line in lines[1:]] == ["SF-2026-000002"]
    assert ",Cancelled," in lines[1]


def test_the_stock_export_follows_the_search_by_sku(admin_client):
    east = create_warehouse("EAST")
    create_stock(create_product("Mug", sku="MUG-1"), warehouse=east, on_hand=7, quantity_reserved=2, reorder_point=3)
    create_stock(create_product("Lamp", sku="LAMP-1"), warehouse=east, on_hand=4)

    lines = csv_lines(admin_client.get(reverse("admin:inventory_stocklevel_export") + "?q=MUG-1"))

    assert lines == [
        "warehouse,product sku,product,variant sku,quantity_on_hand,quantity_reserved,available,reorder_point,"
        "reorder_quantity",
        "EAST,MUG-1,Mug,,7,2,5,3,0",
    ]


def test_the_customer_export_follows_the_role_filter(admin_client):
    create_user("ada@example.com", first_name="Ada")
    create_user("staff@shopflow.test", role="admin", is_staff=True)

    lines = csv_lines(admin_client.get(reverse("admin:accounts_user_export") + "?role__exact=customer"))

    assert lines[0].split(",")[:3] == ["email", "first_name", "last_name"]
    assert [line.split(",")[0] for line in lines[1:]] == ["ada@example.com"]
