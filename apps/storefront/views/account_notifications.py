"""The account's notifications page: messages from the shop (mark read) and which alerts to receive."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from apps.notifications.selectors import notifications_for_user, preferences_for_user, unread_count
from apps.notifications.services import mark_read, set_preferences
from apps.storefront.forms_notifications import CHANNELS, MarkReadForm, NotificationPreferencesForm

PAGE_SIZE = 20


@login_required
def notifications(request):
    user = request.user
    form = NotificationPreferencesForm(preferences=preferences_for_user(user=user))
    if request.method == "POST":
        form = NotificationPreferencesForm(request.POST, preferences=preferences_for_user(user=user))
        if form.is_valid():
            set_preferences(user=user, choices=form.choices())
            messages.success(request, "Your notification choices were saved.")
            return redirect("storefront:account_notifications")
    page = Paginator(notifications_for_user(user=user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "storefront/account/notifications.html",
        {
            "page": page,
            "unread": unread_count(user=user),
            "form": form,
            "channels": CHANNELS,
            "section": "notifications",
        },
    )


@login_required
@require_POST
def notifications_read(request):
    form = MarkReadForm(request.POST)
    if form.is_valid():
        chosen = form.cleaned_data["notification"]
        mark_read(user=request.user, notification_ids=[chosen] if chosen else None)
    else:
        messages.error(request, "That notification does not exist.")
    return redirect("storefront:account_notifications")
