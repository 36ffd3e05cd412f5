"""The one django-tasks task: run a Louyu job. Everything kind-specific lives in louyu.jobs.kinds."""
from django_tasks import task


@task()
def run_job(job_id: int) -> None:
    from .services import job_run

    job_run(job_id)
