"""The work programme's demo rows (`louyu demo-data`): 2024 and 2025 target versions for every district
(2023 stays 附件1; 相城区 adjusts 2024 mid-year; 吴江区's 2025 submission was returned and is pending again),
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


def _next_year(rng: random.Random, row: dict) -> dict:
    new = max(1, row["new_100m"] + rng.choice((0, 0, 1)))
    return {"office_buildings_10k": row["office_buildings_10k"] + rng.randint(1, 3), "new_100m": new,
            "cumulative_100m": row["cumulative_100m"] + new, "new_featured": max(1, row["new_featured"] + rng.choice((0, 1))),
            "renovated": row["renovated"] + rng.choice((0, 1)), "promotion_events": row["promotion_events"] + rng.choice((0, 1, 2))}


def _version(batch, district, year, values, *, number=None, status=TargetStatus.APPROVED, reason="", day=None, returned=""):
    return TargetVersion(year=year, district=district, number=number, status=status, reason=reason, return_reason=returned,
                         author_label=f"{district.name}发改局（演示）", decided_by_label="市发改委（演示）" if status != TargetStatus.SUBMITTED else "",
                         decided_at=_aware(day) if day and status != TargetStatus.SUBMITTED else None,
                         source=SOURCE, source_batch=batch, **values)


def _targets(rng: random.Random, batch) -> int:
    versions = []
    for target in AnnualTarget.objects.filter(year=2023).select_related("district").order_by("district__order"):
        district = target.district
        y2024 = _next_year(rng, {f: getattr(target, f) for f in FIELDS})
        y2025 = _next_year(rng, y2024)
        versions.append(_version(batch, district, 2024, y2024, number=1, reason="依据本地区三年行动计划（2023—2025）", day=dt.date(2024, 2, 28)))
        in_force = {2024: (1, y2024), 2025: (1, y2025)}
        if district.name == ADJUSTED:
            adjusted = {**y2024, "new_100m": y2024["new_100m"] + 1, "cumulative_100m": y2024["cumulative_100m"] + 1}
            versions.append(_version(batch, district, 2024, adjusted, number=2, day=dt.date(2024, 7, 15),
                                     reason="年中调整：新引进区域总部，新增亿元楼宇目标上调 1 幢"))
            in_force[2024] = (2, adjusted)
        if district.name == RETURNED:
            low = {**y2025, "new_100m": 0, "cumulative_100m": y2025["cumulative_100m"] - y2025["new_100m"]}
            versions.append(_version(batch, district, 2025, low, status=TargetStatus.RETURNED, day=dt.date(2025, 3, 5),
                                     returned="新增亿元楼宇目标不应为 0，请对照三年行动计划调整"))
            versions.append(_version(batch, district, 2025, y2025, status=TargetStatus.SUBMITTED, reason="按市发改委意见调整"))
            del in_force[2025]
        else:
            versions.append(_version(batch, district, 2025, y2025, number=1, reason="依据本地区三年行动计划（2023—2025）",
                                     day=dt.date(2025, 2, 28)))
        for year, (number, values) in in_force.items():
            AnnualTarget.objects.update_or_create(year=year, district=district, defaults={**values, "version": number})
    TargetVersion.objects.bulk_create(versions)
    return len(versions)


def _report(rng, batch, assignment, day, status=ReportStatus.ONGOING, text=None) -> ProgressReport:
    if status == ReportStatus.ONGOING and rng.random() < 0.08:
        status = ReportStatus.BLOCKED
    return ProgressReport(assignment=assignment, reported_on=day, status=status, text=text or rng.choice(TEXTS),
                          obstacle=rng.choice(OBSTACLES) if status == ReportStatus.BLOCKED else "",
                          author_label=f"{assignment.owner}（演示）", source=SOURCE, source_batch=batch)


def _day_in(rng, lo: dt.date, hi: dt.date) -> dt.date:
    return lo + dt.timedelta(days=rng.randint(0, (hi - lo).days))


def _reports(rng: random.Random, batch, end: dt.date) -> int:
    start = config()["START"]
    reports = []
    for a in TaskAssignment.objects.filter(task__isnull=False).select_related("task", "district").order_by("task__order", "unit", "department", "district__order"):
        task = a.task
        if task.deadline is not None:
            draw = rng.random()
            if draw < 0.70:
                reports.append(_report(rng, batch, a, _day_in(rng, dt.date(2023, 4, 5), task.deadline), ReportStatus.DONE, "已按时完成"))
            elif draw < 0.80:
                reports.append(_report(rng, batch, a, _day_in(rng, task.deadline + dt.timedelta(days=5), dt.date(2023, 6, 30)),
                                       ReportStatus.DONE, "已完成（逾期完成）"))
            elif draw < 0.88:
                reports.append(_report(rng, batch, a, _day_in(rng, dt.date(2023, 4, 10), task.deadline), ReportStatus.BLOCKED))
            continue  # the rest never reported: overdue
        cycles = complete_cycles(task.cycle, start, end + dt.timedelta(days=1))
        for i, (lo, hi) in enumerate(cycles):
            last = i == len(cycles) - 1
            if rng.random() < (0.80 if last else 0.90):
                reports.append(_report(rng, batch, a, _day_in(rng, lo, hi)))
    ProgressReport.objects.bulk_create(reports, batch_size=1000)
    return len(reports)


def programme_demo_load(*, seed: int, batch, end: dt.date | None = None) -> dict[str, int]:
    """Write the programme's demo rows (inside the demo's transaction); returns counts by Chinese name."""
    rng = random.Random(f"louyu-demo:{seed}:programme")
    end = end or last_complete_month_end()
    return {"年度目标版本": _targets(rng, batch), "进展报告": _reports(rng, batch, end)}


def programme_demo_delete() -> dict[str, int]:
    """Remove the demo's programme rows; the targets in force fall back to the latest remaining approved version."""
    reports = ProgressReport.objects.filter(source=SOURCE).delete()[0]
    versions = TargetVersion.objects.filter(source=SOURCE).delete()[0]
    for target in AnnualTarget.objects.all():
        latest = (TargetVersion.objects.filter(year=target.year, district_id=target.district_id, status=TargetStatus.APPROVED)
                  .order_by("-number").first())
        if latest is None:
            target.delete()
        elif latest.number != target.version:
            AnnualTarget.objects.filter(pk=target.pk).update(version=latest.number, **{f: getattr(latest, f) for f in FIELDS})
    return {"进展报告": reports, "年度目标版本": versions}


__all__ = ["programme_demo_delete", "programme_demo_load"]
