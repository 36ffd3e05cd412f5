"""Submitting, running and recovering jobs.

`job_submit` records the job and enqueues one django-tasks task for it in the same transaction; the worker
(`louyu worker`, started beside the web server by `louyu serve`) runs `job_run`. `job_run_inline` runs a job
in the calling process (the CLI), with the same record, the same uniqueness rule and the same heartbeat.
A worker that dies mid-job leaves its job `running`: `jobs_recover` finds it (its process is gone, or its
heartbeat is older than the lease) and runs it again when the kind is resumable, else marks it failed with
a message that says so. The work itself is transactional (intake, engine), so nothing is half-written.
"""
from __future__ import annotations

import logging
import os
import socket
import threading
import traceback
from datetime import timedelta
from typing import Callable

from django.conf import settings
from django.db import IntegrityError, close_old_connections, connection, transaction
from django.utils import timezone

from louyu.core import audit

from . import kinds
from .models import ACTIVE, Job, JobStatus

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 3


def heartbeat_seconds() -> float:
    return float(getattr(settings, "LOUYU_JOB_HEARTBEAT_SECONDS", 1.0))


def lease_seconds() -> float:
    return float(getattr(settings, "LOUYU_JOB_LEASE_SECONDS", 120.0))


def this_worker() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


class JobBusy(Exception):
    """The same work is already queued or running (raised by job_run_inline)."""

    def __init__(self, job: Job):
        self.job = job
        super().__init__(f"相同的工作正在进行：任务 #{job.pk}「{job.label}」（{job.get_status_display()}），请等待其完成。")


def _new_job(*, kind: str, args: dict, actor, channel: str, status: str) -> tuple[Job, bool]:
    """The job row, or the queued/running job with the same key (the database's unique index decides)."""
    spec = kinds.get(kind)
    job = Job(kind=kind, label=spec.label(args)[:200], args=args, key=spec.key(args), channel=channel, status=status,
              actor=actor if getattr(actor, "pk", None) else None, actor_label=audit.actor_label(actor))
    if status == JobStatus.RUNNING:
        job.attempt, job.worker, job.started_at = 1, this_worker(), timezone.now()
        job.heartbeat_at = job.started_at
    try:
        with transaction.atomic():
            job.save()
    except IntegrityError:
        existing = Job.objects.filter(key=job.key, status__in=ACTIVE).first()
        if existing is None:  # it ended between our insert and this read: try once more
            return _new_job(kind=kind, args=args, actor=actor, channel=channel, status=status)
        return existing, False
    return job, True


def job_submit(*, kind: str, args: dict, actor, channel: str = "web") -> tuple[Job, bool]:
    """Queue `kind(**args)` for the worker; returns (job, created). Same work already queued or running:
    that job and False (nothing new is queued)."""
    from .tasks import run_job

    with transaction.atomic():
        job, created = _new_job(kind=kind, args=args, actor=actor, channel=channel, status=JobStatus.QUEUED)
        if created:
            job.task_id = str(run_job.enqueue(job.pk).id)
            job.save(update_fields=["task_id"])
    return job, created


class _Progress:
    """progress(done, total, phase) sets numbers in memory; a heartbeat thread writes them (and the
    heartbeat time) to the job row once a second on its own connection, so progress is visible while
    the work holds a long transaction open, and costs the work nothing."""

    def __init__(self, job: Job, echo: Callable | None = None):
        self.job_id, self.echo = job.pk, echo
        self.done, self.total, self.phase = job.done, job.total, job.phase
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __call__(self, done: int, total: int | None = None, phase: str | None = None) -> None:
        self.done, self.total = int(done), (int(total) if total is not None else self.total)
        if phase:
            self.phase = phase[:200]
        if self.echo:
            self.echo(self.done, self.total, self.phase)

    def start(self) -> None:
        if heartbeat_seconds() > 0:
            self._thread = threading.Thread(target=self._beat, daemon=True, name=f"job-{self.job_id}-heartbeat")
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join()

    def _beat(self) -> None:
        try:
            while not self._stop.wait(heartbeat_seconds()):
                try:
                    Job.objects.filter(pk=self.job_id, status=JobStatus.RUNNING).update(
                        heartbeat_at=timezone.now(), done=self.done, total=self.total, phase=self.phase)
                except Exception:  # a locked SQLite file: the next beat writes it
                    log.debug("heartbeat of job %s skipped", self.job_id, exc_info=True)
        finally:
            connection.close()


def _claim(job_id: int) -> Job | None:
    now = timezone.now()
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id, status=JobStatus.QUEUED).first()
        if job is None:
            return None
        job.status, job.worker, job.started_at, job.heartbeat_at = JobStatus.RUNNING, this_worker(), now, now
        job.attempt += 1
        job.save(update_fields=["status", "worker", "started_at", "heartbeat_at", "attempt"])
    return job


def job_run(job_id: int, *, echo: Callable | None = None, extras: dict | None = None) -> Job | None:
    """Run a queued job here (the worker's task). A job no longer queued (done, or taken) is left alone."""
    job = _claim(job_id)
    return None if job is None else _execute(job, echo=echo, extras=extras)


def job_run_inline(*, kind: str, args: dict, actor, channel: str = "cli", echo: Callable | None = None,
                   extras: dict | None = None) -> Job:
    """Run a job in this process (the CLI): recorded and unique like a queued one. JobBusy if the same work runs."""
    job, created = _new_job(kind=kind, args=args, actor=actor, channel=channel, status=JobStatus.RUNNING)
    if not created:
        raise JobBusy(job)
    return _execute(job, echo=echo, extras=extras)


def _execute(job: Job, *, echo=None, extras=None) -> Job:
    spec = kinds.get(job.kind)
    progress = _Progress(job, echo)
    progress.start()
    try:
        result = spec.run(actor=job.actor, progress=progress, **job.args, **(extras or {}))
        job.status, job.result, job.message, job.error = JobStatus.SUCCEEDED, result, spec.summary(result), ""
    except BaseException as exc:  # recorded; KeyboardInterrupt/SystemExit then still stop the process
        job.status, job.error = JobStatus.FAILED, traceback.format_exc()
        job.message = f"{job.label}失败：{exc}" if str(exc) else f"{job.label}失败（{type(exc).__name__}）"
        if not isinstance(exc, Exception):
            job.message = f"{job.label}失败：工作进程被停止，任务没有完成（已整体回滚，没有写入部分数据）；请重新提交。"
        _finish(job, progress)
        spec.cleanup(job.args)
        if not isinstance(exc, Exception):
            raise
        return job
    _finish(job, progress)
    spec.cleanup(job.args)
    return job


def _finish(job: Job, progress: _Progress) -> None:
    progress.stop()
    job.done, job.total, job.phase = progress.done, progress.total, progress.phase
    if job.status == JobStatus.SUCCEEDED and job.total:
        job.done = job.total
    job.finished_at = job.heartbeat_at = timezone.now()
    Job.objects.filter(pk=job.pk).update(status=job.status, result=job.result, message=job.message, error=job.error,
                                         done=job.done, total=job.total, phase=job.phase,
                                         finished_at=job.finished_at, heartbeat_at=job.heartbeat_at)


# Recovery --------------------------------------------------------------------------------------------------

def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def worker_gone(job: Job, now=None) -> bool:
    """A running job's worker is gone: on this machine its process no longer exists; elsewhere its
    heartbeat is older than the lease (a long SQLite write may hold heartbeats back, but SQLite is one machine)."""
    host, _, pid = job.worker.rpartition(":")
    if host == socket.gethostname() and pid.isdigit():
        return not _process_alive(int(pid))
    now = now or timezone.now()
    return job.heartbeat_at is None or now - job.heartbeat_at > timedelta(seconds=lease_seconds())


def jobs_recover(*, jobs=None) -> list[Job]:
    """Find running jobs whose worker died; requeue the resumable ones (up to MAX_ATTEMPTS), fail the others."""
    from .tasks import run_job

    recovered = []
    candidates = Job.objects.filter(status=JobStatus.RUNNING) if jobs is None else jobs
    for job in candidates:
        if job.status != JobStatus.RUNNING or not worker_gone(job):
            continue
        spec = kinds.get(job.kind)
        with transaction.atomic():
            locked = Job.objects.select_for_update().filter(pk=job.pk, status=JobStatus.RUNNING, worker=job.worker).first()
            if locked is None:
                continue
            _task_failed(locked)
            when = timezone.localtime(locked.heartbeat_at or locked.started_at).strftime("%Y-%m-%d %H:%M:%S")
            if spec.resumable and locked.attempt < MAX_ATTEMPTS:
                locked.status, locked.worker, locked.done, locked.phase = JobStatus.QUEUED, "", 0, ""
                locked.message = (f"执行该任务的工作进程（{job.worker}）于 {when} 后中断，未完成的部分已整体回滚；"
                                  f"任务已自动重新排队（第 {locked.attempt + 1} 次运行）。")
                locked.task_id = str(run_job.enqueue(locked.pk).id)
            else:
                locked.status, locked.finished_at = JobStatus.FAILED, timezone.now()
                locked.message = (f"{locked.label}失败：执行该任务的工作进程（{job.worker}）于 {when} 后中断，任务没有完成。"
                                  "该工作在一个事务中写入，已整体回滚，没有写入任何部分数据；请重新提交。")
            locked.save()
        if locked.status == JobStatus.FAILED:
            spec.cleanup(locked.args)
        recovered.append(locked)
    return recovered


def _task_failed(job: Job) -> None:
    """The queue's own record of the dead run says so too (django-tasks would leave it RUNNING forever)."""
    if not job.task_id:
        return
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(id=job.task_id, status="RUNNING").update(
        status="FAILED", finished_at=timezone.now(), exception_class_path="louyu.jobs.services.WorkerLost",
        traceback=f"worker {job.worker} stopped while running job {job.pk}")


def job_follow(job: Job) -> Job:
    """A fresh copy of the job, recovering it first when its worker is gone (pages and --wait call this)."""
    job.refresh_from_db()
    if job.status == JobStatus.RUNNING and worker_gone(job):
        jobs_recover(jobs=[job])
        job.refresh_from_db()
    return job


def worker_tick() -> None:
    """What a worker does between tasks besides polling: recover jobs of dead workers."""
    close_old_connections()
    jobs_recover()
