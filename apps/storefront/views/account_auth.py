"""Signing up, in and out, confirming the email address, and resetting a forgotten password."""

from django.contrib import messages
from django.contrib.auth import login, logout
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from apps.accounts.exceptions import EmailTaken, InvalidCredentials, InvalidToken, WeakPassword
from apps.accounts.services import (
    check_credentials,
    register_user,
    request_password_reset,
    reset_password,
)
from apps.core.http import client_ip
from apps.core.limits import RateLimited, check_attempt, fingerprint
from apps.orders.services import verify_email_and_claim_orders
from apps.storefront.carts import adopt_guest_cart
from apps.storefront.forms_account import (
    LoginForm,
    NewPasswordForm,
    PasswordResetRequestForm,
    SignupForm,
    show_refusal,
)

ACCOUNT_HOME = "/account/"
# The session remembers the backend that checks the account on later requests (django-axes's only
# refuses sign-ins, it never finds users).
SIGN_IN_BACKEND = "django.contrib.auth.backends.ModelBackend"
RESET_SENT = "If an account exists for that address, we sent it an email with a link to choose a new password."


def _next_url(request):
    """Where to go after signing in: the `next` asked for if it stays on this site, else the account."""
    target = request.POST.get("next") or request.GET.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if safe else ACCOUNT_HOME


def _sign_in(request, user):
    """Start the session, then fold this browser's guest cart into the user's (the session keeps it across
    login's key rotation)."""
    login(request, user, backend=SIGN_IN_BACKEND)
    adopt_guest_cart(request, user)


def signup(request):
    form = SignupForm(request.POST or None)
    status = 400
    if form.is_valid():
        try:
            check_attempt(request, "signup")
            user = register_user(**form.cleaned_data)
        except RateLimited as refusal:
            form.add_error(None, refusal.message)
            status = refusal.http_status
        except (EmailTaken, WeakPassword) as refusal:
            show_refusal(form, refusal)
        else:
            _sign_in(request, user)
            messages.success(
                request, f"Welcome, {user.first_name}! Check your email ({user.email}) to verify your address."
            )
            return redirect(_next_url(request))
    return render(
        request,
        "storefront/account/signup.html",
        {"form": form, "next": _next_url(request)},
        status=status if form.is_bound else 200,
    )


def sign_in(request):
    form = LoginForm(request.POST or None)
    if form.is_valid():
        try:
            user = check_credentials(
                request=request,
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password"],
                user_agent=request.headers.get("User-Agent", ""),
                ip=client_ip(request),
            )
        except InvalidCredentials as refusal:
            form.add_error(None, refusal.message)
        else:
            _sign_in(request, user)
            messages.success(request, f"Welcome back{f', {user.first_name}' if user.first_name else ''}.")
            return redirect(_next_url(request))
    return render(
        request,
        "storefront/account/login.html",
        {"form": form, "next": _next_url(request)},
        status=400 if form.is_bound else 200,
    )


@require_POST
def sign_out(request):
    logout(request)
    messages.success(request, "You are signed out.")
    return redirect("storefront:home")


def confirm_email(request, token):
    """The link mailed by start_email_verification."""
    try:
        user, claimed = verify_email_and_claim_orders(token=token)
    except InvalidToken as refusal:
        messages.error(request, f"{refusal.message} Sign in and ask for a new one from your account page.")
    else:
        joined = f" {claimed} order{pluralize(claimed)} placed with it joined your account." if claimed else ""
        messages.success(request, f"Thank you: {user.email} is verified.{joined}")
    return redirect(ACCOUNT_HOME if request.user.is_authenticated else "storefront:login")


def password_reset(request):
    form = PasswordResetRequestForm(request.POST or None)
    status = 400
    if form.is_valid():
        email = form.cleaned_data["email"]
        try:
            check_attempt(request, "password_reset", keys={"email": fingerprint(email)})
        except RateLimited as refusal:
            form.add_error(None, refusal.message)
            status = refusal.http_status
        else:
            request_password_reset(email=email)
            # The same answer whether or not the address has an account: the page must not reveal it.
            messages.success(request, RESET_SENT)
            return redirect("storefront:login")
    return render(
        request, "storefront/account/password_reset.html", {"form": form}, status=status if form.is_bound else 200
    )


def password_reset_confirm(request, token):
    """The link mailed by request_password_reset: choose the new password."""
    form = NewPasswordForm(request.POST or None)
    if form.is_valid():
        try:
            reset_password(token=token, new_password=form.cleaned_data["new_password"])
        except (InvalidToken, WeakPassword) as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, "Your password was changed. Sign in with the new one.")
            return redirect("storefront:login")
    return render(
        request,
        "storefront/account/password_reset_confirm.html",
        {"form": form},
        status=400 if form.is_bound else 200,
    )
