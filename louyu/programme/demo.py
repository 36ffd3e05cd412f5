"""The work programme's demo rows (`louyu demo-data`): approved target versions for every district for every year
from 2024 to the as-of year (2023 stays 附件1; in the as-of year 相城区 adjusts mid-year and 吴江区's first
submission was returned before its resubmission was approved),
a three-year plan for every district (a real DOCX; 常熟市's published late) with goals and items,
and progress reports on most 附件2 assignments up to the last complete month before the demo is generated —
some late, some missing (overdue / 本周期未报告), some 受阻. Reproducible from the seed and that end date."""
from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from .models import AnnualTarget, ProgressReport, ReportStatus, TargetStatus, TargetVersion, TaskAssignment
from .rules import complete_cycles, config

SOURCE = "演示数据"
FIELDS = ("office_buildings_10k", "new_100m", "cumulative_100m", "new_featured", "renovated", "promotion_events")
ADJUSTED, RETURNED = "相城区", "吴江区"
OBSTACLES = ("存量楼宇业主分散，改造意愿不一，协调难度大", "部门间数据接口尚未打通，楼宇税收数据更新滞后",
             "用地指标尚未落实，项目前期手续推进缓慢", "专项资金尚未到位，示范项目启动推迟")
TEXTS = ("已召开专题会议，明确分工和时间节点", "已完成阶段性工作，形成工作台账", "已梳理重点楼宇清单并逐一走访",
         "已出台配套措施，正在组织实施", "已完成数据报送，配合市级开展监测分析")


def last_complete_month_end(today: dt.date | None = None) -> dt.date:
    today = today or dt.date.today()
    return today.replace(day=1) - dt.timedelta(days=1)


def _aware(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, 10, 0))


def _next_year(rng: random.Random, row: dict, stock: int | None = None) -> dict:
    """Next year's list: a little more of everything; 累计 = the stock of 亿元楼宇 at the end of the year before
    (the actual count where the demo knows it, else last year's target) + 新增."""
    new = max(1, row["new_100m"] + rng.choice((-1, 0, 0, 1)))
    return {"office_buildings_10k": row["office_buildings_10k"] + rng.randint(1, 3), "new_100m": new,
            "cumulative_100m": (row["cumulative_100m"] if stock is None else stock) + new, "new_featured": max(1, row["new_featured"] + rng.choice((0, 1))),
            "renovated": row["renovated"] + rng.choice((0, 1)), "promotion_events": row["promotion_events"] + rng.choice((0, 1, 2))}


def _version(batch, district, year, values, *, number=None, status=TargetStatus.APPROVED, reason="", day=None, returned=""):
    return TargetVersion(year=year, district=district, number=number, status=status, reason=reason, return_reason=returned,
                         author_label=f"{district.name}发改局（演示）", decided_by_label="市发改委（演示）" if status != TargetStatus.SUBMITTED else "",
                         decided_at=_aware(day) if day and status != TargetStatus.SUBMITTED else None,
                         source=SOURCE, source_batch_id=batch.pk, **values)


def _targets(rng: random.Random, batch, end: dt.date, stock: dict | None = None) -> int:
    """Every district's approved lists from 2024 to `end`'s year (each approved in late February, once that day is
    known); in the last of those years 吴江区's first submission is returned and its resubmission approved, and
    相城区 adjusts mid-year (version 2, once 15 July is known)."""
    years = [y for y in range(2024, end.year + 1) if dt.date(y, 2, 28) <= end]
    current = years[-1] if years else None
    versions = []
    for target in AnnualTarget.objects.filter(year=2023).select_related("district").order_by("district__order"):
        district, row = target.district, {f: getattr(target, f) for f in FIELDS}
        for year in years:
            row = _next_year(rng, row, (stock or {}).get(district.name, {}).get(year - 1))
            approved = dt.date(year, 2, 28)
            if district.name == RETURNED and year == current:
                low = {**row, "new_100m": 0, "cumulative_100m": row["cumulative_100m"] - row["new_100m"]}
                versions.append(_version(batch, district, year, low, status=TargetStatus.RETURNED, day=dt.date(year, 2, 20),
                                         returned="新增亿元楼宇目标不应为 0，请对照三年行动计划调整"))
                approved = dt.date(year, 3, 5)
            versions.append(_version(batch, district, year, row, number=1, day=approved,
                                     reason="按市发改委意见调整" if approved.month == 3 else "依据本地区三年行动计划（2023—2025）"))
            in_force = (1, row)
            if district.name == ADJUSTED and year == current and dt.date(year, 7, 15) <= end:
                adjusted = {**row, "new_100m": row["new_100m"] + 1, "cumulative_100m": row["cumulative_100m"] + 1}
                versions.append(_version(batch, district, year, adjusted, number=2, day=dt.date(year, 7, 15),
                                         reason="年中调整：新引进区域总部，新增亿元楼宇目标上调 1 幢"))
                in_force = (2, adjusted)
            AnnualTarget.objects.update_or_create(year=year, district=district,
                                                  defaults={**in_force[1], "version": in_force[0]})
    TargetVersion.objects.bulk_create(versions)
    return len(versions)


def _report(rng, batch, assignment, day, status=ReportStatus.ONGOING, text=None) -> ProgressReport:
    if status == ReportStatus.ONGOING and rng.random() < 0.08:
        status = ReportStatus.BLOCKED
    return ProgressReport(assignment=assignment, reported_on=day, status=status, text=text or rng.choice(TEXTS),
                          obstacle=rng.choice(OBSTACLES) if status == ReportStatus.BLOCKED else "",
                          author_label=f"{assignment.owner}（演示）", source=SOURCE, source_batch_id=batch.pk)


def _day_in(rng, lo: dt.date, hi: dt.date) -> dt.date:
    return lo + dt.timedelta(days=rng.randint(0, (hi - lo).days))


def _reports_for(rng: random.Random, batch, a, item, start: dt.date, end: dt.date) -> list[ProgressReport]:
    """Dated items: mostly done on time, some late, some 受阻, the rest never reported (overdue); 持续推进 items:
    a report in most complete cycles up to `end`, the last one missed more often."""
    if item.deadline is not None:
        if item.deadline > end:
            return [_report(rng, batch, a, _day_in(rng, max(start, end - dt.timedelta(days=60)), end))] if rng.random() < 0.6 else []
        draw = rng.random()
        first = max(start, item.deadline - dt.timedelta(days=25))
        if draw < 0.70:
            return [_report(rng, batch, a, _day_in(rng, first, item.deadline), ReportStatus.DONE, "已按时完成")]
        if draw < 0.80:
            late = item.deadline + dt.timedelta(days=5)
            return [_report(rng, batch, a, _day_in(rng, late, max(late, min(end, late + dt.timedelta(days=55)))), ReportStatus.DONE,
                            "已完成（逾期完成）")]
        if draw < 0.88:
            return [_report(rng, batch, a, _day_in(rng, first, item.deadline), ReportStatus.BLOCKED)]
        return []
    cycles = complete_cycles(item.cycle, start, end + dt.timedelta(days=1))
    return [_report(rng, batch, a, _day_in(rng, lo, hi)) for i, (lo, hi) in enumerate(cycles)
            if rng.random() < (0.80 if i == len(cycles) - 1 else 0.90)]


def _reports(rng: random.Random, batch, end: dt.date) -> int:
    start = config()["START"]
    reports = []
    for a in TaskAssignment.objects.filter(task__isnull=False).select_related("task", "district").order_by(
            "task__order", "unit", "department", "district__order"):
        reports += _reports_for(rng, batch, a, a.task, start, end)
    ProgressReport.objects.bulk_create(reports, batch_size=1000)
    return len(reports)


PLAN_ITEMS = (("梳理重点楼宇名录，建立一楼一档", "区发改委", dt.date(2023, 9, 30)),
              ("推进存量老旧楼宇改造提升，打造示范项目", "区住建局", dt.date(2024, 12, 31)),
              ("围绕特色产业开展楼宇招商，培育特色产业楼宇", "区商务局", None),
              ("推动政务服务进楼宇，设立楼宇服务站点", "区行政审批局", dt.date(2024, 6, 30)))
LATE_PLAN = "常熟市"  # published after 2023年4月底前


def _plan_document(district, goals: dict, items) -> bytes:
    import io

    import docx

    document = docx.Document()
    document.add_heading(f"{district.name}楼宇经济三年行动计划（2023—2025）", 1)
    document.add_paragraph("（演示数据）根据苏府办〔2023〕48号，结合本地区实际，制定本行动计划。")
    document.add_heading("一、年度目标任务", 2)
    for year, text in goals.items():
        document.add_paragraph(f"{year} 年：{text}")
    document.add_heading("二、工作重点和责任分工", 2)
    for focus, unit, deadline in items:
        document.add_paragraph(f"{focus}（责任单位：{unit}；完成时限：{deadline or '持续推进'}）")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _goal_text(t) -> str:
    return (f"新增亿元楼宇 {t.new_100m} 幢、累计 {t.cumulative_100m} 幢；新增特色产业楼宇 {t.new_featured} 幢；"
            f"改造存量楼宇 {t.renovated} 幢；举办楼宇推介活动 {t.promotion_events} 场")


def _plans(rng: random.Random, batch, end: dt.date) -> int:
    from django.core.files.base import ContentFile

    from .models import ActionPlan, PlanGoal, PlanItem

    start, reports, count = config()["START"], [], 0
    targets = {(t.year, t.district_id): t for t in AnnualTarget.objects.all()}
    for district in AnnualTarget.objects.filter(year=2023).select_related("district").order_by("district__order"):
        district = district.district
        published = dt.date(2023, 6, 12) if district.name == LATE_PLAN else dt.date(2023, 4, rng.randint(10, 28))
        goals = {y: _goal_text(targets[(y, district.pk)]) for y in (2023, 2024, 2025) if (y, district.pk) in targets}
        plan = ActionPlan(district=district, published_on=published, document_name=f"{district.name}楼宇经济三年行动计划.docx",
                          document_version=1, source=SOURCE, source_batch_id=batch.pk)
        plan.document.save(plan.document_name, ContentFile(_plan_document(district, goals, PLAN_ITEMS)), save=False)
        plan.save()
        PlanGoal.objects.bulk_create([PlanGoal(plan=plan, year=y, text=text) for y, text in goals.items()])
        for order, (focus, unit, deadline) in enumerate(PLAN_ITEMS, start=1):
            item = PlanItem.objects.create(plan=plan, focus=focus, unit=unit, deadline=deadline, order=order)
            a = TaskAssignment.objects.create(plan_item=item, unit=unit, district=district)
            reports += _reports_for(rng, batch, a, item, max(start, published), end)
        count += 1
    ProgressReport.objects.bulk_create(reports, batch_size=1000)
    return count


def programme_demo_load(*, seed: int, batch, end: dt.date | None = None, stock: dict | None = None) -> dict[str, int]:
    """Write the programme's demo rows (inside the demo's transaction); returns counts by Chinese name. `stock`:
    {district name: {year: 亿元楼宇 at that year's end}} of the generated city, which later targets build on."""
    rng = random.Random(f"louyu-demo:{seed}:programme")
    end = end or last_complete_month_end()
    versions = _targets(rng, batch, end, stock)
    return {"年度目标版本": versions, "三年行动计划": _plans(rng, batch, end), "进展报告": _reports(rng, batch, end)}


def programme_demo_delete() -> dict[str, int]:
    """Remove the demo's programme rows; the targets in force fall back to the latest remaining approved version."""
    from .models import ActionPlan

    reports = ProgressReport.objects.filter(source=SOURCE).delete()[0]
    plans = ActionPlan.objects.filter(source=SOURCE)
    for plan in plans:
        plan.document.delete(save=False)
    plans = plans.delete()[0]
    versions = TargetVersion.objects.filter(source=SOURCE).delete()[0]
    for target in AnnualTarget.objects.all():
        latest = (TargetVersion.objects.filter(year=target.year, district_id=target.district_id, status=TargetStatus.APPROVED)
                  .order_by("-number").first())
        if latest is None:
            target.delete()
        elif latest.number != target.version:
            AnnualTarget.objects.filter(pk=target.pk).update(version=latest.number, **{f: getattr(latest, f) for f in FIELDS})
    return {"进展报告": reports, "三年行动计划（含目标、分工）": plans, "年度目标版本": versions}


__all__ = ["programme_demo_delete", "programme_demo_load"]
