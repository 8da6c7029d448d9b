"""Addresses people type and share (issue #7): /, /search/, /c/<slug>/, /p/<slug>/, /cart/, /checkout/, ..."""

app_name = "storefront"

urlpatterns = []
