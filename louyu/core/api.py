"""The base API viewsets: every queryset through `restrict`, so a hidden row is a 404 (NetBox style).

`RestrictedViewSet` reads. `WritableRestrictedViewSet` also creates, updates and deletes, always through the
domain's own services, declared as `core.views.ObjectEditView` declares them (one rule for the forms, the API,
the CLI and imports: the same validation, permission check, audit and indicator refresh):

    create_service = staticmethod(services.event_create)      # (*, data, actor, note) -> row
    update_service = staticmethod(services.event_update)      # (*, <update_keyword>=row, data, actor, note)
    update_keyword = "event"
    delete_service = staticmethod(services.event_delete)      # (*, <update_keyword>=row, actor, note); default:
                                                              # the generic audited delete; None: no DELETE
A workflow step that is a service is a POST action calling `self.service_action(...)`. What the viewset does
not declare it does not offer (the method is absent from the schema, 405 when tried). The answers are the
pages': a row the user cannot see is a 404, a row they see but may not change a 403 (before any validation,
so a refused write never learns whether its data were valid), a rule violation a 400 with the reasons in
Chinese keyed by field.
"""
from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.core.exceptions import ValidationError as DjangoValidationError
from django.templatetags.static import static
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import inline_serializer
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from . import permissions
from . import services as core_services
from .models import Role
from .permissions import CHANGE, DELETE, VIEW, restrict
from .views import DeclaredServices

API_NOTE_CREATE, API_NOTE_UPDATE, API_NOTE_DELETE = "通过 API 新增", "通过 API 修改", "通过 API 删除"
_GENERIC_DELETE = object()  # the default `delete_service`: louyu.core.services.object_delete


def exception_handler(exc, context):
    """DRF's handler, with the two bodies it leaves in English said in Chinese: a missing (or hidden) row, whose
    Django message names the model, and a body that does not parse, whose parser message is the library's."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound("未找到该数据（不存在，或不在本人可查看的范围内）。")
    elif isinstance(exc, exceptions.ParseError):
        exc = exceptions.ParseError("请求内容无法解析：请发送有效的 JSON 或表单数据。")
    return drf_exception_handler(exc, context)


class RegisterSerializer(serializers.ModelSerializer):
    """A register row. `Meta.writable` names the fields a client may send — its edit form's; every other field
    is read-only (set by the services: dates of a workflow, the district a building implies, …)."""

    def get_fields(self):
        fields = super().get_fields()
        writable = getattr(self.Meta, "writable", None)
        for name, field in fields.items():
            if writable is not None and name not in writable:
                field.read_only, field.required = True, False
        return fields


class RestrictedViewSet(viewsets.ReadOnlyModelViewSet):
    """Read-only API of one model."""

    queryset = None
    ordering_fields = "__all__"

    def get_queryset(self):
        return restrict(self.queryset.all(), self.request.user, VIEW)


def through_service(call, **kwargs):
    """Run a domain service; its ValidationError becomes a 400 keyed by field (Chinese reasons kept as they
    are), its PermissionDenied a 403 with its Chinese message."""
    try:
        return call(**kwargs)
    except DjangoValidationError as exc:
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        detail = {("non_field_errors" if field == "__all__" else field): reasons for field, reasons in detail.items()}
        raise exceptions.ValidationError(detail) from None
    except PermissionDenied as exc:
        raise exceptions.PermissionDenied(str(exc) or "无权限操作该数据") from None


def fixed(row, data: dict, *names: str) -> None:
    """For an update adapter: drop `names` from `data`, refusing a change of them (what a row belongs to — its
    event, its enterprise and month — is set at creation; the forms do not offer it either)."""
    moved = [name for name in names if name in data and data.pop(name) != getattr(row, name)]
    if moved:
        raise DjangoValidationError({name: f"{row._meta.get_field(name).verbose_name}新增后不能修改" for name in moved})


def may_create(user, model) -> bool:
    """Whether the role creates `model` rows anywhere at all (the service then judges the row's own district or
    building): the page's "新增" rule, plus an operator's buildings."""
    if permissions.can_create_in(user, model, permissions.district_of(user)):
        return True
    profile = permissions.profile_of(user)
    return bool(profile and permissions.role_of(user) == Role.OPERATOR
                and any(permissions.can_create_at(user, model, b) for b in profile.buildings.all()))


_DETAIL = inline_serializer("ErrorDetail", fields={"detail": serializers.CharField(label="原因（中文）")})
WRITE_ERRORS = {
    "400": OpenApiTypes.OBJECT,  # {字段: [中文原因, …]}; "non_field_errors" for the row as a whole
    "403": _DETAIL, "404": _DETAIL,
}


class WriteSchema(AutoSchema):
    """The OpenAPI of a write: besides its success, the 400 (reasons by field), 403 and 404 bodies it answers."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if self.method in ("POST", "PUT", "PATCH", "DELETE"):
            for code, body in WRITE_ERRORS.items():
                if code not in responses:
                    responses[code] = self._get_response_for_code(body, code, direction=direction)
        return responses


class WritableRestrictedViewSet(DeclaredServices, mixins.CreateModelMixin, mixins.UpdateModelMixin, mixins.DestroyModelMixin,
                                RestrictedViewSet):
    """Read and write one model through its declared services (see the module's docstring)."""

    delete_service = _GENERIC_DELETE
    # Who may create at all, before the row's data are read (None: `may_create`). Workflow registers whose
    # creation the service alone decides (a department's own assignment) override it.
    create_allowed = None
    schema = WriteSchema()

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        refused = {"post": cls.create_service is None and not _has_post_actions(cls),
                   "put": cls.update_service is None, "patch": cls.update_service is None,
                   "delete": cls.delete_service is None}
        cls.http_method_names = [m for m in viewsets.ModelViewSet.http_method_names if not refused.get(m)]

    # --- permission before validation -------------------------------------------------------------------
    def get_object(self):
        obj = super().get_object()  # a row the user cannot see: 404
        self.require(obj, {"update": CHANGE, "partial_update": CHANGE, "destroy": DELETE}.get(self.action))
        return obj

    def require(self, obj, action: str | None) -> None:
        if action and not restrict(type(obj)._default_manager.filter(pk=obj.pk), self.request.user, action).exists():
            raise exceptions.PermissionDenied("无权修改该数据（超出本人负责的地区或角色范围）")

    def create(self, request, *args, **kwargs):
        if self.create_service is None:
            raise exceptions.MethodNotAllowed(request.method)
        allowed = self.create_allowed(request.user) if self.create_allowed else may_create(request.user, self.queryset.model)
        if not allowed:
            raise exceptions.PermissionDenied("当前角色不能新增此类数据")
        return super().create(request, *args, **kwargs)

    # --- the services --------------------------------------------------------------------------------------
    def service_data(self, serializer) -> dict:
        """The validated values keyed by model field, as the services take them (a form's `service_data`)."""
        return dict(serializer.validated_data)

    def perform_create(self, serializer):
        serializer.instance = through_service(self.create_through, data=self.service_data(serializer),
                                              actor=self.request.user, note=API_NOTE_CREATE)

    def perform_update(self, serializer):
        row = serializer.instance
        through_service(self.update_through, obj=row, data=self.service_data(serializer), actor=self.request.user,
                        note=API_NOTE_UPDATE)
        row.refresh_from_db()

    def perform_destroy(self, instance):
        if self.delete_service is _GENERIC_DELETE:
            through_service(core_services.object_delete, obj=instance, actor=self.request.user, note=API_NOTE_DELETE)
        else:
            through_service(self.delete_service, **{self.update_keyword: instance}, actor=self.request.user,
                            note=API_NOTE_DELETE)

    def service_action(self, request, call, input_serializer=None, permission: str | None = CHANGE, output_serializer=None,
                       output_status=status.HTTP_200_OK):
        """One workflow step on this row: a 403 unless the user may `permission` it (None: the service alone
        decides, e.g. the city's approval), the input (if any) validated by `input_serializer`, then
        `call(row=, data=, actor=)` — a domain service — answering the row as it now reads (or, with
        `output_serializer`, what the step created)."""
        row = self.get_object()
        self.require(row, permission)
        result = through_service(call, row=row, data=self.validated(request, input_serializer), actor=request.user)
        if output_serializer is not None:
            return Response(output_serializer(result, context=self.get_serializer_context()).data, status=output_status)
        row.refresh_from_db()
        return Response(self.get_serializer(row).data, status=output_status)

    def validated(self, request, input_serializer) -> dict:
        if input_serializer is None:
            return {}
        given = input_serializer(data=request.data, context=self.get_serializer_context())
        given.is_valid(raise_exception=True)
        return dict(given.validated_data)


def _has_post_actions(cls) -> bool:
    return any("post" in getattr(extra, "mapping", {}) for extra in cls.get_extra_actions())


class LocalSwaggerView(SpectacularSwaggerSplitView):
    """Swagger UI from the vendored static files (no CDN); its start-up script is a separate request, so
    the page needs no inline script under the Content-Security-Policy."""

    @staticmethod
    def _swagger_ui_resource(filename):
        return static(f"vendor/swagger-ui/{filename}")

    @staticmethod
    def _swagger_ui_favicon():
        return static("vendor/swagger-ui/favicon-32x32.png")
