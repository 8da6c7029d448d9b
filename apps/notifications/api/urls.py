from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("me/notification-preferences/", views.PreferencesView.as_view(), name="preferences"),
    path("me/notifications/", views.NotificationListView.as_view(), name="notification-list"),
    path("me/notifications/read/", views.MarkReadView.as_view(), name="mark-read"),
]
