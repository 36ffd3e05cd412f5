"""Pages of the work programme: 年度目标清单 (versions, approval), 重点任务 (the city's glance on a chosen
day, each assignment's reports), 三年行动计划. (The district page's and the cockpit's progress and forecast panels
read the engine too: louyu.web.programme_panels.) Views hold no rules: services decide, selectors read."""
from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from louyu.core import permissions
from louyu.core.models import Role
from louyu.geo.models import District

from . import rules, selectors, services
from .forms import KeyTaskScheduleForm, PlanGoalForm, PlanItemForm, PlanUploadForm, ProgressReportForm, ReturnForm, TargetForm
from .models import PLAN_PUBLISH_DEADLINE, ActionPlan, KeyTask, ProgressReport, TargetVersion


def _errors(exc: ValidationError) -> str:
    if hasattr(exc, "message_dict"):
        return "；".join(f"{'' if k == '__all__' else k + '：'}{'、'.join(v)}" for k, v in exc.message_dict.items())
    return "；".join(exc.messages)


def _year(request, default: int) -> int:
    try:
        return min(max(int(request.GET.get("year") or default), 2000), 2100)
    except ValueError:
        return default


def _day(request, key: str = "as_of") -> dt.date:
    try:
        return dt.date.fromisoformat(request.GET.get(key) or "")
    except ValueError:
        return dt.date.today()


# ------------------------------------------------------------------------------------------ 年度目标清单

def _initial(year: int, district) -> dict:
    source = services.in_force(year, district) or (TargetVersion.objects.filter(year=year, district=district)
                                                   .order_by("-created_at").first())
    return {f: getattr(source, f) for f in services.TARGET_FIELDS} if source else {}


@login_required
def targets(request):
    user = request.user
    year = _year(request, dt.date.today().year)
    role = permissions.role_of(user)
    own = permissions.district_of(user) if role == Role.DISTRICT_EDITOR else None
    city = selectors.city_target_list(year)
    history_districts = [own] if own else selectors.districts()
    visible = set(selectors.target_versions_for(user, year=year).values_list("pk", flat=True))
    histories = [(d, [v for v in selectors.target_history(year, d) if v.pk in visible]) for d in history_districts]
    context = {
        "year": year, "years": sorted(set(selectors.target_years()) | {year, dt.date.today().year, dt.date.today().year + 1}, reverse=True),
        "city": city, "histories": [(d, h) for d, h in histories if h],
        "city_history": selectors.target_history(year, None),
        "pending": list(selectors.pending_submissions(user).filter(year=year)) if role == Role.CITY_ADMIN else [],
        "is_city_admin": role == Role.CITY_ADMIN, "own": own,
        "submit_form": TargetForm(initial=_initial(year, own)) if own else None,
        "adjust_form": TargetForm() if role == Role.CITY_ADMIN else None,
        "return_form": ReturnForm(), "districts": selectors.districts(),
        "columns": [(f, TargetVersion._meta.get_field(f).verbose_name) for f in services.TARGET_FIELDS],
    }
    return render(request, "programme/targets.html", context)


def _back(year: int):
    return redirect(f"{reverse('programme:targets')}?year={year}")


@login_required
@require_POST
def target_submit(request, year: int):
    district = permissions.district_of(request.user)
    if district is None or permissions.role_of(request.user) != Role.DISTRICT_EDITOR:
        raise PermissionDenied("只有地区填报员提交本地区目标")
    form = TargetForm(request.POST)
    if not form.is_valid():
        messages.error(request, "提交失败：" + "；".join(f"{form.fields[k].label}：{'、'.join(v)}" for k, v in form.errors.items()))
        return _back(year)
    data = form.cleaned_data
    try:
        services.target_submit(year=year, district=district, data=data, reason=data["reason"], actor=request.user)
    except ValidationError as exc:
        messages.error(request, "提交失败：" + _errors(exc))
    else:
        messages.success(request, f"已提交{district.name}{year}年目标，等待市发改委审核。")
    return _back(year)


@login_required
@require_POST
def target_decide(request, pk: int):
    version = get_object_or_404(permissions.restrict(TargetVersion.objects.all(), request.user, permissions.CHANGE), pk=pk)
    try:
        if request.POST.get("decision") == "approve":
            services.target_approve(version=version, actor=request.user)
            messages.success(request, f"已批准：{version}。")
        else:
            services.target_return(version=version, reason=request.POST.get("return_reason", ""), actor=request.user)
            messages.success(request, f"已退回：{version.year} {version.district.name}。")
    except ValidationError as exc:
        messages.error(request, "操作失败：" + _errors(exc))
    return _back(version.year)


@login_required
@require_POST
def target_adjust(request, year: int):
    if not services.is_approver(request.user):
        raise PermissionDenied("只有市级管理员可以直接调整年度目标")
    form = TargetForm(request.POST)
    district_id = request.POST.get("district") or ""
    district = get_object_or_404(District, pk=district_id) if district_id else None
    if not form.is_valid():
        messages.error(request, "调整失败：" + "；".join(f"{form.fields[k].label}：{'、'.join(v)}" for k, v in form.errors.items()))
        return _back(year)
    try:
        version = services.target_adjust(year=year, district=district, data=form.cleaned_data, reason=form.cleaned_data["reason"],
                                         actor=request.user)
    except ValidationError as exc:
        messages.error(request, "调整失败：" + _errors(exc))
    else:
        messages.success(request, f"已生成{version}：{version.reason}" if version else "与现行版本相同，未生成新版本。")
    return _back(year)


# ------------------------------------------------------------------------------------------ 重点任务（附件2）

@login_required
def tasks(request):
    as_of = _day(request)
    try:
        window = min(max(int(request.GET.get("due_soon") or rules.config()["DUE_SOON_DAYS"]), 0), 365)
    except ValueError:
        window = rules.config()["DUE_SOON_DAYS"]
    overview = selectors.overview(request.user, as_of, due_soon_days=window)
    wanted = request.GET.get("status") or ""
    rows = [(a, st) for a, st in overview["standings"] if not wanted or st.status == wanted or (wanted == "blocked" and st.blocked)]
    return render(request, "programme/tasks.html", {
        "overview": overview, "as_of": as_of, "due_soon": window, "rows": rows, "wanted": wanted,
        "statuses": [(s, rules.LABELS[s]) for s in selectors.STATUSES],
        "owed": selectors.owed_by(request.user, as_of),
        "key_tasks": selectors.key_tasks() if services.is_approver(request.user) else None})


@login_required
def assignment_detail(request, pk: int):
    assignment = get_object_or_404(selectors.assignments_for(request.user), pk=pk)
    may_report = permissions.can(request.user, permissions.CHANGE, assignment)
    form = ProgressReportForm(initial={"reported_on": dt.date.today(), "status": "ongoing"})
    if request.method == "POST":
        if not may_report:
            raise PermissionDenied("只有该任务的责任单位可以报告进展")
        form = ProgressReportForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.progress_report_create(assignment=assignment, reported_on=data["reported_on"], text=data["text"],
                                                status=data["status"], obstacle=data["obstacle"], attachment=data["attachment"],
                                                actor=request.user)
            except ValidationError as exc:
                form.add_error(None, _errors(exc))
            else:
                messages.success(request, "进展报告已保存。")
                return redirect("programme:assignment_detail", pk=assignment.pk)
    standing = rules.standing(assignment.item, list(assignment.reports.all()), dt.date.today())
    return render(request, "programme/assignment.html", {
        "assignment": assignment, "standing": standing, "reports": selectors.reports_for(request.user, assignment),
        "form": form if may_report else None})


@login_required
def task_schedule(request, pk: int):
    """The city administrator's page for a task's deadline / 持续推进 cycle and responsible units (the generic edit
    page's style; the service decides and audits, the assignments follow)."""
    if not services.is_approver(request.user):
        raise PermissionDenied("只有市级管理员（市发改委）可以修改重点任务的完成时限、报告周期和责任单位")
    task = get_object_or_404(KeyTask, pk=pk)
    units = list(services.unit_owners())
    form = KeyTaskScheduleForm(request.POST or None, units=units, instance=task)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.key_task_schedule_update(task=task, deadline=data["deadline"], cycle=data["cycle"], units=data["units"],
                                              actor=request.user, note="网页表单修改")
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(request, "已保存。")
            return redirect(reverse("programme:tasks") + "#key-tasks")
    return render(request, "web/object_edit.html", {"form": form, "object": task, "title": "重点任务的完成时限与责任单位"},
                  status=400 if request.method == "POST" else 200)


@login_required
def report_attachment(request, pk: int):
    report = get_object_or_404(permissions.restrict(ProgressReport.objects.all(), request.user, permissions.VIEW), pk=pk)
    if not report.attachment:
        raise Http404("没有附件")
    return FileResponse(report.attachment.open("rb"), as_attachment=True, filename=report.attachment_name or report.attachment.name)


# ------------------------------------------------------------------------------------------ 三年行动计划

@login_required
def plans(request):
    return render(request, "programme/plans.html", {"rows": selectors.plans_overview(request.user, dt.date.today()),
                                                   "deadline": dt.date.fromisoformat(PLAN_PUBLISH_DEADLINE)})


@login_required
def plan_detail(request, district_pk: int):
    district = get_object_or_404(District, pk=district_pk)
    plan = ActionPlan.objects.filter(district=district).first()
    if plan is not None and not permissions.can(request.user, permissions.VIEW, plan):
        raise Http404("没有可查看的行动计划")
    may_edit = (permissions.can(request.user, permissions.CHANGE, plan) if plan is not None
                else permissions.can_create_in(request.user, ActionPlan, district))
    forms = {"upload": PlanUploadForm(), "goal": PlanGoalForm(), "item": PlanItemForm()}
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied("只有本地区用户或市级管理员可以修改该行动计划")
        which = request.POST.get("form")
        form_class = {"upload": PlanUploadForm, "goal": PlanGoalForm, "item": PlanItemForm}.get(which)
        if form_class is None:
            raise Http404
        form = form_class(request.POST, request.FILES)
        forms[which] = form
        if form.is_valid():
            data = form.cleaned_data
            try:
                if which == "upload":
                    services.action_plan_upload(district=district, document=data["document"], published_on=data["published_on"],
                                                title=data["title"], actor=request.user)
                elif plan is None:
                    raise ValidationError("请先上传行动计划文件")
                elif which == "goal":
                    services.plan_goal_set(plan=plan, year=data["year"], text=data["text"], actor=request.user)
                else:
                    services.plan_item_create(plan=plan, focus=data["focus"], unit=data["unit"], deadline=data["deadline"],
                                              actor=request.user)
            except ValidationError as exc:
                form.add_error(None, _errors(exc))
            else:
                messages.success(request, "已保存。")
                return redirect("programme:plan_detail", district_pk=district.pk)
    return render(request, "programme/plan.html", {
        "district": district, "plan": plan, "may_edit": may_edit, "forms": forms,
        "status": services.plan_publication(plan, dt.date.today()),
        "goals": list(plan.goals.all()) if plan else [], "items": list(plan.items.all()) if plan else []})


@login_required
def plan_document(request, district_pk: int):
    plan = get_object_or_404(permissions.restrict(ActionPlan.objects.all(), request.user, permissions.VIEW), district_id=district_pk)
    if not plan.document:
        raise Http404("没有计划文件")
    return FileResponse(plan.document.open("rb"), as_attachment=True, filename=plan.document_name or plan.document.name)
