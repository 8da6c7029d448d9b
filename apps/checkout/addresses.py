"""Addresses as checkout takes them: plain values with the fields of an order's address snapshot."""

import re
from dataclasses import dataclass, fields, replace

from apps.orders.models import OrderAddress

from .exceptions import InvalidAddress

REQUIRED = ("first_name", "last_name", "address_line_1", "city", "postal_code", "country_code")
COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")


@dataclass(frozen=True)
class CheckoutAddress:
    first_name: str
    last_name: str
    address_line_1: str
    city: str
    postal_code: str
    country_code: str
    company: str = ""
    address_line_2: str = ""
    state: str = ""
    phone: str = ""

    def as_dict(self) -> dict:
        return {field.name: getattr(self, field.name) for field in fields(self)}


def address_from_saved(address) -> CheckoutAddress:
    """The values of a saved accounts.Address (the address book) for checkout."""
    return CheckoutAddress(**{field.name: getattr(address, field.name) for field in fields(CheckoutAddress)})


def _as_address(value) -> CheckoutAddress:
    if isinstance(value, CheckoutAddress):
        return value
    names = {field.name for field in fields(CheckoutAddress)}
    return CheckoutAddress(**{name: value.get(name) or "" for name in names})


def _problems(address: CheckoutAddress, prefix: str) -> dict:
    """{"<prefix>.<field>": what is wrong} for every bad field of `address`."""
    found = {}
    for name, value in address.as_dict().items():
        limit = OrderAddress._meta.get_field(name).max_length
        if name in REQUIRED and not value:
            found[f"{prefix}.{name}"] = "This field is required."
        elif len(value) > limit:
            found[f"{prefix}.{name}"] = f"At most {limit} characters."
    if address.country_code and not COUNTRY_CODE.match(address.country_code):
        found[f"{prefix}.country_code"] = "Use the two-letter country code, e.g. US."
    return found


def _describe(problems: dict) -> str:
    parts = [f"{key.replace('_', ' ').replace('.', ', ')}: {problem}" for key, problem in sorted(problems.items())]
    return "Please check the address (" + "; ".join(parts) + ")"


def clean_addresses(*, shipping, billing=None) -> tuple[CheckoutAddress, CheckoutAddress]:
    """(shipping, billing) trimmed, country codes upper case; billing is the shipping address when not given.

    Raises InvalidAddress naming every bad field of both addresses, so a form can show them all at once.
    """

    def clean(value):
        address = _as_address(value)
        trimmed = {name: str(item).strip() for name, item in address.as_dict().items()}
        return replace(address, **{**trimmed, "country_code": trimmed["country_code"].upper()})

    shipping = clean(shipping)
    problems = _problems(shipping, "shipping_address")
    if billing is None:
        billing = shipping
    else:
        billing = clean(billing)
        problems.update(_problems(billing, "billing_address"))
    if problems:
        raise InvalidAddress(_describe(problems), fields=problems)
    return shipping, billing
