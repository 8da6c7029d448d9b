"""The dependency direction of docs/architecture.md: an app imports only from apps in lower layers."""

import ast
from pathlib import Path

import pytest

APPS_DIR = Path(__file__).resolve().parent.parent / "apps"

LAYERS = {
    "core": 0,
    "audit": 0,
    "notifications": 0,
    "accounts": 1,
    "catalog": 1,
    "inventory": 2,
    "promotions": 2,
    "shipping": 2,
    "reviews": 2,
    "wishlist": 2,
    "cart": 3,
    "orders": 4,
    "payments": 5,
    "invoicing": 5,  # called where money is captured or refunded (fulfilment, returns); refunds reach it as rows
    "returns": 6,  # returns refunds through payments; it and checkout never import each other
    "checkout": 6,
    "planning": 5,  # reads order items (demand) and books stock through inventory; below analytics and the console
    "fulfilment": 6,  # order operations after checkout; the only caller of the order state machine
    "analytics": 7,
    "ops": 7,
    "storefront": 8,
    "backoffice": 8,
    "api": 9,
    "demo": 9,  # demo data drives every domain through its services; nothing imports it
}


def imported_apps(path):
    """Names of the ShopFlow apps a module imports."""
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules = [node.module]
        else:
            continue
        for module in modules:
            parts = module.split(".")
            if parts[0] == "apps" and len(parts) > 1:
                yield parts[1]


def app_modules():
    for app_dir in sorted(p for p in APPS_DIR.iterdir() if (p / "__init__.py").exists()):
        for path in sorted(app_dir.rglob("*.py")):
            if "migrations" not in path.parts:
                yield app_dir.name, path


def test_every_app_has_a_layer():
    apps = {p.name for p in APPS_DIR.iterdir() if (p / "__init__.py").exists()}
    assert apps - LAYERS.keys() == set()


@pytest.mark.parametrize(("app", "path"), list(app_modules()), ids=lambda v: str(v).split("apps/")[-1])
def test_imports_point_only_to_lower_layers(app, path):
    # core is the ground every app stands on (base models, money, helpers), its layer-0
    # neighbours included; any other import must point strictly down.
    wrong = {
        other for other in imported_apps(path) if other not in (app, "core") and LAYERS.get(other, 99) >= LAYERS[app]
    }
    assert not wrong, f"{path.relative_to(APPS_DIR.parent)} imports {sorted(wrong)} (same or higher layer than {app})"


def test_only_fulfilment_moves_an_order_through_its_state_machine():
    """A bare status change is possible from no face: every caller goes through apps.fulfilment."""
    callers = {
        str(path.relative_to(APPS_DIR.parent))
        for app, path in app_modules()
        if app not in ("fulfilment", "orders") and "transition_order" in path.read_text()
    }
    assert callers == set()
