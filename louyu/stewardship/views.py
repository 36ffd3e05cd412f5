"""Pages of 楼长制: the 楼长 page (one screen per 楼长), district coverage and request statistics, the 楼长
register and 企业诉求 (list, detail with resolve/confirm, edit)."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from louyu.core import audit, permissions
from louyu.core.models import Role
from louyu.core.views import Column, ObjectDetailView, ObjectEditView, can_add
from louyu.filing import selectors as filing_selectors
from louyu.filing.rules import reporting_period
from louyu.investment import selectors as investment_selectors
from louyu.web import figures
from louyu.web.common import role_flags
from louyu.web.registers_io import RegisterListView

from . import selectors, services
from .forms import BuildingStewardForm, EnterpriseRequestForm
from .models import BuildingSteward, EnterpriseRequest, RequestStatus


@login_required
def steward_page(request):
    """楼长 page: the chosen 楼长's (default: the user's own) buildings with alerts, late reports, vacant
    space, leads, leases ending soon, open requests and recent changes."""
    user, today = request.user, timezone.localdate()
    User = get_user_model()
    steward = user
    if request.GET.get("steward", "").isdigit():
        steward = get_object_or_404(User, pk=int(request.GET["steward"]))
    buildings = list(selectors.stewarded_buildings(steward, user))
    period = reporting_period(today)
    requests = list(selectors.requests_for(user).filter(building__in=buildings))
    context = {
        "steward": steward, "buildings": buildings, "today": today,
        "alerts": [a for b in buildings for a in (figures.open_alerts(user, building=b, limit=5) or [])],
        "late": [s for s in filing_selectors.month_states(buildings, period, today) if s.late], "period": period,
        "units": list(investment_selectors.vacant_units_for(user).filter(building__in=buildings, status__in=investment_selectors.OPEN_LISTING)),
        "leads": list(investment_selectors.leads_for(user).filter(unit__building__in=buildings).exclude(stage__in=("signed", "lost"))),
        "leases": list(selectors.leases_ending(buildings, user, today)[:50]),
        "open_requests": [r for r in requests if r.status not in (RequestStatus.RESOLVED, RequestStatus.CONFIRMED)],
        "changes": selectors.recent_changes(buildings, today),
        "stewards": sorted({(s.steward_id, s.steward.get_full_name() or s.steward.get_username()) for s in selectors.stewards_for(user)},
                           key=lambda pair: pair[1]),
        **role_flags(user),
    }
    return render(request, "stewardship/steward.html", context)


@login_required
def coverage(request):
    user, today = request.user, timezone.localdate()
    requests = list(selectors.requests_for(user))
    context = {"coverage": selectors.coverage(user),
               "by_district": selectors.request_counts(requests, today, key=lambda r: r.building.district.name),
               "by_building": selectors.request_counts(requests, today, key=lambda r: r.building.name)[:30],
               **role_flags(user)}
    return render(request, "stewardship/coverage.html", context)


class BuildingStewardListView(RegisterListView):
    exporter = None  # the list's own columns

    model = BuildingSteward
    queryset = BuildingSteward.objects.select_related("building__district", "steward")
    title = "楼长名录"
    export_name = "楼长名录"
    detail_url_name = "stewardship:steward_detail"
    add_url_name = "stewardship:steward_add"
    edit_url_name = "stewardship:steward_edit"
    columns = (
        Column("building", "楼宇", value=lambda o: o.building.name, sort="building__name", link=True),
        Column("code", "楼宇编码", value=lambda o: o.building.code, sort="building__code"),
        Column("district", "地区", value=lambda o: o.building.district.name, sort="building__district__order,building__code"),
        Column("steward", "楼长", value=lambda o: o.steward.get_full_name() or o.steward.get_username()),
        Column("steward_title", "职务"),
        Column("operator_contact", "运营方联系人"),
        Column("operator_phone", "联系电话"),
        Column("since", "任职日期", sort="since"),
    )


class BuildingStewardDetailView(ObjectDetailView):
    model = BuildingSteward
    queryset = BuildingSteward.objects.select_related("building__district", "steward")
    template_name = "stewardship/steward_detail.html"

    def get_context_data(self, **context):
        context.update(history=audit.history_of(context["object"])[:20], **role_flags(self.request.user))
        return context


class BuildingStewardEditView(ObjectEditView):
    model = BuildingSteward
    form_class = BuildingStewardForm
    title = "楼长"

    create_service = staticmethod(services.steward_create)
    update_service = staticmethod(services.steward_update)
    update_keyword = "steward"

    def success_url(self, obj):
        return reverse("stewardship:steward_detail", args=[obj.pk])


def can_record_request(user) -> bool:
    return can_add(user, EnterpriseRequest) or (permissions.role_of(user) == Role.OPERATOR and user.profile.buildings.exists())


class EnterpriseRequestListView(RegisterListView):
    exporter = None  # the list's own columns

    model = EnterpriseRequest
    queryset = EnterpriseRequest.objects.select_related("building__district", "assignee")
    title = "企业诉求"
    export_name = "企业诉求"
    detail_url_name = "stewardship:request_detail"
    add_url_name = "stewardship:request_add"
    edit_url_name = "stewardship:request_edit"
    columns = (
        Column("enterprise_name", "企业", sort="enterprise_name", link=True),
        Column("building", "楼宇", value=lambda o: o.building.name, sort="building__name"),
        Column("district", "地区", value=lambda o: o.building.district.name, sort="building__district__order"),
        Column("category", "类别", sort="category"),
        Column("summary", "诉求内容", value=lambda o: o.summary[:40], link=True),
        Column("department", "承办部门", sort="department"),
        Column("due_on", "办理期限", sort="due_on"),
        Column("status", "状态", sort="status"),
    )

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        context["can_add"] = can_record_request(self.request.user)
        return context


class EnterpriseRequestDetailView(ObjectDetailView):
    model = EnterpriseRequest
    queryset = EnterpriseRequest.objects.select_related("building__district", "assignee", "enterprise")
    template_name = "stewardship/request_detail.html"

    def get_context_data(self, **context):
        obj = context["object"]
        context.update(overdue=selectors.is_overdue(obj, timezone.localdate()), history=audit.history_of(obj)[:20],
                       **role_flags(self.request.user))
        return context


class EnterpriseRequestEditView(ObjectEditView):
    model = EnterpriseRequest
    form_class = EnterpriseRequestForm
    title = "企业诉求"

    def get_object(self):
        if self.kwargs.get("pk") is None:
            if not can_record_request(self.request.user):
                raise PermissionDenied("当前角色不能登记企业诉求")
            return None
        return super().get_object()

    create_service = staticmethod(services.enterprise_request_create)
    update_service = staticmethod(services.enterprise_request_update)
    update_keyword = "request"

    def success_url(self, obj):
        return reverse("stewardship:request_detail", args=[obj.pk])


@login_required
@require_POST
def request_action(request, pk: int, action: str):
    obj = get_object_or_404(selectors.requests_for(request.user), pk=pk)
    if not permissions.can(request.user, permissions.CHANGE, obj):
        raise PermissionDenied("无权办理该诉求")
    try:
        if action == "resolve":
            services.enterprise_request_resolve(request=obj, resolution=request.POST.get("resolution", ""), actor=request.user)
            messages.success(request, "诉求已办结。")
        elif action == "confirm":
            services.enterprise_request_confirm(request=obj, actor=request.user)
            messages.success(request, "已记录企业确认。")
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return HttpResponseRedirect(reverse("stewardship:request_detail", args=[pk]))
