"""The storefront's forms: they check what a shopper typed; the services decide what it means."""

import re
import uuid
from datetime import date

from django import forms
from django.core.validators import RegexValidator

from apps.catalog.prices import PRICE_BANDS
from apps.storefront.destinations import all_destinations, destinations, state_choices

# What the shopper picks in the "Sort by" menu, and the selector's ordering it stands for.
SORTS = {
    "newest": ("Newest", "-created_at"),
    "price": ("Price: low to high", "price"),
    "-price": ("Price: high to low", "-price"),
    "rating": ("Best rated", "rating"),
}
RELEVANCE = {"relevance": ("Best match", "relevance")}


ATTRIBUTE_PARAM = re.compile(r"^attr_([a-z][a-z0-9_]{0,39})$")
MAX_VALUES = 20


class ValueListField(forms.Field):
    """The values of a repeated query parameter (?brand=a&brand=b); empty ones are dropped."""

    widget = forms.MultipleHiddenInput

    def __init__(self, *, max_length=100, **kwargs):
        super().__init__(required=False, **kwargs)
        self.max_length = max_length

    def to_python(self, value):
        values = [item.strip() for item in (value or []) if item and item.strip()]
        if len(values) > MAX_VALUES or any(len(item) > self.max_length for item in values):
            raise forms.ValidationError("Too many or too long filter values.")
        return values


class ListingFilterForm(forms.Form):
    """Filters and sorting of a category page or search results, read from the query string.

    Facet options are repeated parameters: brand=<slug>, price=<band key>, attr_<key>=<value>
    (attr_color=Black&attr_size=M), plus in_stock. A search may ask for its words as typed (exact).
    """

    min_price = forms.DecimalField(label="Min price", required=False, min_value=0, decimal_places=2, max_digits=10)
    max_price = forms.DecimalField(label="Max price", required=False, min_value=0, decimal_places=2, max_digits=10)
    brand = ValueListField(max_length=140)
    price = forms.MultipleChoiceField(required=False, choices=[(band.key, band.label) for band in PRICE_BANDS])
    in_stock = forms.BooleanField(label="In stock only", required=False)
    exact = forms.BooleanField(required=False, widget=forms.HiddenInput)
    sort = forms.ChoiceField(label="Sort by", required=False)

    def __init__(self, data=None, *, searching=False, **kwargs):
        super().__init__(data, **kwargs)
        self.sorts = {**RELEVANCE, **SORTS} if searching else SORTS
        self.fields["sort"].choices = [(key, label) for key, (label, _) in self.sorts.items()]
        self.attribute_params = {}
        for param in sorted(data or {}):
            match = ATTRIBUTE_PARAM.match(param)
            if match:
                self.fields[param] = ValueListField()
                self.attribute_params[param] = match.group(1)

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("min_price"), cleaned.get("max_price")
        if low is not None and high is not None and low > high:
            self.add_error("max_price", "The max price must not be below the min price.")
        return cleaned

    def selector_arguments(self) -> dict:
        """Keyword arguments for catalog.listing.browse (call after is_valid())."""
        data = self.cleaned_data
        sort = data.get("sort") or next(iter(self.sorts))
        return {
            "min_price": data.get("min_price"),
            "max_price": data.get("max_price"),
            "brands": data.get("brand") or (),
            "price_bands": data.get("price") or (),
            "in_stock": True if data.get("in_stock") else None,
            "attributes": {key: data[param] for param, key in self.attribute_params.items() if data.get(param)},
            "exact": bool(data.get("exact")),
            "ordering": self.sorts[sort][1],
        }


class AddToCartForm(forms.Form):
    variant = forms.ChoiceField(label="Option", required=False, widget=forms.RadioSelect)
    quantity = forms.IntegerField(label="Quantity", min_value=1, max_value=99, initial=1)

    def __init__(self, *args, product, **kwargs):
        super().__init__(*args, **kwargs)
        self.product = product
        self.variants = {str(variant.pk): variant for variant in product.active_variants}
        if self.variants:
            self.fields["variant"].required = True
            self.fields["variant"].choices = [(key, variant.name) for key, variant in self.variants.items()]
        else:
            del self.fields["variant"]

    def chosen_variant(self):
        return self.variants.get(self.cleaned_data.get("variant"))


class ReviewForm(forms.Form):
    rating = forms.TypedChoiceField(
        label="Rating",
        coerce=int,
        choices=[(n, f"{n} star{'s' if n > 1 else ''}") for n in range(5, 0, -1)],
    )
    title = forms.CharField(label="Title", max_length=200, required=False)
    content = forms.CharField(label="Your review", required=False, widget=forms.Textarea(attrs={"rows": 4}))


class CartQuantityForm(forms.Form):
    quantity = forms.IntegerField(label="Quantity", min_value=0, max_value=999)


class CouponForm(forms.Form):
    code = forms.CharField(label="Coupon code", max_length=50)


class DestinationMixin:
    """A country select of the countries shipping zones serve (every ISO 3166 country when
    `any_country`), and a state select that follows it (static/js/checkout.js shows only the chosen
    country's states). `country_field` and `state_field` name the two fields; a country without
    states takes none. Codes typed in lower case (us) are read as upper case."""

    country_field = "country_code"
    state_field = "state"
    any_country = False

    def _offer_destinations(self):
        if self.is_bound:
            key = self.add_prefix(self.country_field)
            self.data = self.data.copy()
            self.data[key] = str(self.data.get(key, "")).upper()
        known = all_destinations() if self.any_country else destinations()
        self.states_by_country = {code: {state for state, _ in states} for code, states in known["states"].items()}
        self.fields[self.country_field].choices = [("", "Choose a country"), *known["countries"]]
        self.fields[self.state_field].choices = state_choices(known)

    def _clean_destination(self, cleaned):
        country, state = cleaned.get(self.country_field), cleaned.get(self.state_field) or ""
        if country is None:
            return cleaned
        states = self.states_by_country.get(country)
        if states is None:
            cleaned[self.state_field] = ""
        elif state not in states:
            self.add_error(self.state_field, "Choose the state or region of this country.")
        return cleaned


class ShippingEstimateForm(DestinationMixin, forms.Form):
    """Where the cart's shipping estimate goes, and the method the shopper picks from its quotes."""

    country_field = "country"
    country = forms.ChoiceField(label="Country")
    state = forms.ChoiceField(label="State / region", required=False)
    method = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._offer_destinations()

    def clean(self):
        return self._clean_destination(super().clean())


class AddressForm(DestinationMixin, forms.Form):
    """A new address typed at checkout; place_order's address check has the last word."""

    first_name = forms.CharField(label="First name", max_length=100)
    last_name = forms.CharField(label="Last name", max_length=100)
    company = forms.CharField(label="Company", max_length=200, required=False)
    address_line_1 = forms.CharField(label="Address", max_length=255)
    address_line_2 = forms.CharField(label="Apartment, suite (optional)", max_length=255, required=False)
    city = forms.CharField(label="City", max_length=100)
    state = forms.ChoiceField(label="State / region", required=False)
    postal_code = forms.CharField(label="Postal code", max_length=20)
    country_code = forms.ChoiceField(label="Country", initial="US")
    phone = forms.CharField(label="Phone", max_length=30, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._offer_destinations()
        autocomplete = {"country_code": "country", "state": "address-level1", "postal_code": "postal-code"}
        for name, token in autocomplete.items():
            self.fields[name].widget.attrs["autocomplete"] = token

    def clean(self):
        return self._clean_destination(super().clean())


NEW_ADDRESS = "new"
SAME_AS_SHIPPING = "same"


class CheckoutForm(forms.Form):
    """Who orders, which saved addresses (if any), the shipping method, and the idempotency key."""

    email = forms.EmailField(label="Email", max_length=254)
    shipping_choice = forms.ChoiceField(label="Ship to", widget=forms.RadioSelect)
    billing_choice = forms.ChoiceField(label="Billing address", widget=forms.RadioSelect)
    shipping_method = forms.ChoiceField(label="Shipping method", widget=forms.RadioSelect, required=False)
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, saved_addresses=(), quotes=(), **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("idempotency_key", uuid.uuid4())
        super().__init__(*args, **kwargs)
        self.saved_addresses = {str(address.pk): address for address in saved_addresses}
        saved = [(key, _one_line(address)) for key, address in self.saved_addresses.items()]
        self.fields["shipping_choice"].choices = [*saved, (NEW_ADDRESS, "A new address")]
        self.fields["billing_choice"].choices = [
            (SAME_AS_SHIPPING, "Same as the shipping address"),
            *saved,
            (NEW_ADDRESS, "A new address"),
        ]
        self.fields["shipping_method"].choices = [(str(quote.method.pk), quote.method.name) for quote in quotes]
        self.quotes = list(quotes)

    def saved_address(self, key):
        return self.saved_addresses.get(key)


def _one_line(address) -> str:
    parts = [f"{address.first_name} {address.last_name}", address.address_line_1, address.city, address.postal_code]
    return ", ".join([*parts, address.country_code])


def _expiry_years():
    this_year = date.today().year
    return [("", "YYYY"), *((year, str(year)) for year in range(this_year, this_year + 15))]


NEW_CARD = "new"


class CardForm(forms.Form):
    """The card, for the one request that pays; its number and CVC are never put back in a page.

    A signed-in shopper may instead pick a saved card (`saved_card`), or ask to save the new one.
    """

    number = forms.CharField(
        label="Card number",
        max_length=23,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "cc-number", "inputmode": "numeric"}),
    )
    # Both start empty: a default date would be one the shopper did not choose (and maybe past).
    exp_month = forms.TypedChoiceField(
        label="Expiry month",
        coerce=int,
        choices=[("", "MM"), *((m, f"{m:02d}") for m in range(1, 13))],
        widget=forms.Select(attrs={"autocomplete": "cc-exp-month"}),
    )
    exp_year = forms.TypedChoiceField(
        label="Expiry year",
        coerce=int,
        choices=_expiry_years,
        widget=forms.Select(attrs={"autocomplete": "cc-exp-year"}),
    )
    cvc = forms.CharField(
        label="CVC",
        max_length=4,
        required=False,
        validators=[RegexValidator(r"^\d{3,4}$", "Enter the 3 or 4 digits on the back of the card.")],
        widget=forms.TextInput(attrs={"autocomplete": "cc-csc", "inputmode": "numeric"}),
    )

    def __init__(self, *args, saved_cards=(), can_save=False, **kwargs):
        super().__init__(*args, **kwargs)
        saved_cards = list(saved_cards)
        if saved_cards:
            default = next((card for card in saved_cards if card.is_default), saved_cards[0])
            self.fields["saved_card"] = forms.ChoiceField(
                label="Pay with",
                widget=forms.RadioSelect,
                initial=str(default.pk),
                choices=[
                    *(
                        (
                            str(card.pk),
                            f"{card.card_brand.capitalize()} ending in {card.card_last_four} · expires "
                            f"{card.exp_month:02d}/{card.exp_year}",
                        )
                        for card in saved_cards
                    ),
                    (NEW_CARD, "A new card"),
                ],
            )
        if can_save:
            self.fields["save"] = forms.BooleanField(label="Save this card for next time", required=False)

    def saved_card_id(self):
        """The saved card chosen to pay with, or None for a new card."""
        choice = self.cleaned_data.get("saved_card", NEW_CARD)
        return None if choice == NEW_CARD else choice

    def clean(self):
        data = super().clean()
        if self.saved_card_id() is None:
            if not data.get("number"):
                self.add_error("number", "Enter the card number as printed on the card.")
            if not data.get("cvc"):
                self.add_error("cvc", "Enter the 3 or 4 digits on the back of the card.")
        return data

    def clean_number(self):
        digits = "".join(ch for ch in self.cleaned_data["number"] if ch.isdigit())
        if digits and not 12 <= len(digits) <= 19:
            raise forms.ValidationError("Enter the card number as printed on the card.")
        return digits
