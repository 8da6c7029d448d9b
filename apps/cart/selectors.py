"""Reads of carts: the lines with their live prices and stock, and the tax rate of a destination."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, Sum
from django.db.models.functions import Coalesce

from apps.cart.models import Cart, CartItem, TaxRate
from apps.catalog.models import Product, ProductImage, ProductVariant


def live_unit_price(product: Product, variant: ProductVariant | None) -> Decimal:
    return variant.price if variant is not None else product.price


def available_stock(product: Product, variant: ProductVariant | None) -> int | None:
    """Units that can be sold now; None when the product does not track inventory (never runs out)."""
    if not product.track_inventory:
        return None
    return (variant or product).stock_quantity


def is_sellable(product: Product, variant: ProductVariant | None) -> bool:
    alive = product.is_active and not product.is_deleted
    return alive and (variant is None or (variant.is_active and variant.product_id == product.pk))


@dataclass(frozen=True)
class CartLine:
    """A cart line as the shopper sees it: today's price and stock next to what was added."""

    item: CartItem
    product: Product
    variant: ProductVariant | None
    quantity: int
    unit_price: Decimal
    snapshot_price: Decimal
    available: int | None
    image: ProductImage | None

    @property
    def line_total(self) -> Decimal:
        return self.unit_price * self.quantity

    @property
    def price_changed(self) -> bool:
        return self.unit_price != self.snapshot_price

    @property
    def max_quantity(self) -> int | None:
        """The most the shopper may ask for; None: no limit."""
        return self.available

    @property
    def in_stock(self) -> bool:
        return self.available is None or self.quantity <= self.available

    @property
    def name(self) -> str:
        return f"{self.product.name} ({self.variant.name})" if self.variant else self.product.name

    @property
    def warnings(self) -> tuple[str, ...]:
        found = []
        if self.price_changed:
            direction = "dropped" if self.unit_price < self.snapshot_price else "risen"
            found.append(f"The price of {self.name} has {direction} from ${self.snapshot_price} to ${self.unit_price}.")
        if not self.in_stock:
            found.append(
                f"Only {self.available} of {self.name} in stock." if self.available else f"{self.name} is out of stock."
            )
        return tuple(found)


@dataclass(frozen=True)
class CartContents:
    cart: Cart
    lines: tuple[CartLine, ...]
    unavailable: tuple[CartItem, ...] = ()

    @property
    def messages(self) -> tuple[str, ...]:
        """What the shopper is told about lines that can no longer be bought."""
        return tuple(
            f"{item.product.name} is no longer available and was removed from your cart." for item in self.unavailable
        )

    @property
    def subtotal(self) -> Decimal:
        return sum((line.line_total for line in self.lines), Decimal("0.00"))

    @property
    def item_count(self) -> int:
        return sum(line.quantity for line in self.lines)

    @property
    def all_in_stock(self) -> bool:
        return all(line.in_stock for line in self.lines)


def get_cart_for_user(*, user) -> Cart | None:
    return Cart.objects.filter(user=user).select_related("coupon").first()


def get_cart_by_token(*, token: str) -> Cart | None:
    if not token:
        return None
    return Cart.objects.filter(session_id=token, user__isnull=True).select_related("coupon").first()


def cart_items_with_products(cart: Cart):
    """The cart's items with product, variant and primary image: two queries whatever the line count."""
    primary_images = Prefetch(
        "product__images", queryset=ProductImage.objects.filter(is_primary=True), to_attr="primary_images"
    )
    return (
        CartItem.objects.filter(cart=cart)
        .select_related("product", "variant")
        .prefetch_related(primary_images)
        .order_by("created_at")
    )


def get_cart_contents(*, cart: Cart) -> CartContents:
    """The cart's lines with live prices and stock, and apart the lines whose product or variant was
    deleted or deactivated (cart.services.read_cart removes those and tells the shopper)."""
    lines, unavailable = [], []
    for item in cart_items_with_products(cart):
        if not is_sellable(item.product, item.variant):
            unavailable.append(item)
            continue
        lines.append(
            CartLine(
                item=item,
                product=item.product,
                variant=item.variant,
                quantity=item.quantity,
                unit_price=live_unit_price(item.product, item.variant),
                snapshot_price=item.unit_price,
                available=available_stock(item.product, item.variant),
                image=next(iter(item.product.primary_images), None),
            )
        )
    return CartContents(cart=cart, lines=tuple(lines), unavailable=tuple(unavailable))


def tax_rate_for(*, country_code: str, state: str = "") -> TaxRate | None:
    """The state's rate when there is one, else the country-wide rate (empty state)."""
    if not country_code:
        return None
    states = [state.upper(), ""] if state else [""]
    rates = TaxRate.objects.filter(country_code=country_code.upper(), state__in=states)
    # Descending puts a non-empty state before the country-wide "".
    return rates.order_by("-state").first()


def count_items(*, cart: Cart | None) -> int:
    """Units in the cart, for the header's badge: one query, no line reading."""
    if cart is None:
        return 0
    return cart.items.aggregate(units=Coalesce(Sum("quantity"), 0))["units"]
