"""Shared infrastructure of the REST API (version 1, under /api/v1/).

What every endpoint gets without asking (settings.REST_FRAMEWORK):

- **errors** in one shape, ``{"error": {"code": ..., "message": ..., "fields": {...}}}``
  (:mod:`.exceptions`): serializer errors are 400 ``invalid`` with the field messages; a raised
  ``apps.core.exceptions.DomainError`` answers with its ``http_status`` (400 by default, 409 for
  conflicts such as stock or coupon limits) and its ``code``, ``message`` and ``fields``;
  unknown /api/ URLs and server errors use the same shape (:mod:`.views`);
- **authentication**: ``Authorization: Bearer <access>`` (apps.accounts.api.authentication) or the
  browser's session with CSRF; **permission** ``IsAuthenticated`` unless a view says otherwise;
- **pagination** (:mod:`.pagination`): ``?page=2&page_size=50``, 20 by default, at most 100;
- **throttling** by scope: set ``throttle_scope = "auth"`` or ``"checkout"`` on a view.

How an app adds its endpoints
-----------------------------

1. ``apps/<app>/api/serializers.py``: input serializers (plain ``Serializer`` validating the
   request) and output serializers (what the client reads); no ``create()``/``update()``: writes
   belong to services.
2. ``apps/<app>/api/views.py``: thin ``APIView``/``GenericAPIView`` classes that validate input,
   call ``apps/<app>/selectors.py`` to read and ``apps/<app>/services.py`` to write, and return the
   output serializer's data. Let domain errors propagate: the exception handler turns them into
   the error format. Decorate each method with ``drf_spectacular.utils.extend_schema`` (request,
   responses, examples) so that ``manage.py spectacular --validate --fail-on-warn`` stays clean.
   A list view uses ``self.paginate_queryset()`` / ``self.get_paginated_response()``.
3. ``apps/<app>/api/urls.py``: ``app_name = "<app>"`` and the ``urlpatterns`` with trailing
   slashes, e.g. ``path("products/", ProductListView.as_view(), name="product-list")``.
4. ``shopflow/urls.py``: add ``path("", include("apps.<app>.api.urls"))`` to ``api_v1`` and the
   list endpoint to ``API_ROOT_RESOURCES`` (shown by GET /api/v1/). URL names are then
   ``v1:<app>:<name>``.
5. Tests in ``tests/<app>/test_api.py`` with ``rest_framework.test.APIClient``;
   ``client.force_authenticate(user)`` for a signed-in user.

Catalog reads that clients poll add :class:`.conditional.ConditionalGetMixin` first in the view's
bases: GET answers carry an ETag (and Last-Modified when the view defines ``get_last_modified()``,
e.g. the queryset's ``Max("updated_at")``), and a client sending ``If-None-Match`` or
``If-Modified-Since`` for unchanged data gets 304 with no body.
"""
