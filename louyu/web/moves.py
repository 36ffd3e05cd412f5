"""跨地区迁移审批: the city's list of pending district moves (louyu.enterprises.DistrictMove), approve/reject."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from louyu.core import permissions
from louyu.enterprises.models import DistrictMove, MoveStatus
from louyu.enterprises.services import district_move_decide

from .common import role_flags


@login_required
def district_moves(request):
    moves = permissions.restrict(DistrictMove.objects.select_related(
        "enterprise", "from_district", "to_district", "building", "requested_by", "decided_by"), request.user, permissions.VIEW)
    status = request.GET.get("status", MoveStatus.PENDING)
    if status in MoveStatus.values:
        moves = moves.filter(status=status)
    context = {"moves": moves[:500], "status": status, "statuses": MoveStatus.choices,
               "can_decide": permissions.is_city_level(request.user), **role_flags(request.user)}
    return render(request, "web/district_moves.html", context)


@login_required
@require_POST
def district_move_decide_view(request, pk: int):
    if not permissions.is_city_level(request.user):
        raise PermissionDenied("跨地区迁移须由市级管理员审批")
    move = get_object_or_404(DistrictMove, pk=pk)
    decision = request.POST.get("decision")
    if decision not in ("approve", "reject"):
        return HttpResponseBadRequest("未知的审批决定")
    try:
        district_move_decide(move=move, approve=decision == "approve", actor=request.user, note=request.POST.get("note", ""))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"已{'批准' if decision == 'approve' else '驳回'}：{move.enterprise.name} 迁入 {move.to_district.name}")
    return redirect("web:district_moves")
