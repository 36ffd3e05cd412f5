"""The base API viewsets: every queryset through `restrict`, so a hidden row is a 404 (NetBox style).

`RestrictedViewSet` reads. `WritableRestrictedViewSet` also creates, updates and deletes — always
through the domain's own services (the same validation, permission check, audit and indicator refresh as
the forms and imports); a rule violation is a 400 with the reasons in Chinese by field, a write outside the
user's role or scope a 403.
"""
from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.templatetags.static import static
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework import exceptions, mixins, viewsets

from . import services as core_services
from .permissions import VIEW, restrict


class RestrictedViewSet(viewsets.ReadOnlyModelViewSet):
    """Read-only API of one model."""

    queryset = None
    ordering_fields = "__all__"

    def get_queryset(self):
        return restrict(self.queryset.all(), self.request.user, VIEW)


def _through_service(call, **kwargs):
    try:
        return call(**kwargs)
    except DjangoValidationError as exc:
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        raise exceptions.ValidationError(detail) from None


class WritableRestrictedViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, mixins.DestroyModelMixin, RestrictedViewSet):
    """Read and write one model. Subclasses name their services:

        create_service = staticmethod(building_create)                     # (*, data, actor)
        update_service = staticmethod(lambda obj, **kw: building_update(building=obj, **kw))
    Deletion is the generic audited delete (louyu.core.services.object_delete), checked per row."""

    create_service = None
    update_service = None

    def perform_create(self, serializer):
        serializer.instance = _through_service(self.create_service, data=dict(serializer.validated_data), actor=self.request.user)

    def perform_update(self, serializer):
        serializer.instance = _through_service(self.update_service, obj=serializer.instance, data=dict(serializer.validated_data),
                                               actor=self.request.user)

    def perform_destroy(self, instance):
        _through_service(core_services.object_delete, obj=instance, actor=self.request.user, note="通过 API 删除")


class LocalSwaggerView(SpectacularSwaggerSplitView):
    """Swagger UI from the vendored static files (no CDN); its start-up script is a separate request, so
    the page needs no inline script under the Content-Security-Policy."""

    @staticmethod
    def _swagger_ui_resource(filename):
        return static(f"vendor/swagger-ui/{filename}")

    @staticmethod
    def _swagger_ui_favicon():
        return static("vendor/swagger-ui/favicon-32x32.png")
