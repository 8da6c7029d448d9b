from rest_framework import serializers

from apps.accounts.api.serializers import AddressInput
from apps.accounts.selectors import addresses_for_user
from apps.checkout.addresses import address_from_saved
from apps.payments.gateways import Card


class CheckoutAddressInput(AddressInput):
    """The fields of an order's address (seed 003 order_addresses); no address-book settings."""

    address_type = None
    is_default = None


class PaymentInput(serializers.Serializer):
    """A card (number, expiry, CVC), or the id of a saved one (me/payment-methods/)."""

    CARD_FIELDS = ("card_number", "exp_month", "exp_year", "cvc")

    method = serializers.ChoiceField(choices=["card"])
    card_number = serializers.CharField(max_length=30, required=False)
    exp_month = serializers.IntegerField(min_value=1, max_value=12, required=False)
    exp_year = serializers.IntegerField(min_value=2000, max_value=2100, required=False)
    cvc = serializers.RegexField(r"^\d{3,4}$", required=False, error_messages={"invalid": "Three or four digits."})
    payment_method_id = serializers.UUIDField(required=False, help_text="A saved card instead of the card fields.")
    save_card = serializers.BooleanField(default=False, help_text="Keep the card for later (signed-in shoppers).")

    def validate(self, data):
        if "payment_method_id" in data:
            return data
        missing = {name: ["This field is required."] for name in self.CARD_FIELDS if name not in data}
        if missing:
            raise serializers.ValidationError(missing)
        return data

    def card(self, data):
        if "payment_method_id" in data:
            return None
        return Card(number=data["card_number"], exp_month=data["exp_month"], exp_year=data["exp_year"], cvc=data["cvc"])


class CheckoutInput(serializers.Serializer):
    """Give each address either inline or as the id of a saved one (signed-in shoppers)."""

    email = serializers.EmailField(max_length=255, required=False, help_text="Required for guests.")
    shipping_address = CheckoutAddressInput(required=False)
    shipping_address_id = serializers.UUIDField(required=False, help_text="A saved address instead.")
    billing_address = CheckoutAddressInput(required=False, help_text="The shipping address when left out.")
    billing_address_id = serializers.UUIDField(required=False)
    shipping_method = serializers.UUIDField(help_text="An id from shipping-methods/.")
    payment = PaymentInput()

    def _address(self, data, name, *, required):
        inline, saved_id = data.get(name), data.get(f"{name}_id")
        if inline is not None and saved_id is not None:
            raise serializers.ValidationError({name: [f"Give {name} or {name}_id, not both."]})
        if saved_id is not None:
            saved = self._saved_address(saved_id)
            if saved is None:
                raise serializers.ValidationError({f"{name}_id": ["No such saved address."]})
            return address_from_saved(saved)
        if inline is None and required:
            raise serializers.ValidationError({name: ["This field is required."]})
        return inline

    def _saved_address(self, address_id):
        user = self.context["user"]
        if not user.is_authenticated:
            return None
        return addresses_for_user(user=user).filter(pk=address_id).first()

    def validate(self, data):
        user = self.context["user"]
        email = data.get("email") or (user.email if user.is_authenticated else "")
        if not email:
            raise serializers.ValidationError({"email": ["This field is required."]})
        payment = data["payment"]
        return {
            "customer_email": email,
            "shipping_address": self._address(data, "shipping_address", required=True),
            "billing_address": self._address(data, "billing_address", required=False),
            "shipping_method_id": data["shipping_method"],
            "card": self.fields["payment"].card(payment),
            "payment_method_id": payment.get("payment_method_id"),
            "save_card": payment["save_card"],
        }
