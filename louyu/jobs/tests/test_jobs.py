"""Long work runs as a job on a real queue: recorded, with progress, never twice at once, recovered when its worker dies."""
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from louyu import factories as f
from louyu.jobs.models import Job, JobStatus
from louyu.jobs.services import JobBusy, job_follow, job_run_inline, job_submit, jobs_recover

REPO = Path(__file__).resolve().parents[3]


@pytest.mark.django_db
def test_a_submitted_job_waits_in_the_queue_and_the_worker_runs_it_with_progress_and_timings(run_jobs):
    admin = f.city_admin()
    job, created = job_submit(kind="probe", args={"steps": 4}, actor=admin)
    assert created and job.status == JobStatus.QUEUED and job.actor_label == admin.get_username()
    assert DBTaskResult.objects.get(id=job.task_id).status == "READY"  # the queue row, written with the job
    run_jobs()
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.result == {"steps": 4}
    assert (job.done, job.total, job.percent) == (4, 4, 100) and job.message == "工作进程正常：完成 4 步。"
    assert job.started_at and job.finished_at >= job.started_at and job.attempt == 1
    assert DBTaskResult.objects.get(id=job.task_id).status == "SUCCESSFUL"


@pytest.mark.django_db
def test_a_failing_job_records_its_error_in_chinese_and_the_traceback(run_jobs, tmp_path):
    job, _ = job_submit(kind="import", actor=None, args={"kind": "buildings", "path": str(tmp_path / "gone.csv"),
                                                        "file_name": "gone.csv", "sha256": "x"})
    run_jobs()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.message.startswith("导入楼宇：gone.csv失败：")
    assert "Traceback" in job.error


@pytest.mark.django_db
def test_the_same_work_is_not_queued_twice_while_it_is_queued_or_running(run_jobs):
    first, created = job_submit(kind="compute", args={"year": 2023}, actor=None)
    again, created_again = job_submit(kind="compute", args={"year": 2023}, actor=None)
    other, created_other = job_submit(kind="compute", args={"year": 2022}, actor=None)
    assert created and not created_again and again.pk == first.pk and created_other
    assert DBTaskResult.objects.count() == 2
    run_jobs()
    assert set(Job.objects.values_list("status", flat=True)) == {JobStatus.SUCCEEDED}
    later, created_later = job_submit(kind="compute", args={"year": 2023}, actor=None)  # ended: may run again
    assert created_later and later.pk != first.pk


@pytest.mark.django_db
def test_the_cli_refuses_to_start_work_that_is_already_running():
    job_submit(kind="compute", args={"year": None}, actor=None)
    with pytest.raises(JobBusy, match="相同的工作正在进行"):
        job_run_inline(kind="compute", args={"year": None}, actor=None)


@pytest.mark.django_db
def test_compute_runs_as_a_job_with_its_steps_as_phases():
    phases = []
    job = job_run_inline(kind="compute", args={"year": None}, actor=None, echo=lambda d, t, p: phases.append(p))
    assert job.status == JobStatus.SUCCEEDED, job.message
    assert job.channel == "cli" and "指标计算" in job.label
    assert phases[-1] == "整理存储"


@pytest.mark.django_db
def test_louyu_compute_prints_a_progress_line_per_phase_and_records_the_job(capsys):
    from io import StringIO

    out = StringIO()
    call_command("compute", stdout=out)
    assert "整理存储" in out.getvalue() and Job.objects.get().status == JobStatus.SUCCEEDED


@pytest.mark.django_db
def test_following_a_queued_job_from_the_cli_draws_its_progress_until_it_ends(run_jobs):
    from io import StringIO

    from django.core.management.base import OutputWrapper

    from louyu.jobs.cli import follow

    job, _ = job_submit(kind="probe", args={"steps": 5}, actor=None, channel="cli")
    run_jobs()
    out = StringIO()
    assert follow(job, OutputWrapper(out)).status == JobStatus.SUCCEEDED
    assert "100%" in out.getvalue() and "5/5" in out.getvalue()


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


@pytest.mark.django_db
def test_a_job_whose_worker_died_is_marked_failed_with_a_clear_message_unless_it_can_rerun(tmp_path):
    import socket

    upload = tmp_path / "楼宇.csv"
    upload.write_text("x")
    dead = f"{socket.gethostname()}:{_dead_pid()}"
    imported = Job.objects.create(kind="import", label="导入楼宇：楼宇.csv", status=JobStatus.RUNNING, worker=dead,
                                  attempt=1, args={"path": str(upload)})
    computed = Job.objects.create(kind="compute", label="指标计算（全部年度）", status=JobStatus.RUNNING, worker=dead,
                                  attempt=1, args={"year": None})
    alive = Job.objects.create(kind="compute", label="指标计算（2023 年）", status=JobStatus.RUNNING,
                               worker=f"{socket.gethostname()}:{os.getpid()}", attempt=1, args={"year": 2023})
    assert {j.pk for j in jobs_recover()} == {imported.pk, computed.pk}
    imported.refresh_from_db(), computed.refresh_from_db(), alive.refresh_from_db()
    assert imported.status == JobStatus.FAILED and "工作进程" in imported.message and "没有写入任何部分数据" in imported.message
    assert not upload.exists()  # the stored upload is removed once its job has ended for good
    assert computed.status == JobStatus.QUEUED and "已自动重新排队" in computed.message and computed.task_id
    assert alive.status == JobStatus.RUNNING


@pytest.mark.django_db
def test_a_worker_elsewhere_is_judged_by_its_heartbeat(settings):
    from datetime import timedelta

    from django.utils import timezone

    settings.LOUYU_JOB_LEASE_SECONDS = 60
    stale = Job.objects.create(kind="import", label="导入", status=JobStatus.RUNNING, worker="other-host:1", attempt=1,
                               heartbeat_at=timezone.now() - timedelta(seconds=61))
    fresh = Job.objects.create(kind="import", label="导入", status=JobStatus.RUNNING, worker="other-host:2", attempt=1,
                               heartbeat_at=timezone.now() - timedelta(seconds=5))
    assert job_follow(stale).status == JobStatus.FAILED and job_follow(fresh).status == JobStatus.RUNNING


@pytest.mark.django_db
def test_the_batch_match_page_queues_a_job_whose_result_is_downloaded_from_the_job_page(client, run_jobs):
    from django.core.files.uploadedfile import SimpleUploadedFile

    user = f.city_admin()
    client.force_login(user)
    registry = "楼宇编码,楼宇名称,别名,所属地区,地址\nGS-001,人民大厦,,姑苏区,人民路100号\n"
    addresses = "编号,企业名称,注册地址\n1,甲公司,苏州市姑苏区人民路100号\n2,乙公司,火星路1号\n"
    response = client.post(reverse("matching:batch"), {
        "registry": SimpleUploadedFile("楼宇.csv", registry.encode("utf-8")),
        "addresses": SimpleUploadedFile("企业.csv", addresses.encode("utf-8"))})
    job = Job.objects.get(kind="match_file")
    assert response.url == reverse("jobs:detail", args=[job.pk])
    run_jobs()
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "共 2 条" in page and reverse("jobs:download", args=[job.pk]) in page
    text = b"".join(client.get(reverse("jobs:download", args=[job.pk])).streaming_content).decode("utf-8-sig")
    assert text.splitlines()[0] == "编号,楼宇编码,置信度,状态,依据" and "GS-001" in text.splitlines()[1]


# A real worker process, killed mid-job ------------------------------------------------------------------

def _database_for_subprocesses(tmp_path) -> tuple[str, callable]:
    """A DATABASE_URL other processes can open holding this test's rows, and a reader of job rows there."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":  # the test database lives in memory: hand the processes a copy
        path = tmp_path / "copy.sqlite3"
        target = sqlite3.connect(path)
        connection.ensure_connection()
        connection.connection.backup(target)
        target.close()

        def read(pk):
            with sqlite3.connect(path) as db:
                return db.execute("SELECT status, done, message, attempt FROM jobs_job WHERE id = ?", (pk,)).fetchone()
        return f"sqlite:///{path}", read
    url = f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{settings['NAME']}"

    def read(pk):
        return Job.objects.filter(pk=pk).values_list("status", "done", "message", "attempt").get()
    return url, read


@pytest.mark.django_db(transaction=True)
def test_a_killed_worker_s_job_is_found_and_run_again_by_the_next_worker(tmp_path, reference_data):
    job, _ = job_submit(kind="probe", args={"steps": 100, "pause": 0.05}, actor=None)
    url, read = _database_for_subprocesses(tmp_path)
    env = {**os.environ, "DATABASE_URL": url, "LOUYU_JOB_HEARTBEAT_SECONDS": "0.05", "DJANGO_SETTINGS_MODULE": "louyu.settings"}
    worker = subprocess.Popen([sys.executable, "-m", "louyu.cli", "worker", "--interval", "0.1"], env=env, cwd=REPO,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not (read(job.pk)[0] == "running" and read(job.pk)[1] >= 1):  # it has started and reported progress
            assert worker.poll() is None and time.monotonic() < deadline, "the worker did not start the job"
            time.sleep(0.05)
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait()
    status, done, _, _ = read(job.pk)
    assert status == "running" and 1 <= done < 100  # killed mid-job: nobody has told the database yet
    finished = subprocess.run([sys.executable, "-m", "louyu.cli", "worker", "--batch"], env=env, cwd=REPO,
                              capture_output=True, text=True, timeout=120)
    assert finished.returncode == 0, finished.stderr
    assert f"任务 #{job.pk}：" in finished.stdout and "已自动重新排队" in finished.stdout
    status, done, message, attempt = read(job.pk)
    assert (status, done, attempt) == ("succeeded", 100, 2), message


SUBMIT = """
import os, sys, time, django
django.setup()
from louyu.jobs.services import job_submit
while not os.path.exists(sys.argv[1]):
    time.sleep(0.01)
job, created = job_submit(kind="probe", args={"steps": 1, "key": "same-work"}, actor=None)
print(job.pk, created)
"""


@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_of_the_same_work_from_four_processes_end_with_one_run(tmp_path, reference_data):
    url, read = _database_for_subprocesses(tmp_path)
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "louyu.settings"}
    go = tmp_path / "go"
    processes = [subprocess.Popen([sys.executable, "-c", SUBMIT, str(go)], env=env, cwd=REPO, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True) for _ in range(4)]
    go.touch()  # all four submit at once
    answers = [p.communicate(timeout=120) for p in processes]
    assert all(p.returncode == 0 for p in processes), [err for _, err in answers]
    submitted = [out.split() for out, _ in answers]
    assert len({pk for pk, _ in submitted}) == 1 and [created for _, created in submitted].count("True") == 1
    finished = subprocess.run([sys.executable, "-m", "louyu.cli", "worker", "--batch"], env=env, cwd=REPO,
                              capture_output=True, text=True, timeout=120)
    assert finished.returncode == 0, finished.stderr
    status, done, _, attempt = read(int(submitted[0][0]))
    assert (status, attempt) == ("succeeded", 1)
