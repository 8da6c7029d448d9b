"""The dashboard's own operations (the rest of the console is ModelAdmin actions)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from apps.analytics.services import refresh_all


def may_refresh(user):
    return user.has_perm("analytics.add_materializedviewrefresh")


@require_POST
def refresh_views(request):
    """Refresh every materialized view now, then back to the dashboard with what happened."""
    if not may_refresh(request.user):
        raise PermissionDenied
    refreshes = refresh_all()
    failed = [refresh.view_name for refresh in refreshes if not refresh.succeeded]
    if failed:
        messages.error(request, f"Refresh failed for {', '.join(failed)}.")
    else:
        messages.success(request, f"Refreshed {len(refreshes)} views.")
    return redirect("admin:index")
