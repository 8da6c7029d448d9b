"""The admin's intermediate forms of the order operations: what staff choose before one runs.

Forms only read and check input; the services decide (and refuse with their own message)."""

from decimal import Decimal

from django import forms

from apps.orders.selectors import shipped_quantities
from apps.shipping.models import Carrier

from .services import Line


class ReasonForm(forms.Form):
    reason = forms.CharField(max_length=255, initial="Cancelled by the shop")


class _LinesForm(forms.Form):
    """A quantity field per line of `order` (none when several orders are chosen at once)."""

    def __init__(self, *args, order=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_items = list(order.items.all()) if order is not None else []
        for item in self.order_items:
            self.fields[self._name(item)] = forms.IntegerField(
                label=self._label(item), min_value=0, max_value=item.quantity, initial=self._initial(order, item)
            )

    @staticmethod
    def _name(item):
        return f"quantity_{item.pk}"

    @staticmethod
    def _label(item):
        name = f"{item.product_name} ({item.variant_name})" if item.variant_name else item.product_name
        return f"{name} · {item.sku}"

    def _initial(self, order, item):
        return 0

    def lines(self):
        """The chosen units as Line values (lines left at 0 are not part of it)."""
        chosen = ((item, self.cleaned_data.get(self._name(item)) or 0) for item in self.order_items)
        return [Line(item, units) for item, units in chosen if units > 0]


class ShipForm(_LinesForm):
    carrier = forms.ModelChoiceField(queryset=Carrier.objects.filter(is_active=True), empty_label=None)
    tracking_number = forms.CharField(max_length=100, required=False)
    estimated_delivery = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, order=None, **kwargs):
        self._shipped = shipped_quantities(order) if order is not None else {}
        super().__init__(*args, order=order, **kwargs)

    def _initial(self, order, item):
        return item.quantity - self._shipped.get(item.pk, 0)

    def clean(self):
        cleaned = super().clean()
        if self.order_items and not self.errors and not self.lines():
            raise forms.ValidationError("Choose at least one unit to ship.")
        return cleaned


class RefundForm(_LinesForm):
    amount = forms.DecimalField(
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0.01"),
        required=False,
        help_text="Leave empty to refund the items chosen below at their price, or everything when none is chosen.",
    )
    reason = forms.CharField(max_length=255)
    restock_items = forms.BooleanField(required=False, label="Put the chosen items back on the shelf they shipped from")
