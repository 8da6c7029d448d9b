import datetime

import pytest

from tests.analytics.factories import create_order, create_review
from tests.factories import create_category, create_product, create_stock, create_user, create_variant, create_warehouse


def at(*args):
    return datetime.datetime(*args, tzinfo=datetime.UTC)


@pytest.fixture
def shop():
    """A small shop with known sales: three paid orders, one pending and one cancelled (not revenue)."""
    audio, home = create_category("Audio"), create_category("Home")
    headphones = create_product("Headphones", price="100.00", category=audio)
    speaker = create_product("Speaker", price="50.00", category=audio)
    lamp = create_product("Lamp", price="20.00", category=home)
    alice, bob, carol = (create_user(f"{name}@example.com") for name in ("alice", "bob", "carol"))

    create_order(alice, [(headphones, 1), (lamp, 2)], tax="10.00", shipping="5.00", placed_at=at(2026, 3, 10, 10))
    create_order(alice, [(speaker, 2)], discount="10.00", status="delivered", placed_at=at(2026, 4, 2, 12))
    create_order(bob, [(headphones, 1)], status="shipped", placed_at=at(2026, 4, 2, 18))
    create_order(carol, [(lamp, 1)], status="pending", placed_at=at(2026, 4, 5, 9))
    create_order(bob, [(speaker, 1)], status="cancelled", placed_at=at(2026, 4, 5, 9))

    create_review(headphones, alice, 5)
    create_review(headphones, bob, 4)
    create_review(speaker, alice, 3)
    create_review(lamp, carol, 2, is_approved=False)

    east, west = create_warehouse("EAST"), create_warehouse("WEST")
    create_stock(headphones, east, on_hand=10, quantity_reserved=2, reorder_point=5)
    create_stock(speaker, east, on_hand=3, reorder_point=5)
    create_stock(lamp, west, on_hand=4, quantity_reserved=4)
    create_stock(lamp, east, on_hand=6, reorder_point=6, variant=create_variant(lamp, "Brass"))

    return {
        "users": {"alice": alice, "bob": bob, "carol": carol},
        "products": {"headphones": headphones, "speaker": speaker, "lamp": lamp},
        "categories": {"audio": audio, "home": home},
    }
