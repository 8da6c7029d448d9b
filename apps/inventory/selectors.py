"""Reads of stock: levels, availability, the ledger and low-stock candidates."""

from django.db.models import F, Q, Sum

from .models import MovementType, StockLevel, StockMovement, Transfer


def item_filter(product, variant=None, prefix=""):
    """The Q that picks one product (or one variant of it); NULL variant means the product itself."""
    if variant is None:
        return Q(**{f"{prefix}product": product, f"{prefix}variant__isnull": True})
    return Q(**{f"{prefix}product": product, f"{prefix}variant": variant})


def stock_levels_for_item(*, product, variant=None):
    """Stock of one item in every active warehouse, in shipping priority order."""
    return (
        StockLevel.objects.filter(item_filter(product, variant), warehouse__is_active=True)
        .select_related("warehouse")
        .annotate(available=F("quantity_on_hand") - F("quantity_reserved"))
        .order_by("warehouse__priority", "warehouse__code")
    )


def available_quantity(*, product, variant=None):
    """Units of one item that can still be promised, summed over active warehouses."""
    totals = StockLevel.objects.filter(item_filter(product, variant), warehouse__is_active=True).aggregate(
        on_hand=Sum("quantity_on_hand"), reserved=Sum("quantity_reserved")
    )
    return (totals["on_hand"] or 0) - (totals["reserved"] or 0)


def low_stock_levels():
    """Stock levels whose available units have fallen to (or below) their reorder point."""
    return (
        StockLevel.objects.annotate(available=F("quantity_on_hand") - F("quantity_reserved"))
        .filter(available__lte=F("reorder_point"), warehouse__is_active=True)
        .select_related("warehouse", "product", "variant")
        .order_by("warehouse__priority", "warehouse__code", "product__name")
    )


def movements_for_item(*, product, variant=None):
    """The ledger of one item, newest first."""
    return (
        StockMovement.objects.filter(item_filter(product, variant))
        .select_related("warehouse", "supplier", "order", "created_by")
        .order_by("-created_at")
    )


def stock_levels_for_staff(*, product=None, warehouse=None, low=False):
    """Stock levels of every warehouse for the operations list; `low` keeps those at or below their
    reorder point. Item and warehouse are joined, so a page costs one query however long it is."""
    levels = (
        StockLevel.objects.select_related("warehouse", "product", "variant")
        .annotate(available=F("quantity_on_hand") - F("quantity_reserved"))
        .order_by("warehouse__priority", "warehouse__code", "product__name", "pk")
    )
    if product is not None:
        levels = levels.filter(product=product)
    if warehouse is not None:
        levels = levels.filter(warehouse=warehouse)
    if low:
        levels = levels.filter(available__lte=F("reorder_point"))
    return levels


def movements_for_staff(*, product=None, warehouse=None, movement_type=None, created_from=None, created_to=None):
    """The stock ledger, newest first, filtered by item, warehouse, type and time (from included, to excluded)."""
    movements = StockMovement.objects.select_related(
        "warehouse", "product", "variant", "supplier", "order", "created_by"
    ).order_by("-created_at", "pk")
    if product is not None:
        movements = movements.filter(product=product)
    if warehouse is not None:
        movements = movements.filter(warehouse=warehouse)
    if movement_type:
        movements = movements.filter(movement_type=movement_type)
    if created_from:
        movements = movements.filter(created_at__gte=created_from)
    if created_to:
        movements = movements.filter(created_at__lt=created_to)
    return movements


def order_item_stock_flow(*, order, product, variant=None):
    """What the ledger says of one item of `order`: (units shipped, units put back on a shelf, the
    warehouse most of it shipped from, or None when none shipped)."""
    movements = StockMovement.objects.filter(item_filter(product, variant), order=order)
    shipped = (
        movements.filter(movement_type=MovementType.SHIPMENT)
        .values("warehouse")
        .annotate(units=Sum("quantity"))
        .order_by("-units")
    )
    returned = movements.filter(movement_type=MovementType.RETURN).aggregate(units=Sum("quantity"))["units"] or 0
    warehouse_id = shipped[0]["warehouse"] if shipped else None
    return sum(row["units"] for row in shipped), returned, warehouse_id


def transfers_for_staff(*, status=None):
    """Transfers, newest first, with their item and warehouses joined (one query per page)."""
    transfers = Transfer.objects.select_related("product", "variant", "source", "destination").order_by(
        "-created_at", "pk"
    )
    if status:
        transfers = transfers.filter(status=status)
    return transfers
