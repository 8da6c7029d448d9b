from rest_framework import serializers

from apps.accounts.models import Address, User
from apps.core.models import ADDRESS_FIELDS, AddressType


class RegisterInput(serializers.Serializer):
    email = serializers.EmailField(max_length=255)
    password = serializers.CharField(write_only=True, trim_whitespace=False, max_length=128)
    first_name = serializers.CharField(max_length=100, required=False, default="")
    last_name = serializers.CharField(max_length=100, required=False, default="")


class LoginInput(serializers.Serializer):
    email = serializers.EmailField(max_length=255)
    password = serializers.CharField(trim_whitespace=False, max_length=128)


class RefreshInput(serializers.Serializer):
    refresh = serializers.CharField(max_length=255)


class TokenInput(serializers.Serializer):
    token = serializers.CharField(max_length=255)


class PasswordResetInput(serializers.Serializer):
    email = serializers.EmailField(max_length=255)


class PasswordResetConfirmInput(TokenInput):
    new_password = serializers.CharField(trim_whitespace=False, max_length=128)


class ChangePasswordInput(serializers.Serializer):
    old_password = serializers.CharField(trim_whitespace=False, max_length=128)
    new_password = serializers.CharField(trim_whitespace=False, max_length=128)


class ProfileInput(serializers.Serializer):
    first_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    last_name = serializers.CharField(max_length=100, required=False, allow_blank=True)


class TokenPairOutput(serializers.Serializer):
    access = serializers.CharField(help_text="Bearer token for the Authorization header; short-lived.")
    refresh = serializers.CharField(help_text="Trade it at auth/refresh for a new pair; single use.")


class UserOutput(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "email", "first_name", "last_name", "email_verified"]
        read_only_fields = fields


class AddressInput(serializers.Serializer):
    address_type = serializers.ChoiceField(choices=AddressType.choices, default=AddressType.SHIPPING)
    is_default = serializers.BooleanField(default=False)
    first_name = serializers.CharField(max_length=100)
    last_name = serializers.CharField(max_length=100)
    company = serializers.CharField(max_length=200, required=False, allow_blank=True)
    address_line_1 = serializers.CharField(max_length=255)
    address_line_2 = serializers.CharField(max_length=255, required=False, allow_blank=True)
    city = serializers.CharField(max_length=100)
    state = serializers.CharField(max_length=100, required=False, allow_blank=True)
    postal_code = serializers.CharField(max_length=20)
    country_code = serializers.RegexField(
        r"^[A-Za-z]{2}$", max_length=2, error_messages={"invalid": "Use a two-letter ISO country code."}
    )
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)

    def validate_country_code(self, value):
        return value.upper()


class AddressOutput(serializers.ModelSerializer):
    class Meta:
        model = Address
        fields = [
            "id",
            "address_type",
            "is_default",
            *ADDRESS_FIELDS,
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields
