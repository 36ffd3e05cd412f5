"""The one base API viewset: every queryset through `restrict`, so a hidden row is a 404 (NetBox style)."""
from __future__ import annotations

from django.templatetags.static import static
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework import viewsets

from .permissions import VIEW, restrict


class RestrictedViewSet(viewsets.ReadOnlyModelViewSet):
    """Read-only API of one model. Writes go through imports and pages, which call the domain services."""

    queryset = None

    def get_queryset(self):
        return restrict(self.queryset.all(), self.request.user, VIEW)


class LocalSwaggerView(SpectacularSwaggerSplitView):
    """Swagger UI from the vendored static files (no CDN); its start-up script is a separate request, so
    the page needs no inline script under the Content-Security-Policy."""

    @staticmethod
    def _swagger_ui_resource(filename):
        return static(f"vendor/swagger-ui/{filename}")

    @staticmethod
    def _swagger_ui_favicon():
        return static("vendor/swagger-ui/favicon-32x32.png")
