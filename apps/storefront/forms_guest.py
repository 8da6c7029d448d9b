"""The guest's order lookup form."""

from django import forms


class OrderLookupForm(forms.Form):
    order_number = forms.CharField(
        label="Order number", max_length=50, help_text="As in your confirmation email, e.g. SF-2026-000123."
    )
    email = forms.EmailField(
        label="Email used for the order", max_length=255, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
