"""任务进度: one page per job and the htmx fragment it polls until the job ends."""
import mimetypes
from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render

from . import kinds, selectors
from .models import JobStatus
from .services import job_follow


def _job(request, pk: int):
    return job_follow(get_object_or_404(selectors.jobs_for(request.user), pk=pk))


def _context(job, user) -> dict:
    context = {"job": job, "links": []}
    if job.status == JobStatus.SUCCEEDED and job.kind in kinds.KINDS:
        kind = kinds.get(job.kind)
        context["links"] = kind.links(job)
        outcome = kind.outcome(job, user)
        if outcome is not None:
            context["outcome_template"], extra = outcome
            context.update(extra)
    return context


@login_required
def job_detail(request, pk: int):
    return render(request, "jobs/job.html", _context(_job(request, pk), request.user))


@login_required
def job_progress(request, pk: int):
    return render(request, "jobs/_progress.html", _context(_job(request, pk), request.user))


@login_required
def job_list(request):
    return render(request, "jobs/job_list.html", {"jobs": selectors.jobs_for(request.user)[:100]})


@login_required
def job_download(request, pk: int):
    """The file a finished job produced: `result["output"]` (the batch match's CSV, a report's DOCX/PDF/XLSX)."""
    job = _job(request, pk)
    output = (job.result or {}).get("output") if job.status == JobStatus.SUCCEEDED else None
    if not output or not Path(output).is_file():
        raise Http404("该任务没有可下载的结果文件")
    kind = mimetypes.guess_type(output)[0] or "application/octet-stream"
    return FileResponse(open(output, "rb"), as_attachment=True, filename=Path(output).name,
                        content_type=f"{kind}; charset=utf-8" if kind.startswith("text/") else kind)
