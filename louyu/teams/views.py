"""Pages of 优秀楼宇招商运营团队: the register, combined indicators, yearly recognition."""
from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from louyu.core.views import Column, ObjectDeleteView, ObjectEditView
from louyu.indicators import selectors as indicators
from louyu.web.common import freshness, role_flags
from louyu.web.registers import RegisterDetailView
from louyu.web.registers_io import RegisterListView

from . import selectors, services
from .forms import OperationTeamForm
from .models import OperationTeam


def _year(request) -> int:
    latest = indicators.as_of()
    default = latest.year if latest else dt.date.today().year
    try:
        return min(max(int(request.GET.get("year") or request.POST.get("year") or default), 2000), 2100)
    except ValueError:
        return default


class OperationTeamListView(RegisterListView):
    kind = "operation_teams"  # exported in its import template's columns (re-importable)
    model = OperationTeam
    queryset = OperationTeam.objects.select_related("district").prefetch_related("buildings")
    title = "招商运营团队"
    export_name = "招商运营团队"
    detail_url_name = "teams:team_detail"
    add_url_name = "teams:team_add"
    edit_url_name = "teams:team_edit"
    columns = (
        Column("name", "团队名称", link=True),
        Column("company", "所属公司"),
        Column("district", "所在地区", value=lambda o: o.district.name),
        Column("contacts", "联系人及电话"),
        Column("buildings", "运营楼宇", value=lambda o: "、".join(b.name for b in o.buildings.all())),
    )



class OperationTeamDetailView(RegisterDetailView):
    model = OperationTeam
    queryset = OperationTeam.objects.select_related("district")
    template_name = "teams/team_detail.html"
    title = "招商运营团队"
    edit_url_name = "teams:team_edit"
    delete_url_name = "teams:team_delete"
    fields = ("name", "company", "district", "contacts", "source", "verification", "updated_at")

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        year = _year(self.request)
        team = context["object"]
        context.update(year=year, combined=selectors.combined(team, year), buildings=team.buildings.select_related("district"),
                       recognitions=team.recognitions.all())
        return context


class OperationTeamEditView(ObjectEditView):
    model = OperationTeam
    form_class = OperationTeamForm
    title = "招商运营团队"

    create_service = staticmethod(services.operation_team_create)
    update_service = staticmethod(services.operation_team_update)
    update_keyword = "operation_team"

    def success_url(self, obj):
        return reverse("teams:team_detail", args=[obj.pk])


@login_required
def ranking(request):
    year = _year(request)
    return render(request, "teams/ranking.html", {"year": year, "years": range(dt.date.today().year, 2021, -1),
                                                  "rows": selectors.ranking(year, request.user), "today": dt.date.today(),
                                                  **freshness(), **role_flags(request.user)})


@login_required
@require_POST
def recognise(request, pk):
    team = get_object_or_404(selectors.teams_for(request.user), pk=pk)
    year = _year(request)
    try:
        services.team_recognise(team=team, year=year, recognised_on=dt.date.fromisoformat(request.POST.get("recognised_on") or ""),
                                note=request.POST.get("note", ""), actor=request.user)
    except ValueError:
        messages.error(request, "请填写认定日期（格式 YYYY-MM-DD）")
    except (PermissionDenied, ValidationError) as exc:
        messages.error(request, "未认定：" + "；".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, f"已认定 {team.name} 为 {year} 年优秀楼宇招商运营团队。")
    return HttpResponseRedirect(f"{reverse('teams:ranking')}?year={year}")


class OperationTeamDeleteView(ObjectDeleteView):
    model, title, success_url_name = OperationTeam, "招商运营团队", "teams:team_list"
    delete_service, delete_keyword = staticmethod(services.operation_team_delete), "operation_team"
