"""Pages of the event register: list/export, detail with materials and 议定事项, edit, calendar, compliance."""
from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from louyu.core import permissions
from louyu.core.views import Column, ObjectDeleteView, ObjectEditView, form_action
from louyu.geo.models import District
from louyu.web.common import freshness, role_flags
from louyu.web.registers import RegisterDetailView
from louyu.web.registers_io import RegisterListView

from . import selectors, services
from .filters import EventFilterSet
from .forms import AttachmentForm, EventForm, ResolutionForm
from .models import Event, EventAttachment, EventKind, Resolution


class EventListView(RegisterListView):
    model = Event
    queryset = Event.objects.select_related("district")
    filterset_class = EventFilterSet
    title = "活动登记"
    export_name = "活动登记"
    kind = "events"
    detail_url_name = "events:event_detail"
    add_url_name = "events:event_add"
    edit_url_name = "events:event_edit"
    default_sort = "-held_on"
    columns = (
        Column("held_on", "举办日期", sort="held_on"),
        Column("name", "活动名称", sort="name", link=True),
        Column("kind", "活动类型", sort="kind"),
        Column("region", "地区", value=lambda o: o.region, sort="district__order"),
        Column("organiser", "主办单位"),
        Column("participants", "参与人数", sort="participants", numeric=True),
        Column("signed_projects", "签约项目数", sort="signed_projects", numeric=True),
        Column("intended_projects", "意向项目数", numeric=True),
        Column("signed_amount", "签约金额(万元)", sort="signed_amount", numeric=True),
    )


class EventDetailView(RegisterDetailView):
    model = Event
    queryset = Event.objects.select_related("district")
    template_name = "events/event_detail.html"
    title = "活动"
    edit_url_name = "events:event_edit"
    delete_url_name = "events:event_delete"
    fields = ("name", "kind", "district", "held_on", "organiser", "participants", "signed_projects", "intended_projects",
              "signed_amount", "topics", "note", "source", "verification", "updated_at")

    def get_context_data(self, **context):
        context = super().get_context_data(**context)
        event = context["object"]
        context["fields"] = [(label, value if label != "地区" else event.region) for label, value in context["fields"]]
        context.update(attachments=event.attachments.all(), resolutions=event.resolutions.all(),
                       attachment_form=AttachmentForm(), resolution_form=ResolutionForm(user=self.request.user),
                       today=dt.date.today())
        return context


class EventEditView(ObjectEditView):
    model = Event
    form_class = EventForm
    title = "活动"

    create_service = staticmethod(services.event_create)
    update_service = staticmethod(services.event_update)
    update_keyword = "event"

    def success_url(self, obj):
        return reverse("events:event_detail", args=[obj.pk])


def _event_to_change(request, pk) -> Event:
    event = get_object_or_404(selectors.events_for(request.user), pk=pk)
    if not permissions.can(request.user, permissions.CHANGE, event):
        raise PermissionDenied("无权修改该活动")
    return event


@login_required
@require_POST
def attachment_upload(request, pk):
    event = _event_to_change(request, pk)
    return form_action(request, AttachmentForm(request.POST, request.FILES),
                       lambda data: services.attachment_add(event=event, upload=data["file"], kind=data["kind"],
                                                            title=data["title"], actor=request.user),
                       done="材料已上传。", refused="材料未上传", invalid="请选择文件和材料类型。",
                       back=reverse("events:event_detail", args=[event.pk]))


@login_required
def attachment_download(request, pk):
    qs = permissions.restrict(EventAttachment.objects.select_related("event"), request.user, permissions.VIEW)
    attachment = get_object_or_404(qs, pk=pk)
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.file.name.rsplit("/", 1)[-1])


@login_required
@require_POST
def resolution_add(request, pk):
    event = _event_to_change(request, pk)
    form = ResolutionForm(request.POST, user=request.user)
    return form_action(request, form, lambda data: services.resolution_create(event=event, data=form.service_data(), actor=request.user),
                       done="议定事项已登记。", refused="议定事项未保存", invalid="请填写议定事项和责任单位。",
                       back=reverse("events:event_detail", args=[event.pk]))


class ResolutionEditView(ObjectEditView):
    model = Resolution
    queryset = Resolution.objects.select_related("event")
    form_class = ResolutionForm
    title = "议定事项"

    def save(self, form, obj):
        services.resolution_update(resolution=obj, data=form.service_data(), actor=self.request.user)
        return obj

    def success_url(self, obj):
        return reverse("events:event_detail", args=[obj.event_id])


def _year_month(request) -> tuple[int, int]:
    today = dt.date.today()
    try:
        year, month = int(request.GET.get("year") or today.year), int(request.GET.get("month") or today.month)
    except ValueError:
        year, month = today.year, today.month
    return min(max(year, 2000), 2100), min(max(month, 1), 12)


@login_required
def event_calendar(request):
    year, month = _year_month(request)
    kind, district = request.GET.get("kind", ""), request.GET.get("district", "")
    grid = selectors.month_calendar(request.user, year, month, kind=kind, district_id=district)
    first = dt.date(year, month, 1)
    prev, nxt = first - dt.timedelta(days=1), first + dt.timedelta(days=32)
    filters = f"&kind={kind}&district={district}"
    return render(request, "events/calendar.html", {
        "year": year, "month": month, "grid": grid, "kinds": EventKind.choices, "kind": kind, "district": district,
        "districts": District.objects.order_by("order"), "prev": f"?year={prev.year}&month={prev.month}{filters}",
        "next": f"?year={nxt.year}&month={nxt.month}{filters}", "weekdays": "一二三四五六日", "today": dt.date.today(),
        **freshness(), **role_flags(request.user),
    })


@login_required
def compliance_page(request):
    today = dt.date.today()
    try:
        year = min(max(int(request.GET.get("year") or today.year), 2000), 2100)
    except ValueError:
        year = today.year
    return render(request, "events/compliance.html", {
        "year": year, "years": range(today.year, 2022, -1), "summary": selectors.compliance_summary(year, today=today),
        "today": today, "resolutions": list(selectors.overdue_resolutions(request.user, today)[:20]),
        **freshness(), **role_flags(request.user),
    })




class EventDeleteView(ObjectDeleteView):
    model, title, success_url_name = Event, "活动", "events:event_list"
    delete_service, delete_keyword = staticmethod(services.event_delete), "event"


class ResolutionDeleteView(ObjectDeleteView):
    model, title = Resolution, "议定事项"
    queryset = Resolution.objects.select_related("event__district")
    delete_service, delete_keyword = staticmethod(services.resolution_delete), "resolution"

    def success_url(self, obj) -> str:
        return reverse("events:event_detail", args=[obj.event_id])


class AttachmentDeleteView(ResolutionDeleteView):
    model, title = EventAttachment, "活动材料"
    queryset = EventAttachment.objects.select_related("event__district")
    delete_service, delete_keyword = staticmethod(services.attachment_delete), "attachment"
