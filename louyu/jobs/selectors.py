"""Reads of jobs. A job is its starter's; city administrators may follow every job (through permissions.role_of)."""
from louyu.core import permissions

from .models import Job


def jobs_for(user):
    jobs = Job.objects.select_related("actor")
    if getattr(user, "is_superuser", False) or permissions.role_of(user) == "city_admin":
        return jobs
    return jobs.filter(actor=user) if getattr(user, "pk", None) else jobs.none()
