from django.urls import path

from . import account_views

app_name = "orders-accounts"

# Included before apps.accounts.api.urls, so it serves auth/verify-email/ (reversed as v1:accounts:verify-email).
urlpatterns = [
    path("auth/verify-email/", account_views.VerifyEmailClaimingOrdersView.as_view(), name="verify-email"),
]
