"""Import through the API, as a background job like the upload page: POST a file to /api/imports/ (multipart:
kind, file, dry_run, valid_rows_only) and get 202 with the job's id and URL; GET /api/jobs/{id}/ until it ends
(status, progress, then the batch with its errors). The worker runs the same `import_file` as the page and the
command line — the same validation, scope rules, and size, inflation and row limits (louyu/intake/limits.py).
The import history is /api/imports/, an import's error report /api/imports/{id}/errors/."""
from __future__ import annotations

from pathlib import Path

from django.http import HttpResponse
from django.urls import reverse
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from louyu.core import permissions
from louyu.core.api import WRITE_ERRORS

from . import limits, selectors
from .kinds import CLI_ONLY_KINDS, LABELS, upload_kinds
from .models import ImportBatch
from .services import import_submit

SUFFIXES = {".xlsx", ".xls", ".csv"}


class ImportBatchSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    status_label = serializers.CharField(source="status_text", read_only=True)

    class Meta:
        model = ImportBatch
        fields = [
            "id", "kind", "kind_label", "file_name", "file_sha256", "actor_label", "district", "department", "channel",
            "started_at", "finished_at", "status", "status_label", "dry_run", "valid_rows_only", "rows_total", "rows_inserted",
            "rows_updated", "rows_unchanged", "rows_rejected", "errors", "warnings", "skipped", "followup_status", "followup_errors",
        ]
        read_only_fields = fields


class ImportUploadSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(label="数据类型", choices=[])
    file = serializers.FileField(label="文件（.xlsx / .xls / .csv）")
    dry_run = serializers.BooleanField(label="试导入", required=False, default=False)
    valid_rows_only = serializers.BooleanField(label="仅导入有效行", required=False, default=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = list(LABELS.items())  # every registered kind (the schema's ImportKindEnum)

    def validate_kind(self, kind):
        if kind in CLI_ONLY_KINDS:  # the upload page's kinds: first passwords are handed out on the command line only
            raise serializers.ValidationError("账户只能用命令行导入（louyu import users 文件 --passwords 初始密码.csv）")
        return kind

    def validate_file(self, upload):
        if Path(upload.name).suffix.lower() not in SUFFIXES:
            raise serializers.ValidationError("只支持 .xlsx、.xls、.csv 文件。")
        try:
            limits.check_size(upload.size, upload.name)  # refused before it is stored; the rest in the job
        except limits.FileRefused as exc:
            raise serializers.ValidationError(str(exc)) from None
        return upload


SUBMITTED = inline_serializer("ImportSubmitted", fields={
    "job": serializers.IntegerField(label="任务编号"), "url": serializers.CharField(label="任务地址（GET 查询进度与结果）"),
    "status": serializers.CharField(label="任务状态"), "duplicate": serializers.BooleanField(label="同一文件已在导入"),
})


class ImportBatchViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """导入记录；POST 一个文件即提交导入任务（与网页、命令行相同的校验、规则与文件限制）。"""

    serializer_class = ImportBatchSerializer
    parser_classes = [MultiPartParser, FormParser]
    queryset = ImportBatch.objects.all()

    def get_queryset(self):
        return selectors.imports_for(self.request.user, kind=self.request.query_params.get("kind"))

    def get_serializer_class(self):
        return ImportUploadSerializer if self.action == "create" else ImportBatchSerializer

    @extend_schema(request=ImportUploadSerializer, responses={202: SUBMITTED, 400: WRITE_ERRORS["400"], 403: WRITE_ERRORS["403"]})
    def create(self, request, *args, **kwargs):
        if not any(permissions.can_import(request.user, kind) for kind, _ in upload_kinds()):
            return Response({"detail": "当前角色不能导入数据。"}, status=status.HTTP_403_FORBIDDEN)
        upload = ImportUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        data = upload.validated_data
        if not permissions.can_import(request.user, data["kind"]):
            return Response({"detail": f"无权限导入“{LABELS[data['kind']]}”数据"}, status=status.HTTP_403_FORBIDDEN)
        job, created = import_submit(kind=data["kind"], upload=data["file"], actor=request.user, channel="api",
                                     dry_run=data["dry_run"], valid_rows_only=data["valid_rows_only"])
        url = reverse("api:job-detail", args=[job.pk])
        return Response({"job": job.pk, "url": request.build_absolute_uri(url), "status": job.status, "duplicate": not created},
                        status=status.HTTP_202_ACCEPTED, headers={"Location": url})

    @action(detail=True, methods=["get"])
    def errors(self, request, pk=None):
        """错误清单 CSV（行号, 列, 值, 原因）"""
        batch = self.get_object()
        response = HttpResponse(selectors.errors_csv(batch), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f"attachment; filename=\"import-{batch.pk}-errors.csv\""
        return response
