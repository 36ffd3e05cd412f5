"""Import through the API: POST a file to /api/imports/ (multipart: kind, file, dry_run, valid_rows_only);
read the import history at /api/imports/ and an import's error report at /api/imports/{id}/errors/."""
from __future__ import annotations

import os
import tempfile

from django.http import HttpResponse
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from louyu.core import permissions

from . import selectors
from .kinds import LABELS
from .models import ImportBatch
from .services import import_file


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
    kind = serializers.ChoiceField(label="数据类型", choices=list(LABELS.items()))
    file = serializers.FileField(label="文件（.xlsx / .xls / .csv）")
    dry_run = serializers.BooleanField(label="试导入", required=False, default=False)
    valid_rows_only = serializers.BooleanField(label="仅导入有效行", required=False, default=False)


class ImportBatchViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """导入记录；POST 一个文件即导入（与命令行、网页相同的校验与规则）。"""

    serializer_class = ImportBatchSerializer
    parser_classes = [MultiPartParser, FormParser]
    queryset = ImportBatch.objects.all()

    def get_queryset(self):
        return selectors.imports_for(self.request.user, kind=self.request.query_params.get("kind"))

    def get_serializer_class(self):
        return ImportUploadSerializer if self.action == "create" else ImportBatchSerializer

    def create(self, request, *args, **kwargs):
        upload = ImportUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        data = upload.validated_data
        if data["kind"] == "users":  # first passwords can only be handed out on the command line
            return Response({"detail": "账户只能用命令行导入（louyu import users 文件 --passwords 初始密码.csv）"},
                            status=status.HTTP_400_BAD_REQUEST)
        if not permissions.can_import(request.user, data["kind"]):
            return Response({"detail": f"无权限导入“{LABELS[data['kind']]}”数据"}, status=status.HTTP_403_FORBIDDEN)
        uploaded = data["file"]
        suffix = os.path.splitext(uploaded.name)[1].lower()
        with tempfile.NamedTemporaryFile(suffix=suffix) as tmp:
            for chunk in uploaded.chunks():
                tmp.write(chunk)
            tmp.flush()
            batch = import_file(kind=data["kind"], path_or_file=tmp.name, actor=request.user, dry_run=data["dry_run"],
                                valid_rows_only=data["valid_rows_only"], channel="api", file_name=uploaded.name)
        code = status.HTTP_201_CREATED if batch.status != "rejected" else status.HTTP_422_UNPROCESSABLE_ENTITY
        return Response(ImportBatchSerializer(batch).data, status=code)

    @action(detail=True, methods=["get"])
    def errors(self, request, pk=None):
        """错误清单 CSV（行号, 列, 值, 原因）"""
        batch = self.get_object()
        response = HttpResponse(selectors.errors_csv(batch), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f"attachment; filename=\"import-{batch.pk}-errors.csv\""
        return response
