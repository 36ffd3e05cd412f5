"""Writes of the work programme: loading the policy's attachments, the 附件1 target versions (submit,
return, approve, adjust) and the 附件2 assignments' progress reports. Every write is audited through
louyu.core.services, with an explicit actor (None: a trusted system job such as `louyu init`)."""
from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from louyu.core import audit, permissions
from louyu.core import services as core
from louyu.core.models import Role
from louyu.geo.models import District
from louyu.geo.reference import CityRef, load_city, read_tsv

from .models import AnnualTarget, Cycle, KeyTask, ProgressReport, ReportStatus, TargetColumn, TargetStatus, TargetVersion, TaskAssignment

TARGET_FIELDS = [c.value for c in TargetColumn]
ANNEX1_REASON = "苏府办〔2023〕48号附件1"


# --------------------------------------------------------------------------------- 附件1 target versions

def target_problems(values: dict) -> core.Problems:
    """The row rules shared by the form, the import and the services."""
    problems = []
    for field in TARGET_FIELDS:
        value = values.get(field)
        if value is None or value == "":
            problems.append((field, "必填"))
        elif int(value) < 0:
            problems.append((field, "不能为负数"))
    new, cumulative = values.get("new_100m"), values.get("cumulative_100m")
    if new not in (None, "") and cumulative not in (None, "") and int(cumulative) < int(new):
        problems.append(("cumulative_100m", "累计亿元楼宇不能少于新增亿元楼宇"))
    return problems


def is_approver(actor) -> bool:
    """Who approves, returns and adjusts targets: the city administrator (市发改委), or a system job."""
    return actor is None or isinstance(actor, str) or permissions.role_of(actor) == Role.CITY_ADMIN


def in_force(year: int, district) -> TargetVersion | None:
    return (TargetVersion.objects.filter(year=year, district=district, status=TargetStatus.APPROVED)
            .order_by("-number").first())


def same_values(version: TargetVersion | None, values: dict) -> bool:
    return version is not None and all(getattr(version, f) == int(values[f]) for f in TARGET_FIELDS)


def _label(actor) -> str:
    return audit.actor_label(actor)


@transaction.atomic
def target_submit(*, year: int, district: District, data: dict, reason: str = "", actor) -> TargetVersion:
    """A district's (or the city's on its behalf) submission of its row for `year`: 待审核 until the city
    decides. A pending submission of the same row is replaced in place; an unchanged row is refused."""
    core.raise_problems(target_problems(data))
    values = {f: int(data[f]) for f in TARGET_FIELDS}
    current = in_force(year, district)
    reason = (reason or "").strip()
    if current is not None and not reason:
        core.raise_problems([("reason", f"{year}年已有第{current.number}版目标，调整须填写调整说明")])
    pending = TargetVersion.objects.filter(year=year, district=district, status=TargetStatus.SUBMITTED).first()
    if same_values(current, values) and pending is None:
        core.raise_problems([("__all__", f"与现行第{current.number}版目标相同，无需提交")])
    fields = {**values, "reason": reason, "author": actor if getattr(actor, "pk", None) else None, "author_label": _label(actor)}
    if pending is not None:
        core.object_update(obj=pending, data=fields, actor=actor, note="修改待审核的年度目标")
        return pending
    return core.object_create(model=TargetVersion, actor=actor, note="提交年度目标",
                              data={"year": year, "district": district, "status": TargetStatus.SUBMITTED, **fields})


def _decide(version: TargetVersion, actor, status: str) -> None:
    if not is_approver(actor):
        raise PermissionDenied("只有市级管理员可以审核年度目标")
    if version.status != TargetStatus.SUBMITTED:
        raise ValidationError(f"该目标状态为“{version.get_status_display()}”，不是待审核")


@transaction.atomic
def target_return(*, version: TargetVersion, reason: str, actor) -> TargetVersion:
    _decide(version, actor, TargetStatus.RETURNED)
    if not (reason or "").strip():
        core.raise_problems([("return_reason", "退回须填写原因")])
    core.object_update(obj=version, actor=actor, note="退回年度目标", data={
        "status": TargetStatus.RETURNED, "return_reason": reason.strip(), "decided_by_label": _label(actor),
        "decided_at": timezone.now()})
    return version


@transaction.atomic
def target_approve(*, version: TargetVersion, actor) -> TargetVersion:
    """Approve a submission: it becomes the next version number and the row in force."""
    _decide(version, actor, TargetStatus.APPROVED)
    number = _next_number(version.year, version.district)
    core.object_update(obj=version, actor=actor, note=f"批准年度目标（第{number}版）", data={
        "status": TargetStatus.APPROVED, "number": number, "decided_by_label": _label(actor), "decided_at": timezone.now()})
    _put_in_force(version, actor)
    return version


@transaction.atomic
def target_adjust(*, year: int, district: District | None, data: dict, reason: str, actor,
                  source: str = "", batch=None) -> TargetVersion | None:
    """The city's own change (每年动态调整) or the city's own row (district None): approved at once as a new
    version with its reason. Returns None when the values equal the version in force (nothing written)."""
    if not is_approver(actor):
        raise PermissionDenied("只有市级管理员可以直接调整年度目标")
    core.raise_problems(target_problems(data))
    values = {f: int(data[f]) for f in TARGET_FIELDS}
    current = in_force(year, district)
    if same_values(current, values):
        return None
    reason = (reason or "").strip()
    if current is not None and not reason:
        core.raise_problems([("reason", f"{year}年已有第{current.number}版目标，调整须填写调整说明")])
    version = core.object_create(model=TargetVersion, actor=actor, batch=batch, note="调整年度目标", data={
        "year": year, "district": district, "status": TargetStatus.APPROVED, "number": _next_number(year, district),
        **values, "reason": reason, "source": source, "author": actor if getattr(actor, "pk", None) else None,
        "author_label": _label(actor), "decided_by_label": _label(actor), "decided_at": timezone.now()})
    _put_in_force(version, actor)
    return version


def _next_number(year: int, district) -> int:
    top = TargetVersion.objects.filter(year=year, district=district).aggregate(n=Max("number"))["n"]
    return (top or 0) + 1


def _put_in_force(version: TargetVersion, actor) -> None:
    if version.district_id is None:
        return  # the city's own row lives only as versions; AnnualTarget holds districts
    data = {**{f: getattr(version, f) for f in TARGET_FIELDS}, "version": version.number}
    target = AnnualTarget.objects.filter(year=version.year, district_id=version.district_id).first()
    if target is None:
        core.object_create(model=AnnualTarget, data={"year": version.year, "district_id": version.district_id, **data},
                           actor=actor, note=f"第{version.number}版生效")
    else:
        core.object_update(obj=target, data=data, actor=actor, note=f"第{version.number}版生效")


@transaction.atomic
def annual_targets_load(*, city: CityRef | None = None) -> int:
    """附件1 rows of the city's folder, each loaded as the approved version 1 of its year and district (idempotent:
    a row whose year and district already have versions is left alone — later versions are decisions)."""
    city = city or load_city()
    count = 0
    for path in sorted(city.folder.glob("annual_targets*.tsv")):
        for row in read_tsv(path):
            ref = city.resolve_district(row["district"])
            if ref is None:
                raise ValueError(f"{path.name}: 未知地区“{row['district']}”")
            district = District.objects.get(code=ref.division_code)
            year = int(row["year"])
            if not TargetVersion.objects.filter(year=year, district=district).exists():
                # Reference data, like the districts: loaded as it stands in the policy, not an audited decision.
                values = {f: int(row[f]) for f in TARGET_FIELDS}
                TargetVersion.objects.create(year=year, district=district, number=1, status=TargetStatus.APPROVED,
                                             reason=ANNEX1_REASON, source=ANNEX1_REASON, author_label="系统",
                                             decided_by_label="系统", **values)
                AnnualTarget.objects.update_or_create(year=year, district=district, defaults={**values, "version": 1})
            count += 1
    return count


# --------------------------------------------------------------------------------- 附件2 key tasks

def split_units(text: str) -> list[str]:
    """'市发改委、市资源规划局，各县级市<区>人民政府' → one unit per item."""
    for sep in ("，", ",", "；", ";"):
        text = text.replace(sep, "、")
    return [u.strip() for u in text.split("、") if u.strip()]


@transaction.atomic
def key_tasks_load(*, city: CityRef | None = None) -> int:
    city = city or load_city()
    path = city.path("key_tasks.tsv")
    if not path.exists():
        return 0
    rows = read_tsv(path)
    for order, row in enumerate(rows, start=1):
        KeyTask.objects.update_or_create(
            order=order,
            defaults=dict(
                seq=int(row["seq"]),
                area=row["area"],
                task=row["task"],
                deadline_text=row["deadline_text"],
                deadline=dt.date.fromisoformat(row["deadline"]) if row["deadline"] else None,
                responsible_units=split_units(row["responsible_units"]),
            ),
        )
    KeyTask.objects.filter(order__gt=len(rows)).delete()
    assignments_load(city=city)
    return len(rows)


def unit_owners(city: CityRef | None = None) -> dict[str, list[tuple[str, str]]]:
    """责任单位 → [(kind, owner)]: ("department", 部门名) or ("district", 地区名), from responsible_units.tsv."""
    city = city or load_city()
    path = city.path("responsible_units.tsv")
    owners: dict[str, list[tuple[str, str]]] = {}
    if not path.exists():
        return owners
    for row in read_tsv(path):
        if row["kind"] == "department":
            owners[row["unit"]] = [("department", row["owner"])]
        else:
            owners[row["unit"]] = [("district", name) for name in split_units(row["owner"])]
    return owners


@transaction.atomic
def assignments_load(*, city: CityRef | None = None) -> int:
    """One TaskAssignment per task and responsible unit (per district for 各县级市<区>人民政府); idempotent.
    A unit missing from the mapping table is an error, so no task silently has nobody to report on it."""
    owners = unit_owners(city)
    if not owners:
        return 0
    districts = {d.name: d for d in District.objects.all()}
    count = 0
    for task in KeyTask.objects.all():
        for unit in task.responsible_units:
            if unit not in owners:
                raise ValueError(f"责任单位“{unit}”不在 responsible_units.tsv 中")
            for kind, owner in owners[unit]:
                key = {"department": owner, "district": None} if kind == "department" else {"department": "", "district": districts[owner]}
                TaskAssignment.objects.get_or_create(task=task, unit=unit, **key)
                count += 1
    return count


def task_cycle_update(*, task: KeyTask, cycle: str, actor) -> dict:
    if cycle not in Cycle.values:
        core.raise_problems([("cycle", "报告周期应为每月、每季度、每半年或每年")])
    return core.object_update(obj=task, data={"cycle": cycle}, actor=actor)


def key_task_schedule_update(*, task: KeyTask, deadline: dt.date | None, cycle: str, units: list[str], actor,
                             note: str = "") -> dict:
    """The city administrator changes a 附件2 task's deadline (None: 持续推进), its reporting cycle and its
    responsible units; the assignments follow in the same transaction: an added unit gets its assignment(s)
    (through the city's unit table), a removed unit's assignments go — refused while they hold progress reports,
    which are the record of what was done. Every change is audited."""
    if not is_approver(actor):
        raise PermissionDenied("只有市级管理员（市发改委）可以修改重点任务的完成时限、报告周期和责任单位")
    owners = unit_owners()
    units = list(dict.fromkeys(u.strip() for u in units if u and u.strip()))
    problems: core.Problems = []
    if cycle not in Cycle.values:
        problems.append(("cycle", "报告周期应为每月、每季度、每半年或每年"))
    if not units:
        problems.append(("units", "至少需要一个责任单位"))
    unknown = [u for u in units if u not in owners]
    if unknown:
        problems.append(("units", f"责任单位“{'、'.join(unknown)}”不在本市责任单位对照表中（cities/…/responsible_units.tsv）"))
    removed = [u for u in task.responsible_units if u not in units]
    for unit in removed:
        reports = ProgressReport.objects.filter(assignment__task=task, assignment__unit=unit).count()
        if reports:
            problems.append(("units", f"责任单位“{unit}”已有 {reports} 条进展报告，不能移除（进展记录须保留）"))
    core.raise_problems(problems)
    data = {"deadline": deadline, "cycle": cycle, "responsible_units": units}
    if deadline != task.deadline:
        data["deadline_text"] = f"{deadline.year} 年 {deadline.month} 月 {deadline.day} 日前" if deadline else "持续推进"
    added = [u for u in units if u not in task.responsible_units]
    changes = core.object_update(obj=task, data=data, actor=actor, note=note)
    for assignment in TaskAssignment.objects.filter(task=task, unit__in=removed):
        core.object_delete(obj=assignment, actor=actor, note=note)
    districts = {d.name: d for d in District.objects.all()}
    for unit in added:
        for kind, owner in owners[unit]:
            key = {"department": owner, "district": None} if kind == "department" else {"department": "", "district": districts[owner]}
            if not TaskAssignment.objects.filter(task=task, unit=unit, **key).exists():
                core.object_create(model=TaskAssignment, data={"task": task, "unit": unit, **key}, actor=actor, note=note)
    return changes


def report_problems(values: dict) -> core.Problems:
    problems = []
    if not values.get("reported_on"):
        problems.append(("reported_on", "必填"))
    elif values["reported_on"] > timezone.localdate():
        problems.append(("reported_on", "报告日期不能晚于今天"))
    if not (values.get("text") or "").strip():
        problems.append(("text", "必填"))
    if values.get("status") not in ReportStatus.values:
        problems.append(("status", "应为完成、推进中或受阻"))
    if values.get("status") == ReportStatus.BLOCKED and not (values.get("obstacle") or "").strip():
        problems.append(("obstacle", "状态为受阻时须说明困难和问题"))
    return problems


@transaction.atomic
def progress_report_create(*, assignment: TaskAssignment, reported_on: dt.date, text: str, status: str,
                           obstacle: str = "", attachment=None, actor) -> ProgressReport:
    """A responsible unit's report on its own assignment (the city administrator may file for anyone)."""
    if actor is not None and not permissions.can(actor, permissions.CHANGE, assignment):
        raise PermissionDenied("只有该任务的责任单位可以报告进展")
    values = {"reported_on": reported_on, "text": text, "status": status, "obstacle": obstacle}
    core.raise_problems(report_problems(values))
    report = ProgressReport(assignment=assignment, reported_on=reported_on, text=text.strip(), status=status,
                            obstacle=(obstacle or "").strip(), author_label=_label(actor), source="进展报告")
    if attachment is not None:
        report.attachment_name = attachment.name[:255]
        report.attachment.save(attachment.name, attachment, save=False)
    report.full_clean()
    report.save()
    core.written(actor=actor, action="create", obj=report, before={}, after=audit.field_values(report), note="报告任务进展")
    return report


# --------------------------------------------------------------------------------- 三年行动计划

PLAN_DOCUMENT_TYPES = (".pdf", ".docx")


def plan_publication(plan, as_of: dt.date) -> str:
    """The 2023年4月底前 publishing deadline, per district: 按时印发 / 逾期印发 / 逾期未印发 / 未到期."""
    from .models import PLAN_PUBLISH_DEADLINE

    deadline = dt.date.fromisoformat(PLAN_PUBLISH_DEADLINE)
    published = plan.published_on if plan is not None and plan.document else None
    if published is not None and published <= as_of:
        return "按时印发" if published <= deadline else "逾期印发"
    return "逾期未印发" if as_of > deadline else "未到期"


@transaction.atomic
def action_plan_upload(*, district: District, document, published_on: dt.date, title: str = "", actor):
    """Store the district's plan document (PDF or DOCX, checked by the caller's form like every upload) and its
    publishing date; a new upload is the next document version."""
    from .models import ActionPlan

    if published_on is None:
        core.raise_problems([("published_on", "必填")])
    if published_on > timezone.localdate():
        core.raise_problems([("published_on", "印发日期不能晚于今天")])
    plan = ActionPlan.objects.filter(district=district).first()
    if plan is None:
        if actor is not None and not permissions.can_create_in(actor, ActionPlan, district):
            raise PermissionDenied("无权限上传该地区的行动计划")
        plan = ActionPlan(district=district, source="地区上传")
        before = {}
    else:
        core._check(actor, permissions.CHANGE, plan)
        before = audit.field_values(plan)
    if title:
        plan.title = title
    plan.published_on = published_on
    plan.document_name = document.name[:255]
    plan.document_version += 1
    plan.document.save(document.name, document, save=False)
    plan.full_clean()
    plan.save()
    core.written(actor=actor, action="update" if before else "create", obj=plan, before=before,
                 after=audit.field_values(plan), note=f"上传行动计划文件（第{plan.document_version}版）")
    return plan


def _plan_child_check(plan, actor) -> None:
    if actor is not None and not permissions.can(actor, permissions.CHANGE, plan):
        raise PermissionDenied("只有本地区用户或市级管理员可以修改该行动计划")


@transaction.atomic
def plan_goal_set(*, plan, year: int, text: str, actor):
    from .models import PlanGoal

    _plan_child_check(plan, actor)
    if year not in (2023, 2024, 2025):
        core.raise_problems([("year", "三年行动计划的年度为 2023—2025")])
    if not (text or "").strip():
        core.raise_problems([("text", "必填")])
    goal = PlanGoal.objects.filter(plan=plan, year=year).first() or PlanGoal(plan=plan, year=year, text="")
    before = audit.field_values(goal) if goal.pk else {}
    goal.text = text.strip()
    goal.full_clean()
    if before and before.get("text") == goal.text:
        return goal  # unchanged: nothing written
    goal.save()
    core.written(actor=actor, action="update" if before else "create", obj=goal, before=before, after=audit.field_values(goal),
                 note="行动计划年度目标")
    return goal


@transaction.atomic
def plan_item_create(*, plan, focus: str, unit: str, deadline: dt.date | None, actor):
    from .models import PlanItem

    _plan_child_check(plan, actor)
    problems = [(k, "必填") for k, v in (("focus", focus), ("unit", unit)) if not (v or "").strip()]
    core.raise_problems(problems)
    order = plan.items.count() + 1
    item = PlanItem(plan=plan, focus=focus.strip(), unit=unit.strip(), deadline=deadline, order=order)
    item.full_clean()
    item.save()
    core.written(actor=actor, action="create", obj=item, before={}, after=audit.field_values(item), note="新增责任分工")
    # Reported on like a key task, by the district whose plan it is.
    TaskAssignment.objects.create(plan_item=item, unit=item.unit[:60], district=plan.district)
    return item
