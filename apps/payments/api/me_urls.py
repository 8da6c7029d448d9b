from django.urls import path

from . import saved_cards

app_name = "payment-methods"

urlpatterns = [
    path("me/payment-methods/", saved_cards.PaymentMethodListView.as_view(), name="list"),
    path("me/payment-methods/<uuid:payment_method_id>/", saved_cards.PaymentMethodDetailView.as_view(), name="detail"),
    path(
        "me/payment-methods/<uuid:payment_method_id>/default/",
        saved_cards.PaymentMethodDefaultView.as_view(),
        name="default",
    ),
]
