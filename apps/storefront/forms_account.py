"""Forms of the account pages: sign-up and sign-in, passwords, profile, address book, return requests.

They check what was typed; the accounts and returns services decide what it means, and a refusal of
theirs is put back on the form by show_refusal().
"""

from django import forms

from apps.core.models import AddressType
from apps.storefront.forms import AddressForm


def show_refusal(form, refusal):
    """Put a service's DomainError on the form: under each field it names (with that field's own
    messages when the service gives a list of them), else above the form."""
    named = [field for field in refusal.fields if field in form.fields]
    for field in named:
        details = refusal.fields[field]
        form.add_error(field, details if isinstance(details, list) and details else refusal.message)
    if not named:
        form.add_error(None, refusal.message)


class PasswordInput(forms.PasswordInput):
    def __init__(self, autocomplete):
        super().__init__(attrs={"autocomplete": autocomplete})


class SignupForm(forms.Form):
    first_name = forms.CharField(label="First name", max_length=100)
    last_name = forms.CharField(label="Last name", max_length=100, required=False)
    email = forms.EmailField(label="Email", max_length=255, widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    password = forms.CharField(
        label="Password",
        widget=PasswordInput("new-password"),
        help_text="At least 8 characters, hard to guess: a few unrelated words make a good one.",
    )


class LoginForm(forms.Form):
    email = forms.EmailField(label="Email", max_length=255, widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    password = forms.CharField(label="Password", widget=PasswordInput("current-password"))


class PasswordResetRequestForm(forms.Form):
    email = forms.EmailField(label="Email", max_length=255, widget=forms.EmailInput(attrs={"autocomplete": "email"}))


class NewPasswordForm(forms.Form):
    """A new password typed twice, so a typo does not lock the shopper out."""

    new_password = forms.CharField(label="New password", widget=PasswordInput("new-password"))
    new_password_again = forms.CharField(label="New password again", widget=PasswordInput("new-password"))

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("new_password"), cleaned.get("new_password_again")
        if first and second and first != second:
            self.add_error("new_password_again", "The two passwords differ.")
        return cleaned


class ChangePasswordForm(NewPasswordForm):
    old_password = forms.CharField(label="Current password", widget=PasswordInput("current-password"))

    field_order = ["old_password", "new_password", "new_password_again"]


class ProfileForm(forms.Form):
    first_name = forms.CharField(label="First name", max_length=100)
    last_name = forms.CharField(label="Last name", max_length=100, required=False)


class AccountAddressForm(AddressForm):
    """An address of the address book: the checkout's address fields, its type, and whether it is
    the default. Any country: a billing address may be where the shop does not deliver."""

    any_country = True

    address_type = forms.ChoiceField(label="Type", choices=AddressType.choices, initial=AddressType.SHIPPING)
    is_default = forms.BooleanField(label="Use as my default address of this type", required=False)


class ReturnRequestForm(forms.Form):
    """How many units of each returnable line go back, and why."""

    reason = forms.CharField(label="Why are you returning these items?", max_length=255)
    customer_notes = forms.CharField(
        label="Anything else we should know? (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, order, returnable, **kwargs):
        """returnable: {order item id: units still returnable}, from returns.selectors.returnable_quantities."""
        super().__init__(*args, **kwargs)
        self.lines = []
        for item in order.items.all():
            left = returnable.get(item.pk, 0)
            if left <= 0:
                continue
            name = f"quantity_{item.pk}"
            label = f"{item.product_name}{f' ({item.variant_name})' if item.variant_name else ''}"
            self.fields[name] = forms.IntegerField(
                label=f"Quantity of {label} to return",
                min_value=0,
                max_value=left,
                initial=0,
                help_text=f"Up to {left}",
            )
            self.lines.append((item, name))
        self.order_fields([*(name for _, name in self.lines), "reason", "customer_notes"])

    def line_fields(self):
        return [(item, self[name]) for item, name in self.lines]

    def chosen_items(self):
        """[(order item, quantity, reason)] for request_return: the lines with at least one unit."""
        reason = self.cleaned_data["reason"]
        return [(item, self.cleaned_data[name], reason) for item, name in self.lines if self.cleaned_data.get(name)]
