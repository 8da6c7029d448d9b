"""Saved cards: brand, last four and expiry, made default or deleted (they are saved at checkout)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from apps.payments.exceptions import PaymentMethodNotFound
from apps.payments.selectors import payment_methods_for_user
from apps.payments.services import delete_payment_method, set_default_payment_method


@login_required
def cards(request):
    return render(
        request,
        "storefront/account/cards.html",
        {"cards": payment_methods_for_user(request.user), "section": "cards"},
    )


def _on_own_card(change, request, card_id):
    try:
        return change(user=request.user, payment_method_id=card_id)
    except PaymentMethodNotFound:
        raise Http404("No such saved card.") from None


@login_required
@require_POST
def card_default(request, card_id):
    card = _on_own_card(set_default_payment_method, request, card_id)
    messages.success(request, f"{card} is now your default card.")
    return redirect("storefront:account_cards")


@login_required
@require_POST
def card_delete(request, card_id):
    _on_own_card(delete_payment_method, request, card_id)
    messages.success(request, "The card was deleted.")
    return redirect("storefront:account_cards")
