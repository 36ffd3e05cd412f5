"""The review queue (待复核) and the file-in/file-out batch page."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_POST

from louyu.buildings.models import Building
from louyu.core import permissions
from louyu.core.pagination import page_of
from louyu.geo.models import District

from . import explain, selectors, services
from .models import AddressMatch


def _back(request, default: str):
    """Where a decision returns to: the page it was made on (a local path only)."""
    target = request.POST.get("next") or ""
    return target if url_has_allowed_host_and_scheme(target, allowed_hosts=None) and target.startswith("/") else reverse(default)


@login_required
def review_queue(request):
    queue = selectors.review_queue_for(request.user)
    page = page_of(queue, 20, request.GET.get("page"))
    codes = {c["code"] for m in page for c in m.candidates}
    editable = permissions.restrict(Building.objects.filter(code__in=codes), request.user, permissions.CHANGE)
    by_code = {b.code: b for b in editable}
    rows = []
    for m in page:
        candidates = [(c, by_code.get(c["code"]), explain.evidence_sentence(c)) for c in m.candidates]
        rows.append((m, candidates, explain.recommendation(m.candidates, m.enterprise.district.name if m.enterprise.district_id else None)))
    return render(request, "matching/review_queue.html", {"page": page, "rows": rows, "total": queue.count()})


@login_required
def unmatched(request):
    """无匹配: enterprises whose address names no registered building, with the tax no building counts yet."""
    district = None
    if permissions.district_of(request.user) is None and request.GET.get("district"):
        district = District.objects.filter(pk=request.GET.get("district")).first()
    q = request.GET.get("q", "").strip()
    qs, year = selectors.unmatched_for(request.user, district=district, q=q)
    page = page_of(qs, 30, request.GET.get("page"))
    query = urlencode([(k, v) for k, v in request.GET.items() if k != "page"])
    districts = District.objects.all() if permissions.district_of(request.user) is None else []
    return render(request, "matching/unmatched.html", {
        "page": page, "year": year, "q": q, "district": district, "districts": districts,
        "query": query,
    })


@login_required
def building_search(request, pk: int):
    """htmx: buildings to attribute match `pk` to, searched by name, code or address."""
    match = selectors.decidable_for(request.user).filter(pk=pk).first()
    if match is None:
        raise Http404("匹配记录不存在")
    buildings = selectors.building_search(request.user, request.GET.get("q", ""))
    return render(request, "matching/_building_choices.html", {"match": match, "buildings": buildings,
                                                               "q": request.GET.get("q", ""), "next": request.GET.get("next", "")})


@login_required
@require_POST
def review_decide(request, pk: int):
    match = selectors.decidable_for(request.user).filter(pk=pk).first()
    if match is None:
        if AddressMatch.objects.filter(pk=pk).exists():
            raise PermissionDenied("无权限复核该匹配")
        raise Http404("匹配记录不存在")
    back = _back(request, "matching:review_queue")
    decision = request.POST.get("decision", "")
    building = None
    if decision == "correct":
        code = request.POST.get("building_code", "").strip()
        building = permissions.restrict(Building.objects.filter(code=code), request.user, permissions.CHANGE).first()
        if building is None:
            messages.error(request, f"楼宇编码“{code}”不存在或不在本人负责的地区")
            return redirect(back)
    try:
        services.match_decide(match=match, actor=request.user, decision=decision, building=building, note=request.POST.get("note", ""))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        where = f"归属到“{match.building.name}”" if decision != "reject" and match.building else "判定不在登记楼宇内"
        messages.success(request, f"已处理：{match.enterprise.name} {where}。可在“复核记录”中撤销。")
    return redirect(back)


@login_required
def decisions(request):
    """复核记录: every decision in the user's scope, with who decided what and when, and an undo."""
    page = page_of(selectors.decisions_for(request.user), 30, request.GET.get("page"))
    return render(request, "matching/decisions.html", {"page": page})


@login_required
@require_POST
def decision_undo(request, pk: int):
    match = selectors.decisions_for(request.user).filter(pk=pk).first()
    if match is None:
        raise Http404("复核记录不存在")
    try:
        services.match_undo(match=match, actor=request.user, note=request.POST.get("note", ""))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"已撤销：{match.enterprise.name} 回到“{match.get_status_display()}”。")
    return redirect("matching:decisions")


@login_required
def batch_match(request):
    """Upload a 楼宇 register and an address list; a background job (louyu.jobs, kind "match_file") writes
    编号, 楼宇编码, 置信度, 状态, 依据 as CSV, downloadable from the job's page."""
    from django.conf import settings

    from louyu.intake.readers import sha256_of
    from louyu.jobs.services import job_submit

    if not any(permissions.can_import(request.user, kind) for kind in ("buildings", "enterprises", "tenancies")):
        raise PermissionDenied("当前角色（只读）不能使用批量地址匹配")
    if request.method != "POST":
        return render(request, "matching/batch.html")
    registry, addresses = request.FILES.get("registry"), request.FILES.get("addresses")
    if not registry or not addresses:
        messages.error(request, "请同时上传楼宇名录文件和企业地址文件")
        return render(request, "matching/batch.html", status=400)
    for upload in (registry, addresses):
        if Path(upload.name).suffix.lower() not in (".csv", ".xlsx", ".xls"):
            messages.error(request, f"不支持的文件类型：{upload.name}（请上传 .csv 或 .xlsx）")
            return render(request, "matching/batch.html", status=400)
    folder = Path(settings.MEDIA_ROOT) / "matching"
    folder.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="match-", dir=folder))
    paths = []
    for upload, stem in ((registry, "registry"), (addresses, "addresses")):
        path = workdir / f"{stem}{Path(upload.name).suffix.lower()}"
        with path.open("wb") as fh:
            for chunk in upload.chunks():
                fh.write(chunk)
        paths.append(path)
    job, created = job_submit(kind="match_file", actor=request.user, args={
        "registry": str(paths[0]), "input": str(paths[1]), "output": str(workdir / "匹配结果.csv"),
        "input_name": addresses.name, "sha256": sha256_of(paths[0]) + sha256_of(paths[1])})
    if not created:
        shutil.rmtree(workdir, ignore_errors=True)  # the running job has its own copy of the same files
        messages.warning(request, f"相同的两份文件正在匹配（任务 #{job.pk}），未重复提交。")
    return redirect("jobs:detail", pk=job.pk)
