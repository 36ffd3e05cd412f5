"""The one django-tasks task: run a Louyu job. Kinds are registered by the apps that own the work (louyu.jobs.kinds has the registry)."""
from django_tasks import task


@task()
def run_job(job_id: int) -> None:
    from .services import job_run

    job_run(job_id)
