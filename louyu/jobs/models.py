"""A Louyu job: one long operation (an import, a compute, a batch match, a report) with who, what, progress and outcome.

The queue itself is django-tasks' database backend (`django_tasks_db.DBTaskResult`); this row is what people
see and what keeps the same work from running twice: `key` is unique among queued and running jobs, a rule
the database enforces (a partial unique index on both SQLite and PostgreSQL).
"""
from django.conf import settings
from django.db import models
from django.db.models import Q


class JobStatus(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "运行中"
    SUCCEEDED = "succeeded", "已完成"
    FAILED = "failed", "失败"


ACTIVE = (JobStatus.QUEUED, JobStatus.RUNNING)


class Job(models.Model):
    kind = models.CharField("任务类型", max_length=40)
    label = models.CharField("任务", max_length=200)
    args = models.JSONField("参数", default=dict, blank=True)
    key = models.CharField("同一工作标识", max_length=200, null=True, blank=True,
                           help_text="排队或运行中的任务此标识唯一：同一工作不会同时运行两次")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="发起人", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    actor_label = models.CharField("发起人（记录）", max_length=150, blank=True, default="")
    channel = models.CharField("发起方式", max_length=10, default="web")  # web, cli, system
    status = models.CharField("状态", max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    done = models.PositiveBigIntegerField("已完成", default=0)
    total = models.PositiveBigIntegerField("总量", null=True, blank=True)
    phase = models.CharField("阶段", max_length=200, blank=True, default="")
    result = models.JSONField("结果", null=True, blank=True)
    message = models.TextField("信息", blank=True, default="")
    error = models.TextField("错误详情", blank=True, default="")
    task_id = models.CharField("队列任务编号", max_length=64, blank=True, default="")
    attempt = models.PositiveSmallIntegerField("第几次运行", default=0)
    worker = models.CharField("工作进程", max_length=200, blank=True, default="")  # host:pid of the runner
    created_at = models.DateTimeField("提交时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    heartbeat_at = models.DateTimeField("最近心跳", null=True, blank=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)

    class Meta:
        verbose_name = "后台任务"
        verbose_name_plural = "后台任务"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["key"], condition=Q(status__in=["queued", "running"]), name="job_one_active_per_key"),
        ]
        indexes = [models.Index(fields=["status"], name="job_status_idx")]

    def __str__(self) -> str:
        return f"{self.label}（{self.get_status_display()}）"

    @property
    def active(self) -> bool:
        return self.status in ACTIVE

    @property
    def percent(self) -> int:
        if self.status == JobStatus.SUCCEEDED:
            return 100
        return min(100, int(self.done * 100 / self.total)) if self.total else 0

    @property
    def counts(self) -> str:
        """“500 / 1,000” (or “已处理 500” while the total is unknown), with thousands separators."""
        if self.total:
            return f"{self.done:,} / {self.total:,}"
        return f"已处理 {self.done:,}" if self.done else ""

    @property
    def seconds(self) -> float | None:
        if self.started_at is None:
            return None
        end = self.finished_at or self.heartbeat_at or self.started_at
        return (end - self.started_at).total_seconds()
