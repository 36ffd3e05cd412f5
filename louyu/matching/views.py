"""The review queue (待复核) and the file-in/file-out batch page."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from louyu.buildings.models import Building
from louyu.core import permissions
from louyu.core.views import _attachment

from . import selectors, services
from .models import AddressMatch


@login_required
def review_queue(request):
    queue = selectors.review_queue_for(request.user)
    page = Paginator(queue, 20).get_page(request.GET.get("page"))
    codes = {c["code"] for m in page for c in m.candidates}
    editable = permissions.restrict(Building.objects.filter(code__in=codes), request.user, permissions.CHANGE)
    by_code = {b.code: b for b in editable}
    rows = [(m, [(c, by_code.get(c["code"])) for c in m.candidates]) for m in page]
    return render(request, "matching/review_queue.html", {"page": page, "rows": rows, "total": queue.count()})


@login_required
@require_POST
def review_decide(request, pk: int):
    match = selectors.review_queue_for(request.user).filter(pk=pk).first()
    if match is None:
        if AddressMatch.objects.filter(pk=pk).exists():
            raise PermissionDenied("无权限复核该匹配")
        raise Http404("匹配记录不存在")
    decision = request.POST.get("decision", "")
    building = None
    if decision == "correct":
        code = request.POST.get("building_code", "").strip()
        building = permissions.restrict(Building.objects.filter(code=code), request.user, permissions.CHANGE).first()
        if building is None:
            messages.error(request, f"楼宇编码“{code}”不存在或不在本人负责的地区")
            return redirect("matching:review_queue")
    try:
        services.match_decide(match=match, actor=request.user, decision=decision, building=building, note=request.POST.get("note", ""))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"已处理：{match.enterprise.name}")
    return redirect("matching:review_queue")


@login_required
def batch_match(request):
    """Upload a 楼宇 register and an address list; download 编号, 楼宇编码, 置信度, 状态, 依据 as CSV."""
    from .batch import match_file
    from .register import TableError

    if not any(permissions.can_import(request.user, kind) for kind in ("buildings", "enterprises", "tenancies")):
        raise PermissionDenied("当前角色（只读）不能使用批量地址匹配")
    if request.method != "POST":
        return render(request, "matching/batch.html")
    registry, addresses = request.FILES.get("registry"), request.FILES.get("addresses")
    if not registry or not addresses:
        messages.error(request, "请同时上传楼宇名录文件和企业地址文件")
        return render(request, "matching/batch.html", status=400)
    workdir = Path(tempfile.mkdtemp(prefix="louyu-match-"))
    try:
        return _match_in(workdir, request, registry, addresses, match_file, TableError)
    except BaseException:
        shutil.rmtree(workdir, ignore_errors=True)
        raise


def _match_in(workdir: Path, request, registry, addresses, match_file, TableError):
    """Match in `workdir`; the folder is removed before answering, whatever the outcome."""
    paths = []
    for upload, stem in ((registry, "registry"), (addresses, "addresses")):
        suffix = Path(upload.name).suffix.lower()
        if suffix not in (".csv", ".xlsx", ".xls"):
            messages.error(request, f"不支持的文件类型：{upload.name}（请上传 .csv 或 .xlsx）")
            shutil.rmtree(workdir, ignore_errors=True)
            return render(request, "matching/batch.html", status=400)
        path = workdir / f"{stem}{suffix}"
        with path.open("wb") as fh:
            for chunk in upload.chunks():
                fh.write(chunk)
        paths.append(path)
    output = workdir / "匹配结果.csv"
    try:
        match_file(paths[0], paths[1], output)
    except (TableError, ValueError) as exc:
        messages.error(request, str(exc))
        shutil.rmtree(workdir, ignore_errors=True)
        return render(request, "matching/batch.html", status=400)
    content = output.read_bytes()  # one CSV line per address: bounded by the upload limit
    shutil.rmtree(workdir, ignore_errors=True)
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = _attachment("匹配结果.csv")
    return response
