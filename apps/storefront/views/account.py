"""The account's profile page (name, password) and its address book."""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from apps.accounts.exceptions import AddressNotFound, InvalidAddress, WeakPassword, WrongPassword
from apps.accounts.selectors import addresses_for_user
from apps.accounts.services import (
    change_password,
    create_address,
    delete_address,
    set_default_address,
    start_email_verification,
    update_address,
    update_profile,
)
from apps.core.limits import RateLimited, check_attempt
from apps.storefront.forms_account import AccountAddressForm, ChangePasswordForm, ProfileForm, show_refusal


@login_required
def profile(request):
    """Two forms on one page; the submit button's name says which one was sent."""
    user = request.user
    profile_form = ProfileForm(initial={"first_name": user.first_name, "last_name": user.last_name})
    password_form = ChangePasswordForm(prefix="password")
    if request.method == "POST" and "save_profile" in request.POST:
        profile_form = ProfileForm(request.POST)
        if profile_form.is_valid():
            update_profile(user=user, **profile_form.cleaned_data)
            messages.success(request, "Your name was saved.")
            return redirect("storefront:account")
    elif request.method == "POST" and "change_password" in request.POST:
        password_form = ChangePasswordForm(request.POST, prefix="password")
        if password_form.is_valid():
            try:
                change_password(
                    user=user,
                    old_password=password_form.cleaned_data["old_password"],
                    new_password=password_form.cleaned_data["new_password"],
                )
            except (WrongPassword, WeakPassword) as refusal:
                show_refusal(password_form, refusal)
            else:
                # The session is tied to the password hash: keep this browser signed in.
                update_session_auth_hash(request, user)
                messages.success(request, "Your password was changed.")
                return redirect("storefront:account")
    return render(
        request,
        "storefront/account/profile.html",
        {"profile_form": profile_form, "password_form": password_form, "section": "profile"},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def resend_verification(request):
    if not request.user.email_verified:
        try:
            check_attempt(request, "verification_mail")
        except RateLimited as refusal:
            messages.error(request, refusal.message)
        else:
            start_email_verification(user=request.user)
            messages.success(request, f"We sent a new link to {request.user.email}.")
    return redirect("storefront:account")


@login_required
def addresses(request):
    return render(
        request,
        "storefront/account/addresses.html",
        {"addresses": addresses_for_user(user=request.user), "section": "addresses"},
    )


def _own_address_or_404(user, address_id):
    address = addresses_for_user(user=user).filter(pk=address_id).first()
    if address is None:
        raise Http404("No such address.")
    return address


def _address_form_page(request, form, address=None):
    """Save the typed address (new, or changes to `address`), or show the form with its errors."""
    if form.is_valid():
        try:
            if address is None:
                create_address(user=request.user, **form.cleaned_data)
            else:
                update_address(user=request.user, address_id=address.pk, **form.cleaned_data)
        except InvalidAddress as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, "The address was saved.")
            return redirect("storefront:account_addresses")
    return render(
        request,
        "storefront/account/address_form.html",
        {"form": form, "address": address, "section": "addresses"},
        status=400 if form.is_bound else 200,
    )


@login_required
def address_new(request):
    return _address_form_page(request, AccountAddressForm(request.POST or None))


@login_required
def address_edit(request, address_id):
    address = _own_address_or_404(request.user, address_id)
    initial = {name: getattr(address, name) for name in AccountAddressForm.base_fields}
    return _address_form_page(request, AccountAddressForm(request.POST or None, initial=initial), address)


@login_required
@require_POST
def address_delete(request, address_id):
    try:
        delete_address(user=request.user, address_id=address_id)
    except AddressNotFound as refusal:
        raise Http404(refusal.message) from refusal
    messages.success(request, "The address was deleted.")
    return redirect("storefront:account_addresses")


@login_required
@require_POST
def address_default(request, address_id):
    try:
        address = set_default_address(user=request.user, address_id=address_id)
    except AddressNotFound as refusal:
        raise Http404(refusal.message) from refusal
    messages.success(request, f"This is now your default {address.get_address_type_display().lower()} address.")
    return redirect("storefront:account_addresses")
