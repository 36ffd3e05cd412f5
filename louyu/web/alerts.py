"""预警处理: the alerts a user may see, filtered; one alert's evidence, remarks and history, and what a
responsible user does with it (mark seen, assign, comment, close with the reason, reopen).

Every read goes through `alerts_for` (louyu.core.permissions inside); every write is an indicators service.
"""
from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from louyu.core import audit, permissions
from louyu.core.pagination import page_of
from louyu.geo.models import District
from louyu.indicators import selectors, services
from louyu.indicators.alerts import evidence_for, evidence_lines
from louyu.indicators.models import AlertKind, AlertStatus

OPEN = "open"
STATUS_CHOICES = [(OPEN, "未关闭（新预警、已查看）"), *AlertStatus.choices, ("all", "全部")]


class AlertFilterForm(forms.Form):
    kind = forms.ChoiceField(label="预警类型", required=False, choices=[("", "全部"), *AlertKind.choices])
    status = forms.ChoiceField(label="状态", required=False, choices=STATUS_CHOICES)
    district = forms.ModelChoiceField(label="地区", required=False, queryset=District.objects.all(), empty_label="全部")
    q = forms.CharField(label="楼宇", required=False, widget=forms.TextInput(attrs={"placeholder": "楼宇名称或编码"}))
    mine = forms.BooleanField(label="只看指派给我的", required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if permissions.district_of(user) is not None:  # one district only: nothing to choose
            del self.fields["district"]


def _filtered(user, data: dict):
    form = AlertFilterForm(data, user=user)
    form.is_valid()
    values = getattr(form, "cleaned_data", {})
    status = values.get("status") or OPEN
    qs = selectors.alerts_for(user, district=values.get("district"), kind=values.get("kind") or None,
                              status=status if status not in (OPEN, "all") else None, active=None)
    if status == OPEN:
        qs = qs.filter(active=True).exclude(status=AlertStatus.HANDLED)
    if values.get("q"):
        text = values["q"].strip()
        qs = qs.filter(building__name__icontains=text) | qs.filter(building__code__iexact=text)
    if values.get("mine"):
        qs = qs.filter(assigned_to=user)
    return form, qs.select_related("assigned_to")


@login_required
def alert_list(request):
    form, qs = _filtered(request.user, request.GET)
    page = page_of(qs, 50, request.GET.get("page"))
    query = urlencode([(k, v) for k, v in request.GET.items() if k != "page"])
    return render(request, "web/alert_list.html", {"form": form, "page": page, "query": query})


def _visible(user, pk: int):
    alert = selectors.alerts_for(user, active=None).filter(pk=pk).first()
    if alert is None:
        raise Http404("预警不存在")
    return alert


def shown_value(label: str, value: str) -> str:
    """Evidence as officials read it: amounts with separators (元 to the cent), rates as percentages."""
    if value in ("", None):
        return "—"
    try:
        number = Decimal(value)
    except (InvalidOperation, TypeError):
        return value
    if "(元)" in label:
        return f"{number:,.2f} 元"
    if label in ("同比", "本期入驻率", "上季度末入驻率"):
        return f"{number * 100:+.1f}%" if label == "同比" else f"{number * 100:.1f}%"
    if "(㎡)" in label:
        return f"{number:,.2f} ㎡"
    return value


@login_required
def alert_detail(request, pk: int):
    alert = _visible(request.user, pk)
    can_handle = permissions.can(request.user, permissions.CHANGE, alert)
    context = {
        "alert": alert,
        "evidence": [(label, shown_value(label, value)) for label, value in evidence_lines(alert, user=request.user)],
        "evidence_withheld": len(evidence_for(request.user, alert)) < len(alert.evidence),
        "comments": alert.comments.all(),
        "history": audit.timeline(alert),
        "can_handle": can_handle,
        "assignees": selectors.alert_assignees(alert) if can_handle else [],
    }
    return render(request, "web/alert_detail.html", context)


@login_required
@require_POST
def alert_act(request, pk: int):
    """One action on one alert, from the alert's page: seen / assign / comment / handle / reopen."""
    alert = _visible(request.user, pk)
    action, note = request.POST.get("action", ""), request.POST.get("note", "")
    try:
        if action == "seen":
            services.alert_mark_seen(alert=alert, actor=request.user)
        elif action == "assign":
            assignee_id = request.POST.get("assignee") or None
            assignee = get_user_model().objects.filter(pk=assignee_id).first() if assignee_id else None
            services.alert_assign(alert=alert, assignee=assignee, actor=request.user)
        elif action == "comment":
            services.alert_comment(alert=alert, text=note, actor=request.user)
        elif action == "handle":
            services.alert_handle(alert=alert, note=note, actor=request.user)
        elif action == "reopen":
            services.alert_reopen(alert=alert, note=note, actor=request.user)
        else:
            raise ValidationError(f"未知的操作：{action}")
    except PermissionDenied as exc:
        raise PermissionDenied(str(exc) or "无权限处理该预警")
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, dict(ACTION_LABELS).get(action, "已保存"))
    return redirect(reverse("web:alert_detail", args=[alert.pk]))


ACTION_LABELS = [("seen", "已标记为已查看。"), ("assign", "已指派负责人。"), ("comment", "已添加意见。"),
                 ("handle", "预警已关闭，处理说明已记录。"), ("reopen", "预警已重新打开。")]
