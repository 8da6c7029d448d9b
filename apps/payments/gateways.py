"""Payment gateways: one interface, and a built-in test gateway that needs no network.

Card numbers and CVCs live only in memory for the length of a gateway call: a Card never prints
them (repr), and only its brand and last four digits reach the database.
"""

import hashlib
import uuid
from abc import ABC, abstractmethod
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string


def luhn_valid(number):
    digits = [int(d) for d in number]
    checksum = sum(digits[-1::-2]) + sum(sum(divmod(2 * d, 10)) for d in digits[-2::-2])
    return checksum % 10 == 0


def _prefix_between(number, low, high):
    """True when the number starts with a prefix in low..high (prefixes of the same length)."""
    prefix = number[: len(str(low))]
    return prefix.isdigit() and low <= int(prefix) <= high


def detect_brand(number):
    """Card brand from the number's prefix (IIN ranges); "" when none matches."""
    if number.startswith(("34", "37")):
        return "amex"
    if number.startswith("4"):
        return "visa"
    if _prefix_between(number, 51, 55) or _prefix_between(number, 2221, 2720):
        return "mastercard"
    if number.startswith(("6011", "65")) or _prefix_between(number, 644, 649):
        return "discover"
    return ""


@dataclass(frozen=True)
class Card:
    number: str = field(repr=False)
    exp_month: int
    exp_year: int
    cvc: str = field(default="", repr=False)

    def __post_init__(self):
        object.__setattr__(self, "number", "".join(ch for ch in str(self.number) if ch.isdigit()))

    @property
    def brand(self):
        return detect_brand(self.number)

    @property
    def last_four(self):
        return self.number[-4:]

    @property
    def is_expired(self):
        today = timezone.localdate()
        return (self.exp_year, self.exp_month) < (today.year, today.month)


@dataclass(frozen=True)
class GatewayResult:
    succeeded: bool
    reference: str = ""
    error_code: str = ""
    error_message: str = ""
    data: dict = field(default_factory=dict)


class PaymentGateway(ABC):
    """What ShopFlow needs of a payment provider. Amounts are Decimals in the order's currency."""

    name = ""

    @abstractmethod
    def authorize(self, amount, currency, card, idempotency_key=None) -> GatewayResult:
        """Hold `amount` on the card; the result's reference names the charge for later calls.

        The same `idempotency_key` again returns the first answer instead of holding the money twice
        (what Stripe's Idempotency-Key header does), so a caller may safely repeat the request."""

    @abstractmethod
    def tokenize(self, card) -> GatewayResult:
        """Keep the card at the gateway; the result's reference is the token that pays with it later
        (the only thing ShopFlow keeps, encrypted, besides brand, last four and expiry)."""

    @abstractmethod
    def authorize_token(self, amount, currency, token, idempotency_key=None) -> GatewayResult:
        """authorize() with a card kept by tokenize(), under the same idempotency promise."""

    @abstractmethod
    def capture(self, reference, amount) -> GatewayResult:
        """Take (part of) an authorised amount."""

    @abstractmethod
    def void(self, reference) -> GatewayResult:
        """Drop an authorisation that was not captured."""

    @abstractmethod
    def refund(self, reference, amount) -> GatewayResult:
        """Give back (part of) a captured amount."""


def _new_reference(prefix, idempotency_key=None):
    """A fresh reference, or for a keyed request the same one every time: a repeated authorisation
    under one key names one charge, in any process, as a real provider's idempotency store would."""
    if idempotency_key is None:
        return f"test_{prefix}_{uuid.uuid4().hex[:24]}"
    return f"test_{prefix}_{hashlib.sha256(idempotency_key.encode()).hexdigest()[:24]}"


def _succeeded(reference, **data):
    return GatewayResult(succeeded=True, reference=reference, data={"id": reference, **data})


def _declined(code, message):
    return GatewayResult(succeeded=False, error_code=code, error_message=message, data={"error": code})


class TestGateway(PaymentGateway):
    """Deterministic, offline, Stripe-style test cards:

    - 4242 4242 4242 4242: authorised;
    - 4000 0000 0000 0002: card_declined; 4000 0000 0000 9995: insufficient_funds;
    - a number failing the Luhn check: invalid_number; a past expiry month: expired_card;
    - tokenize() refuses what authorize() would and returns a `test_tok_...` token that always pays;
    - any other Luhn-valid number: authorised. (Stripe's test mode refuses real card numbers; here
      any well-formed number works so that demos and manual testing need no list of magic numbers.)

    Captures, voids and refunds of its own charges always succeed. Authorisations with the same
    idempotency key answer the first result, for the life of the process (like Stripe's 24 hours).
    """

    __test__ = False  # not a pytest test class, whatever its name
    name = "test"
    DECLINES = {
        "4000000000000002": ("card_declined", "Your card was declined."),
        "4000000000009995": ("insufficient_funds", "Your card has insufficient funds."),
    }

    TOKEN_PREFIX = "test_tok_"

    def _refusal(self, card):
        if len(card.number) < 12 or not luhn_valid(card.number):
            return _declined("invalid_number", "Your card number is incorrect.")
        if card.is_expired:
            return _declined("expired_card", "Your card has expired.")
        if card.number in self.DECLINES:
            return _declined(*self.DECLINES[card.number])
        return None

    def authorize(self, amount, currency, card, idempotency_key=None):
        if refusal := self._refusal(card):
            return refusal
        charge = _new_reference("ch", idempotency_key)
        return _succeeded(charge, amount=str(amount), currency=currency, brand=card.brand, last_four=card.last_four)

    def tokenize(self, card):
        """A card that would be declined is refused here too, so a saved card is one that can pay."""
        if refusal := self._refusal(card):
            return refusal
        return _succeeded(_new_reference("tok"), brand=card.brand, last_four=card.last_four)

    def authorize_token(self, amount, currency, token, idempotency_key=None):
        if not token.startswith(self.TOKEN_PREFIX):
            return _declined("invalid_token", "This saved card is not known to the payment provider.")
        return _succeeded(_new_reference("ch", idempotency_key), amount=str(amount), currency=currency)

    def capture(self, reference, amount):
        return _succeeded(reference, amount=str(amount))

    def void(self, reference):
        return _succeeded(reference)

    def refund(self, reference, amount):
        return _succeeded(_new_reference("re"), charge=reference, amount=str(amount))


def get_gateway():
    """An instance of the configured gateway (settings.PAYMENT_GATEWAY, read at call time)."""
    return import_string(settings.PAYMENT_GATEWAY)()
