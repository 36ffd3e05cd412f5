"""The web layer's own bookkeeping: an upload running in the background, so its page can show progress."""
from django.conf import settings
from django.db import models


class ImportJobStatus(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "导入中"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"


class ImportJob(models.Model):
    """One upload from the import page; the import itself (and its history) is intake's ImportBatch."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField("数据类型", max_length=30)
    file_name = models.CharField("文件名", max_length=255)
    path = models.CharField("暂存路径", max_length=500)
    dry_run = models.BooleanField("试导入", default=False)
    valid_rows_only = models.BooleanField("仅导入有效行", default=False)
    status = models.CharField("状态", max_length=10, choices=ImportJobStatus.choices, default=ImportJobStatus.QUEUED)
    done = models.PositiveIntegerField("已处理行数", default=0)
    total = models.PositiveIntegerField("总行数", default=0)
    message = models.TextField("信息", blank=True, default="")
    batch = models.ForeignKey("intake.ImportBatch", verbose_name="导入记录", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "上传任务"
        verbose_name_plural = "上传任务"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_name}（{self.get_status_display()}）"

    @property
    def percent(self) -> int:
        if self.status == ImportJobStatus.DONE:
            return 100
        return int(self.done * 100 / self.total) if self.total else 0
